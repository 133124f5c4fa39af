// Terminal output: one line per finding, `file:line:col  severity  message  rule`, grouped by file, then a summary.
import type { Severity } from '../core/model';
import { counts, type CheckReport } from './report';

export interface Style {
  readonly color: boolean;
}

const SGR = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, underline: 4 } as const;

function paint(style: Style, code: keyof typeof SGR, s: string): string {
  return style.color ? `\u001b[${SGR[code]}m${s}\u001b[0m` : s;
}

const SEVERITY_COLOR: Record<Severity, keyof typeof SGR> = { error: 'red', warning: 'yellow', info: 'blue' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(report: CheckReport, style: Style): string {
  const out: string[] = [];
  let current = '';
  for (const f of report.findings) {
    if (f.file !== current) {
      if (current) out.push('');
      out.push(paint(style, 'underline', f.file));
      current = f.file;
    }
    const where = `${f.file}:${f.line}:${f.column}`;
    const fixable = f.finding.fixes.some((x) => x.preferred) ? ' (fixable)' : f.finding.fixes.length ? ' (suggestions)' : '';
    out.push(`  ${where}  ${paint(style, SEVERITY_COLOR[f.severity], f.severity.padEnd(7))}  ${f.message}${paint(style, 'dim', fixable)}  ${paint(style, 'dim', f.ruleId)}`);
  }
  for (const p of report.problems) out.push(`${paint(style, 'yellow', 'skipped')} ${p.file}: ${p.message}`);
  const c = counts(report.findings);
  const total = report.findings.length;
  if (out.length) out.push('');
  const files = `${plural(report.filesChecked, 'file')} checked, ${report.filesRecognised} recognised`;
  if (report.fixed) out.push(paint(style, 'bold', `Fixed ${plural(report.fixed.problems, 'problem')} in ${plural(report.fixed.files, 'file')}.`));
  if (total === 0) out.push(paint(style, 'bold', `No problems found (${files}).`));
  else {
    const line = `${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) in ${files}.`;
    out.push(paint(style, c.error ? 'red' : c.warning ? 'yellow' : 'blue', paint(style, 'bold', line)));
    const fixable = report.findings.filter((f) => f.finding.fixes.some((x) => x.preferred)).length;
    if (fixable) out.push(paint(style, 'dim', `${plural(fixable, 'problem')} can be fixed automatically with \`keyless check --fix\`.`));
    out.push(paint(style, 'dim', 'Run `keyless explain <rule>` for what a rule catches and how to fix it.'));
  }
  return out.join('\n') + '\n';
}
