// scanText: keyword prefilter -> pattern -> structure checks -> placeholder allowlist -> overlaps -> inline
// suppression. Linear in the text: one Aho-Corasick pass finds the keywords; an anchored detector (the match starts
// at a known distance from its keyword: all built-in ones) tries its pattern once at each hit, and any other
// detector runs its pattern over the lines holding its keywords (merged, so no character is matched twice).
//
// Bounds. Lines without a keyword are never matched, whatever their length. For detectors without an anchor, a line
// of at most LONG_LINE (16,384) characters is matched whole; on a longer line (minified bundles, data URIs) the
// pattern runs on windows of REACH (8,192) characters either side of each keyword hit, so a secret longer than
// REACH on such a line is not found. Never throws: a detector hook that throws counts as "not a secret".
import type { Span } from '../model';
import { spansOverlap } from '../text';
import { looksPlaceholder } from './checks';
import { DETECTORS } from './detectors';
import { fingerprint, mask } from './mask';
import { buildAutomaton, forEachKeyword, type Automaton } from './prefilter';
import { inlineSuppression, LineCursor, suppressedNear } from './suppress';
import { SECRET_SEVERITIES, secretSeverityRank, type ScanOptions, type SecretContext, type SecretDetector, type SecretFinding, type SecretSeverity } from './types';

export const LONG_LINE = 16384;
export const REACH = 8192;
/** The salt of fingerprints when the caller gives none (a baseline brings its own). */
export const DEFAULT_SALT = 'keyless';

interface Plan {
  readonly detectors: readonly SecretDetector[];
  /** Index of each active detector in the caller's list (ties between overlapping findings go to the earlier). */
  readonly order: readonly number[];
  readonly regexes: readonly RegExp[];
  /** The same patterns, sticky, for anchored detectors (tried at one position). */
  readonly sticky: readonly (RegExp | undefined)[];
  readonly automaton: Automaton;
  /** Keyword id -> indices of the active detectors that own it. */
  readonly owners: readonly (readonly number[])[];
}

interface Candidate {
  readonly det: SecretDetector;
  readonly order: number;
  readonly secret: string;
  readonly span: Span;
  readonly related: readonly Span[];
  readonly severity: SecretSeverity;
}

const isBreak = (c: number): boolean => c === 10 || c === 13;

function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

// ---- plans: the active detectors for a path, their compiled patterns and the keyword automaton (cached) ----

const compiled = new WeakMap<SecretDetector, RegExp | null>();

/** The pattern with `g` and `d` (match indices) added; `null` when it has no capture group or does not compile. */
function regexOf(d: SecretDetector): RegExp | null {
  let re = compiled.get(d);
  if (re === undefined) {
    re = attempt(() => {
      const flags = d.pattern.flags.replace(/[^imsu]/g, '');
      const groups = new RegExp(`${d.pattern.source}|`, flags).exec('')!.length - 1;
      return groups >= 1 ? new RegExp(d.pattern.source, `${flags}gd`) : null;
    }, null);
    compiled.set(d, re);
  }
  return re;
}

const keywordsOf = (d: SecretDetector): string[] => d.keywords.map((k) => k.toLowerCase()).filter((k) => /^[\x20-\x7e]+$/.test(k));

interface Plans {
  /** Indices of the detectors that can run at all (a pattern that compiles with a group, a usable keyword). */
  readonly usable: readonly number[];
  /** Those of them limited to some paths. */
  readonly limited: readonly number[];
  /** Plans by the limited detectors that apply to a path (most paths: none, key ''). */
  readonly byKey: Map<string, Plan>;
}

const plans = new WeakMap<readonly SecretDetector[], Plans>();

function planFor(all: readonly SecretDetector[], path: string): Plan {
  // what does not depend on the path is worked out once per detector list (a workspace scan asks for every file)
  let cached = plans.get(all);
  if (!cached) {
    const usable: number[] = [];
    all.forEach((d, i) => {
      if (regexOf(d) && keywordsOf(d).length > 0) usable.push(i);
    });
    plans.set(all, (cached = { usable, limited: usable.filter((i) => all[i]!.paths), byKey: new Map() }));
  }
  let key = '';
  for (const i of cached.limited) if (path.search(all[i]!.paths!) >= 0) key += `${i},`;
  let plan = cached.byKey.get(key);
  if (!plan) {
    const applies = new Set(key.split(',').filter(Boolean).map(Number));
    const active = cached.usable.filter((i) => !all[i]!.paths || applies.has(i));
    const detectors = active.map((i) => all[i]!);
    const ids = new Map<string, number>();
    const owners: number[][] = [];
    detectors.forEach((d, di) => {
      for (const k of keywordsOf(d)) {
        let id = ids.get(k);
        if (id === undefined) {
          ids.set(k, (id = owners.length));
          owners.push([]);
        }
        if (!owners[id]!.includes(di)) owners[id]!.push(di);
      }
    });
    const regexes = detectors.map((d) => regexOf(d)!);
    const sticky = detectors.map((d, i) => (d.anchor !== undefined && d.anchor >= 0 ? new RegExp(regexes[i]!.source, regexes[i]!.flags.replace('g', 'y')) : undefined));
    plan = { detectors, order: active, regexes, sticky, automaton: buildAutomaton([...ids.keys()]), owners };
    cached.byKey.set(key, plan);
  }
  return plan;
}

// ---- the scan ----

export function scanText(text: string, path: string, opts: ScanOptions = {}): SecretFinding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const rawPath = String(path ?? '');
  const filePath = rawPath.includes('\\') ? rawPath.replace(/\\/g, '/') : rawPath;
  const plan = planFor(opts.detectors ?? DETECTORS, filePath);
  if (plan.detectors.length === 0) return [];
  const now = opts.now ?? Date.now();
  const n = text.length;
  const count = plan.detectors.length;
  // per-detector state in plain arrays: a typed array this small still costs an off-heap allocation (a workspace scan
  // makes five per file)
  const pendStart = new Array<number>(count).fill(-1);
  const pendEnd = new Array<number>(count).fill(-1);
  const candidates: Candidate[] = [];

  const consider = (d: number, secret: string, span: Span, match: Span): void => {
    const det = plan.detectors[d]!;
    if (looksPlaceholder(secret)) return;
    let ctx: SecretContext = { text, path: filePath, span, match, now, related: [] };
    if (det.verify && !attempt(() => det.verify!(secret, ctx), false)) return;
    const rel = det.pair ? attempt(() => det.pair!(secret, ctx), undefined) : undefined;
    if (rel && rel.start >= 0 && rel.end <= n && rel.start < rel.end && !spansOverlap(rel, span)) ctx = { ...ctx, related: [{ start: rel.start, end: rel.end }] };
    const rated = det.rate ? attempt(() => det.rate!(secret, ctx), det.severity) : det.severity;
    const severity = SECRET_SEVERITIES.includes(rated) ? rated : det.severity;
    candidates.push({ det, order: plan.order[d]!, secret, span, related: ctx.related, severity });
  };

  // an anchored detector: one sticky attempt where its match must start. Two keywords of one match (`aws_secret`
  // and `secret_access_key` in `aws_secret_access_key`) find the same secret: keep it once.
  // As with a global regex, a detector's matches do not overlap: a hit inside its previous match is skipped (this
  // also bounds the work to the text's length when keywords repeat back to back).
  const lastAt = new Array<number>(count).fill(-1);
  const matchEnd = new Array<number>(count).fill(-1);
  const lastSecret = new Array<number>(count).fill(-1);
  const tryAt = (d: number, at: number): void => {
    if (at < 0 || at === lastAt[d] || at < matchEnd[d]!) return;
    lastAt[d] = at;
    const re = plan.sticky[d]!;
    re.lastIndex = at;
    let m: RegExpExecArray | null;
    try {
      m = re.exec(text); // as `attempt` does, without a closure per keyword hit (a workspace has hundreds of thousands)
    } catch {
      m = null;
    }
    const g = m?.indices?.[1];
    const secret = m?.[1];
    if (!m) return;
    matchEnd[d] = at + m[0].length;
    if (!g || secret === undefined || secret.length === 0 || g[0] === lastSecret[d]) return;
    lastSecret[d] = g[0];
    consider(d, secret, { start: g[0], end: g[1] }, { start: at, end: at + m[0].length });
  };

  const flush = (d: number): void => {
    const a = pendStart[d]!;
    const b = pendEnd[d]!;
    pendEnd[d] = -1;
    const re = plan.regexes[d]!;
    const slice = text.slice(a, b);
    // a window cut in the middle of a line cannot vouch for the boundaries at its edges
    const openStart = a > 0 && !isBreak(text.charCodeAt(a - 1));
    const openEnd = b < n && !isBreak(text.charCodeAt(b));
    re.lastIndex = 0;
    attempt(() => {
      for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
        const ms = m.index;
        const me = ms + m[0].length;
        if (me === ms) {
          re.lastIndex = ms + 1;
          continue;
        }
        if ((openStart && ms === 0) || (openEnd && me === slice.length)) continue;
        const g = m.indices?.[1];
        const secret = m[1];
        if (!g || secret === undefined || secret.length === 0) continue;
        consider(d, secret, { start: a + g[0], end: a + g[1] }, { start: a + ms, end: a + me });
      }
    }, undefined);
  };

  // the line of a keyword hit (only unanchored detectors need it); hits come in order, so the cursor is amortised
  const lines = new LineCursor(text);
  const { lengths } = plan.automaton;
  forEachKeyword(plan.automaton, text, (k, start) => {
    const last = start + lengths[k]! - 1;
    let line: Span | undefined;
    for (const d of plan.owners[k]!) {
      if (plan.sticky[d]) {
        tryAt(d, start - plan.detectors[d]!.anchor!);
        continue;
      }
      line ??= lines.at(last);
      const { start: lineStart, end: lineEnd } = line;
      const long = lineEnd - lineStart > LONG_LINE;
      const a = long ? Math.max(lineStart, start - REACH) : lineStart;
      const b = long ? Math.min(lineEnd, last + 1 + REACH) : lineEnd;
      if (pendEnd[d]! >= 0 && a <= pendEnd[d]!) {
        if (a < pendStart[d]!) pendStart[d] = a;
        if (b > pendEnd[d]!) pendEnd[d] = b;
      } else {
        if (pendEnd[d]! >= 0) flush(d);
        pendStart[d] = a;
        pendEnd[d] = b;
      }
    }
  });
  for (let d = 0; d < count; d++) if (pendEnd[d]! >= 0) flush(d);

  if (candidates.length === 0) return [];
  const salt = opts.salt ?? DEFAULT_SALT;
  const kept = resolveOverlaps(candidates);
  const suppressedAt = inlineSuppression(text);
  return kept.map((c) => {
    const relatedText = c.related.map((r) => text.slice(r.start, r.end));
    const suppressed = suppressedAt(c.span) || c.related.some((r) => suppressedNear(text, r));
    return {
      detectorId: c.det.id,
      provider: c.det.provider,
      type: c.det.type,
      severity: c.severity,
      span: c.span,
      ...(c.related.length > 0 ? { related: c.related } : {}),
      masked: mask(c.secret),
      fingerprint: fingerprint([c.secret, ...relatedText].join('\n'), salt),
      ...(suppressed ? { suppressed: 'inline' as const } : {}),
    };
  });
}

// ---- overlaps: two detectors on the same text (a PEM block inside a service-account key, a secret already paired) ----

function priority(a: Candidate, b: Candidate): number {
  return secretSeverityRank(b.severity) - secretSeverityRank(a.severity) || b.related.length - a.related.length || a.order - b.order || a.span.start - b.span.start;
}

/**
 * Keep the more severe (then paired, then earlier-listed) of overlapping findings, in one sweep by position. A
 * finding on the related span of a pair (the AWS secret next to its key id) goes first: the pair reports it.
 */
function resolveOverlaps(cands: readonly Candidate[]): Candidate[] {
  const claims = cands.flatMap((c) => c.related.map((s) => ({ s, c }))).sort((x, y) => x.s.start - y.s.start);
  const claimed = (c: Candidate): boolean => {
    let lo = 0;
    let hi = claims.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (claims[mid]!.s.start < c.span.end) lo = mid + 1;
      else hi = mid;
    }
    // related spans are short and few: look back over the ones that start within 4 KiB
    for (let i = lo - 1; i >= 0 && claims[i]!.s.start > c.span.start - 4096; i--) {
      const { s, c: owner } = claims[i]!;
      if (owner !== c && spansOverlap(s, c.span) && priority(owner, c) < 0) return true;
    }
    return false;
  };
  const sorted = cands.filter((c) => claims.length === 0 || !claimed(c)).sort((x, y) => x.span.start - y.span.start || priority(x, y));
  const kept: Candidate[] = [];
  for (const c of sorted) {
    const last = kept[kept.length - 1];
    if (last && c.span.start < last.span.end) {
      if (priority(c, last) < 0) kept[kept.length - 1] = c;
    } else kept.push(c);
  }
  return kept;
}
