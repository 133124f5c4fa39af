// Every regular expression in the product, checked for super-linear backtracking (ReDoS) with recheck. The literals
// and `new RegExp("…")` calls are found by parsing src/ with the TypeScript compiler; patterns built at run time are
// checked as the objects the program builds (the secret detectors) or on every input they can be built from. A new
// dynamic `RegExp(…)` fails the test until this file says how to check it.
//
// recheck's verdicts: `vulnerable` from its automaton checker is a proof (an ambiguity backtracking pays for) and fails
// the test; `vulnerable` from its fuzzer is measured again in V8 (the attack string pumped at 1x and 4x) and fails only
// when V8's cost grows super-linearly too (the fuzzer's own VM counts lookbehinds and bounded repeats pessimistically);
// `unknown` is retried with more time and then fails. Verdicts are cached in the temporary directory, keyed by the
// pattern, its flags, recheck's version and its settings.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import type * as Recheck from 'recheck';
import type * as TS from 'typescript';
import { DETECTORS } from '../../../src/core/secrets/detectors';
import { ROOT } from './hostile';

// loaded from the repository at run time, not bundled: recheck finds its native checker next to itself
const load = createRequire(join(ROOT, 'package.json'));
const ts = load('typescript') as typeof TS;
const recheck = load('recheck') as typeof Recheck;
const RECHECK_VERSION = (load('recheck/package.json') as { version: string }).version;

interface Site {
  readonly file: string;
  readonly line: number;
}
interface Pattern {
  readonly source: string;
  readonly flags: string;
  readonly sites: Site[];
}

// ---- where the patterns are ----

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

interface DynamicSite extends Site {
  /** The first argument as written. */
  readonly argument: string;
}

function collect(): { literals: Map<string, Pattern>; dynamic: DynamicSite[] } {
  const literals = new Map<string, Pattern>();
  const dynamic: DynamicSite[] = [];
  const add = (source: string, flags: string, site: Site) => {
    const key = `/${source}/${flags}`;
    const p = literals.get(key) ?? { source, flags, sites: [] };
    p.sites.push(site);
    literals.set(key, p);
  };
  for (const abs of tsFiles(join(ROOT, 'src')).sort()) {
    const file = relative(ROOT, abs).split('\\').join('/');
    const sf = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true);
    const lineOf = (n: TS.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const visit = (n: TS.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(sf);
        const end = text.lastIndexOf('/');
        add(text.slice(1, end), text.slice(end + 1), { file, line: lineOf(n) });
      } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
        const [pattern, flags] = n.arguments ?? [];
        const literal = (a: TS.Expression | undefined) => (a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) ? a.text : undefined);
        const source = literal(pattern);
        if (source !== undefined && (flags === undefined || literal(flags) !== undefined)) add(source, literal(flags) ?? '', { file, line: lineOf(n) });
        else dynamic.push({ file, line: lineOf(n), argument: pattern ? pattern.getText(sf) : '' });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { literals, dynamic };
}

/**
 * Patterns built at run time, by file and first argument: how to get every pattern the site can build. The detectors'
 * patterns are checked as the objects in DETECTORS (below), which is what the scanner compiles them from.
 */
const DYNAMIC: Readonly<Record<string, (file: string) => readonly RegExp[]>> = {
  // the providers' names, matched in volume names and paths
  'src/core/rules/workload/projected-token-audience.ts p': () => ['anthropic', 'openai'].map((p) => new RegExp(p, 'i')),
  // the end of a Markdown code fence opened by 3 or more backticks or tildes
  "src/core/secrets/allow.ts `^ {0,3}${mark[0] === '`' ? '`' : '~'}{${mark.length},}[ \\\\t]*$`": () =>
    ['```', '~~~', '`````'].map((mark) => new RegExp(`^ {0,3}${mark[0] === '`' ? '`' : '~'}{${mark.length},}[ \\t]*$`)),
  // detector patterns with a prefix or length filled in (every one is in DETECTORS)
  'src/core/secrets/detectors-ai.ts `${NOT_B64URL_BEFORE}(${prefix}${B64URL}{93}AA)${NOT_B64URL_AFTER}`': () => [],
  'src/core/secrets/detectors-ai.ts `${NOT_B64URL_BEFORE}(sk-ant-oat01-${B64URL}{40,400})${NOT_B64URL_AFTER}`': () => [],
  'src/core/secrets/detectors-ai.ts `${NOT_B64URL_BEFORE}(${prefix}${body}{${half}}${marker}${body}{${half}})${NOT_B64URL_AFTER}`': () => [],
  'src/core/secrets/detectors-dev.ts `(?<![A-Za-z0-9_])(${prefix}_[A-Za-z0-9]{36})(?![A-Za-z0-9_])`': () => [],
  // the scanner recompiling a detector's pattern: same source, other flags
  'src/core/secrets/scan.ts `${d.pattern.source}|`': () => [],
  'src/core/secrets/scan.ts d.pattern.source': () => [],
  'src/core/secrets/scan.ts regexes[i]!.source': () => [],
};

/**
 * Patterns that recheck rightly calls super-linear, left as they are because their input is bounded where they run.
 * Each says why; an entry whose pattern is no longer in the product fails the test, so the list cannot go stale.
 */
const BOUNDED: readonly { readonly file: string; readonly source: string; readonly flags?: string; readonly why: string }[] = [
  { file: 'src/core/secrets/allow.ts', source: String.raw`^#!\S*?(?:\/env(?:[ \t]+-\S+)*)?[ \t]*\S*?\b(bash|sh|zsh|ksh|dash|python[0-9.]*|ruby|perl|node|Rscript)\b`, why: 'run on the first 512 characters of a file only (SHEBANG_READ)' },  // the course's own compiled HTML (dist/course.json, built from lessons/ by the build), never a user's text
  { file: 'src/vscode/course/content.ts', source: String.raw`(<img\b[^>]*?\bsrc=")diagrams\/([a-z0-9][a-z0-9-]*\.svg)"`, flags: 'g', why: 'run on the compiled course shipped with the extension only' },
  { file: 'src/vscode/course/content.ts', source: String.raw`<[^>]*>`, flags: 'g', why: 'run on the compiled course shipped with the extension only' },
];

/** Directories whose super-linear patterns are reported but not failed: none (kept for a change in flight). */
const ELSEWHERE: readonly string[] = [];

// ---- recheck, cached ----

// recheck's defaults, with a budget of 10 s per pattern (an `unknown` after it is retried with 60 s)
const PARAMS: Recheck.Parameters = { timeout: 10_000 };
type Verdict = Pick<Recheck.Diagnostics, 'status' | 'checker'> & { complexity?: unknown; attack?: Recheck.AttackPattern; error?: unknown };

const cacheFile = join(tmpdir(), `keyless-recheck-${RECHECK_VERSION}.json`);
const paramsKey = JSON.stringify(PARAMS);
const cache: Record<string, Verdict> = (() => {
  try {
    return existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, Verdict>) : {};
  } catch {
    return {};
  }
})();

/** recheck knows the flags that change matching; `d` (indices) and `g`/`y` (where matching starts) do not. */
const recheckFlags = (flags: string) => flags.replace(/[^imsu]/g, '');

async function verdict(source: string, flags: string): Promise<Verdict> {
  const key = `${paramsKey} /${source}/${recheckFlags(flags)}`;
  const hit = cache[key];
  if (hit) return hit;
  let d = await recheck.check(source, recheckFlags(flags), PARAMS);
  if (d.status === 'unknown' && d.error.kind === 'timeout') d = await recheck.check(source, recheckFlags(flags), { ...PARAMS, timeout: 60_000 });
  const v: Verdict = { status: d.status, checker: d.checker, ...('complexity' in d ? { complexity: d.complexity } : {}), ...('attack' in d ? { attack: d.attack } : {}), ...('error' in d ? { error: d.error } : {}) };
  if (v.status !== 'unknown') cache[key] = v;
  return v;
}

async function verdicts(patterns: readonly { source: string; flags: string }[]): Promise<Verdict[]> {
  // one check per pattern as recheck sees it (`/x/g` and `/x/` are the same pattern), two at a time: the machine may
  // be shared
  const distinct = [...new Map(patterns.map((p) => [`/${p.source}/${recheckFlags(p.flags)}`, p])).values()];
  const found = new Map<string, Verdict>();
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < distinct.length) {
      const p = distinct[next++]!;
      found.set(`/${p.source}/${recheckFlags(p.flags)}`, await verdict(p.source, p.flags));
    }
  }));
  const out = patterns.map((p) => found.get(`/${p.source}/${recheckFlags(p.flags)}`)!);
  try {
    writeFileSync(cacheFile, JSON.stringify(cache));
  } catch {
    // a cache that cannot be written costs time, not correctness
  }
  return out;
}

/** V8's own cost on recheck's attack, pumped to 1x and 4x: true when it grows clearly faster than the length. */
function superLinearInV8(source: string, flags: string, attack: Recheck.AttackPattern): boolean {
  const re = new RegExp(source, recheckFlags(flags));
  const build = (k: number) => attack.pumps.map((p) => p.prefix + p.pump.repeat(k)).join('') + attack.suffix;
  const cost = (k: number) => {
    const s = build(k);
    return Math.min(...[0, 1, 2].map(() => {
      const start = performance.now();
      re.lastIndex = 0;
      re.exec(s);
      return performance.now() - start;
    }));
  };
  // grow the pump until one match takes a measurable time (or the string is 2 MB)
  let k = 64;
  while (cost(k) < 5 && build(k).length < 2_000_000) k *= 2;
  const ratios = [0, 1, 2].map(() => cost(4 * k) / Math.max(cost(k), 0.05));
  return Math.min(...ratios) > 8;
}

const where = (p: Pattern) => p.sites.map((s) => `${s.file}:${s.line}`).join(', ');
const summary = (v: Verdict) => JSON.stringify(v.complexity ?? v.error ?? v.status);

describe('regular expressions', () => {
  const { literals, dynamic } = collect();

  it('finds the product\'s patterns', () => {
    assert.ok(literals.size > 300, `${literals.size} distinct patterns`);
  });

  it('every dynamic RegExp(…) in src/ is accounted for', () => {
    const keys = new Set(dynamic.map((d) => `${d.file} ${d.argument}`));
    const missing = dynamic.filter((d) => !DYNAMIC[`${d.file} ${d.argument}`]).map((d) => `${d.file}:${d.line} RegExp(${d.argument}, …)`);
    assert.deepEqual(missing, [], 'a pattern built at run time: add to DYNAMIC how to check every pattern it can build');
    assert.deepEqual(Object.keys(DYNAMIC).filter((k) => !keys.has(k)), [], 'entries of DYNAMIC whose RegExp call is gone');
  });

  it('every reviewed bounded pattern is still in the product', () => {
    for (const b of BOUNDED) assert.ok(literals.get(`/${b.source}/${b.flags ?? ''}`)?.sites.some((s) => s.file === b.file), `${b.file}: /${b.source}/ is gone: remove it from BOUNDED`);
  });

  it('no pattern backtracks super-linearly', async (t) => {
    const patterns: Pattern[] = [...literals.values()];
    // run-time patterns: the secret detectors (as the scanner compiles them), and the other dynamic sites' instances
    for (const d of DETECTORS) {
      patterns.push({ source: d.pattern.source, flags: d.pattern.flags, sites: [{ file: `detector ${d.id}`, line: 0 }] });
      if (d.paths) patterns.push({ source: d.paths.source, flags: d.paths.flags, sites: [{ file: `detector ${d.id} (paths)`, line: 0 }] });
    }
    for (const d of dynamic) for (const re of DYNAMIC[`${d.file} ${d.argument}`]?.(d.file) ?? []) patterns.push({ source: re.source, flags: re.flags, sites: [d] });

    const start = performance.now();
    const results = await verdicts(patterns);
    t.diagnostic(`${patterns.length} patterns checked in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    const failures: string[] = [];
    const elsewhere: string[] = [];
    results.forEach((v, i) => {
      const p = patterns[i]!;
      if (v.status === 'safe') return;
      const line = `/${p.source}/${p.flags} at ${where(p)}: ${v.status} (${v.checker ?? '-'}) ${summary(v)}${v.attack ? ` attack ${v.attack.pattern}` : ''}`;
      if (v.status === 'unknown') return void failures.push(`${line}: recheck could not decide; investigate it`);
      if (BOUNDED.some((b) => b.source === p.source && p.sites.some((s) => s.file === b.file))) return;
      if (v.checker === 'fuzz' && v.attack && !superLinearInV8(p.source, p.flags, v.attack)) {
        t.diagnostic(`not super-linear in V8, though recheck's fuzzer says so: ${line}`);
        return;
      }
      if (p.sites.every((s) => ELSEWHERE.some((dir) => s.file.startsWith(dir)))) return void elsewhere.push(line);
      failures.push(line);
    });
    for (const e of elsewhere) t.diagnostic(`super-linear, in code owned elsewhere: ${e}`);
    assert.deepEqual(failures, [], 'super-linear patterns: rewrite them unambiguously (e.g. /(?<!\\/)\\/+$/ for /\\/+$/), or bound their input and list them in BOUNDED');
  });
});
