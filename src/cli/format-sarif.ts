// SARIF 2.1.0, as GitHub code scanning ingests it: every rule with its description and help (the rule's doc page
// as Markdown), results with regions, preferred fixes as SARIF fixes.
import * as path from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../core/model';
import type { Rule } from '../core/rule';
import { readRuleDoc, whatItCatches } from './docs';
import type { CheckReport } from './report';

const levelOf = (s: Severity): 'error' | 'warning' | 'note' => (s === 'info' ? 'note' : s);
// GitHub sorts security alerts by this CVSS-like score: error = high, warning = medium, info = low.
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

export function formatSarif(report: CheckReport, rules: readonly Rule[], version: string, cwd = process.cwd()): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const artifact = (file: string) => ({ uri: path.isAbsolute(file) ? pathToFileURL(file).href : encodeURI(file), ...(path.isAbsolute(file) ? {} : { uriBaseId: '%SRCROOT%' }) });
  const sarif: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Keyless',
            semanticVersion: version,
            rules: rules.map((r): ReportingDescriptor => {
              const doc = readRuleDoc(r.meta.id);
              return {
                id: r.meta.id,
                name: r.meta.id.split('/')[1]!.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
                shortDescription: { text: r.meta.description },
                fullDescription: { text: whatItCatches(doc) ?? r.meta.description },
                ...(doc ? { help: { text: doc, markdown: doc } } : {}),
                defaultConfiguration: { level: levelOf(r.meta.defaultSeverity) },
                properties: {
                  tags: ['security', r.meta.domain, r.meta.type],
                  precision: 'high',
                  'problem.severity': r.meta.defaultSeverity === 'info' ? 'recommendation' : r.meta.defaultSeverity,
                  'security-severity': SECURITY_SEVERITY[r.meta.defaultSeverity],
                },
              };
            }),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.problems.map((p) => ({
              level: 'warning',
              message: { text: `${p.file}: ${p.message}` },
              locations: [{ physicalLocation: { artifactLocation: artifact(p.file) } }],
            })),
          },
        ],
        results: report.findings.map((f): Result => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: levelOf(f.severity),
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(f.file),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          ...(f.fix
            ? {
                fixes: [
                  {
                    description: { text: f.fix.title },
                    artifactChanges: [
                      {
                        artifactLocation: artifact(f.file),
                        replacements: f.fix.replacements.map((r) => ({ deletedRegion: r.region, insertedContent: { text: r.text } })),
                      },
                    ],
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
