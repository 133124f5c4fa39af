// check(text, path) -> findings. Recognise the document (by content), build each domain's model once, run the
// rules of the recognised domains, apply severity settings, sort.
import { type Built, type DomainModels, type DomainName, builders } from './domains';
import type { CheckResult, DocumentKind, Finding, Fix, Severity } from './model';
import { type Rule, interpolate } from './rule';
import { allRules } from './rules';
import { SourceContext } from './source';
import { compareStrings } from './text';

export type RuleSetting = Severity | 'off';

export interface CheckOptions {
  /** Per-rule severity overrides; `off` disables the rule. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Run only these rules (tests, the designer). */
  readonly only?: readonly string[];
  /**
   * Report parse errors even when the document was not recognised as any known kind (the user named this file
   * explicitly). Otherwise an unrecognised document is skipped quietly.
   */
  readonly explicit?: boolean;
  /** The rule set to run; defaults to every rule. */
  readonly ruleSet?: readonly Rule[];
}

const rulesByDomain = new WeakMap<readonly Rule[], Map<DomainName, Rule[]>>();

function indexRules(set: readonly Rule[]): Map<DomainName, Rule[]> {
  let m = rulesByDomain.get(set);
  if (!m) {
    m = new Map();
    for (const r of set) {
      const list = m.get(r.meta.domain) ?? [];
      list.push(r);
      m.set(r.meta.domain, list);
    }
    rulesByDomain.set(set, m);
  }
  return m;
}

export function check(text: string, path: string, options: CheckOptions = {}): CheckResult {
  const src = new SourceContext(text, path);
  const models = new Map<DomainName, unknown>();
  const kinds: DocumentKind[] = [];
  for (const [name, build] of Object.entries(builders) as [Exclude<DomainName, 'core'>, (s: SourceContext) => Built<unknown> | undefined][]) {
    const built = build(src);
    if (built) {
      models.set(name, built.model);
      for (const k of built.kinds) if (!kinds.includes(k)) kinds.push(k);
    }
  }
  if (kinds.length === 0 && !options.explicit) return { kinds, findings: [] };
  const problems = [...src.problems, ...(!src.textFormat && (src.hasStructured || options.explicit) ? src.structured().problems : [])];
  const core: DomainModels['core'] = { problems };
  models.set('core', core);

  const findings: Finding[] = [];
  const only = options.only ? new Set(options.only) : undefined;
  for (const [domain, rules] of indexRules(options.ruleSet ?? allRules)) {
    const model = models.get(domain);
    if (model === undefined) continue;
    for (const rule of rules) {
      if (only && !only.has(rule.meta.id)) continue;
      const setting = options.rules?.[rule.meta.id];
      if (setting === 'off') continue;
      runRule(rule, model, text, path, setting, findings);
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || compareStrings(a.ruleId, b.ruleId));
  return { kinds, findings };
}

function runRule(rule: Rule, model: unknown, text: string, path: string, setting: Severity | undefined, out: Finding[]): void {
  const meta = rule.meta;
  const seen = new Set<string>();
  const ctx = {
    model: model as never,
    text,
    path,
    report(r: Parameters<Rule['check']>[0]['report'] extends (x: infer R) => void ? R : never) {
      const key = `${r.span.start}:${r.span.end}:${r.messageId}`;
      if (seen.has(key)) return; // the same problem reached twice (e.g. through an alias) is reported once
      seen.add(key);
      const template = meta.messages[r.messageId];
      if (template === undefined) throw new Error(`${meta.id}: unknown messageId ${r.messageId}`);
      const fixes: Fix[] = [];
      if (r.fix) fixes.push({ ...r.fix, preferred: true });
      for (const s of r.suggest ?? []) fixes.push({ ...s });
      out.push({
        ruleId: meta.id,
        messageId: r.messageId,
        message: interpolate(template, r.data),
        severity: setting ?? r.severity ?? meta.defaultSeverity,
        span: clampSpan(r.span, text.length),
        fixes,
        ...(r.related && r.related.length ? { related: r.related } : {}),
      });
    },
  };
  rule.check(ctx);
}

function clampSpan(s: { start: number; end: number }, len: number) {
  const start = Math.max(0, Math.min(s.start, len));
  return { start, end: Math.max(start, Math.min(s.end, len)) };
}
