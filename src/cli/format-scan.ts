// Output of `keyless scan`. Every format shows keys masked (a public prefix and a few last characters): no output
// ever holds a whole key. 1-based lines and columns, end column exclusive.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { DETECTORS } from '../core/secrets/detectors';
import type { SecretSeverity } from '../core/secrets/types';
import { readPackageDoc } from './docs';
import { migrationGuide, type ScanFormatters, type ScanResult } from './scan';

const SGR: Record<SecretSeverity | 'dim' | 'bold' | 'underline', number> = { critical: 31, high: 31, medium: 33, low: 34, dim: 2, bold: 1, underline: 4 };
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function text(r: ScanResult, color: boolean): string {
  const paint = (c: keyof typeof SGR, s: string) => (color ? `\u001b[${SGR[c]}m${s}\u001b[0m` : s);
  const out: string[] = [];
  let current = '';
  for (const k of r.keys) {
    if (k.file !== current) {
      if (current) out.push('');
      out.push(paint('underline', k.file));
      current = k.file;
    }
    out.push(`  ${k.file}:${k.line}:${k.column}  ${paint(k.severity, k.severity.padEnd(8))}  ${k.provider} ${k.type}  ${k.masked}  ${paint('dim', k.detectorId)}`);
    out.push(paint('dim', `      way out: ${k.migrate}`));
  }
  for (const e of r.stale) out.push(`${paint('medium', 'stale baseline entry')} ${e.detectorId} in ${e.file}: no longer found (remove it: keyless baseline remove ${e.fingerprint})`);
  for (const s of r.skipped) out.push(`${paint('medium', 'skipped')} ${s.file}: ${s.message}`);
  if (out.length) out.push('');
  const extra = [r.baselined ? `${r.baselined} in the baseline` : '', r.suppressed ? `${r.suppressed} marked as reviewed` : ''].filter(Boolean).join(', ');
  const files = `${plural(r.filesScanned, 'file')} scanned`;
  if (r.keys.length === 0) out.push(paint('bold', `No long-lived keys found (${files}${extra ? `; ${extra}` : ''}).`));
  else out.push(paint('bold', `${plural(r.keys.length, 'long-lived key')} found in ${files}${extra ? ` (${extra} not shown)` : ''}.`));
  return out.join('\n') + '\n';
}

function json(r: ScanResult): string {
  return JSON.stringify({
    tool: { name: 'keyless' },
    keys: r.keys,
    summary: { filesScanned: r.filesScanned, keys: r.keys.length, baselined: r.baselined, suppressed: r.suppressed },
    staleBaseline: r.stale.map((e) => ({ fingerprint: e.fingerprint, detectorId: e.detectorId, file: e.file })),
    skipped: r.skipped,
  }, null, 2) + '\n';
}

const LEVEL: Record<SecretSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SECURITY: Record<SecretSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

function sarif(r: ScanResult, cwd = process.cwd()): string {
  const index = new Map(DETECTORS.map((d, i) => [d.id, i]));
  const artifact = (file: string) => (path.isAbsolute(file) ? { uri: pathToFileURL(file).href } : { uri: encodeURI(file), uriBaseId: '%SRCROOT%' });
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Keyless',
          rules: DETECTORS.map((d): ReportingDescriptor => {
            const guide = readPackageDoc(migrationGuide(d.provider));
            return {
              id: d.id,
              shortDescription: { text: `${d.provider} ${d.type} in a file` },
              fullDescription: { text: `A long-lived ${d.provider} ${d.type} is stored in the repository. Replace it with workload identity federation where the provider supports it, then revoke it.` },
              ...(guide ? { help: { text: guide, markdown: guide } } : {}),
              defaultConfiguration: { level: LEVEL[d.severity] },
              properties: { tags: ['security', 'secret', d.provider], 'security-severity': SECURITY[d.severity], precision: 'high' },
            };
          }),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
      // files that could not be scanned (unreadable, gone, too large…): the run still succeeded, each is a notification
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: r.skipped.map((s) => ({
          level: 'warning',
          message: { text: `${s.file}: ${s.message}` },
          locations: [{ physicalLocation: { artifactLocation: artifact(s.file) } }],
        })),
      }],
      results: r.keys.map((k): Result => ({
        ruleId: k.detectorId,
        ...(index.has(k.detectorId) ? { ruleIndex: index.get(k.detectorId) } : {}),
        level: LEVEL[k.severity],
        message: { text: `${k.provider} ${k.type} ${k.masked} (${k.severity}). Way out: ${k.migrate}` },
        locations: [{ physicalLocation: { artifactLocation: artifact(k.file), region: { startLine: k.line, startColumn: k.column, endLine: k.endLine, endColumn: k.endColumn } } }],
        // the salted fingerprint (never the key) lets code scanning follow the same key across commits
        partialFingerprints: { 'keylessFingerprint/v1': k.fingerprint },
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

export const scanFormatters: ScanFormatters = { text, json, sarif };
