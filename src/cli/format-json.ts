// Machine-readable output. Stable field names; 1-based lines/columns; endColumn exclusive.
import { ruleDocPath } from '../core/rule';
import { counts, type CheckReport } from './report';

export function formatJson(report: CheckReport, version: string): string {
  const c = counts(report.findings);
  return JSON.stringify(
    {
      tool: { name: 'keyless', version },
      findings: report.findings.map((f) => ({
        file: f.file,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        docs: ruleDocPath(f.ruleId),
        fixable: f.finding.fixes.some((x) => x.preferred),
        suggestions: f.finding.fixes.filter((x) => !x.preferred).map((x) => x.title),
      })),
      summary: {
        filesChecked: report.filesChecked,
        filesRecognised: report.filesRecognised,
        errors: c.error,
        warnings: c.warning,
        infos: c.info,
      },
      skipped: report.problems,
      ...(report.fixed ? { fixed: report.fixed } : {}),
    },
    null,
    2,
  ) + '\n';
}
