// What the hardening tests share: the documents to start from (every fixture and demo file, plus a few kinds no
// fixture holds), fast-check mutations that turn them into hostile input (flipped characters, truncation, control and
// unicode characters, BOMs, CR and CRLF line ends, spliced pieces), and the invariants every public entry point keeps
// on any input: it returns, in bounded time, with spans inside the document and fixes that apply to it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { CheckResult, Fix, Span, TextEdit } from '../../../src/core/model';
import { SEVERITIES } from '../../../src/core/model';
import { applyEdits } from '../../../src/core/text';

declare const KEYLESS_PACKAGE_ROOT: string | undefined;

/** The repository (tests are built with its path; run from it otherwise). */
export const ROOT = typeof KEYLESS_PACKAGE_ROOT === 'string' ? KEYLESS_PACKAGE_ROOT : process.cwd();

/**
 * Time allowed for one call on an input of normal size (a few KiB): generous, so that a busy shared machine does not
 * make the tests flaky, and still far below what a hang or a quadratic blow-up costs.
 */
export const PER_INPUT_MS = 2000;

export interface Doc {
  readonly path: string;
  readonly text: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every file of test/fixtures and demo/, by its repository-relative path. */
export function fixtureDocs(): Doc[] {
  return ['test/fixtures', 'demo']
    .flatMap((d) => walk(join(ROOT, d)))
    .sort()
    .map((abs) => ({ path: relative(ROOT, abs).split('\\').join('/'), text: readFileSync(abs, 'utf8') }));
}

/** Documents of the kinds no fixture holds on its own: an issuer, a service account, a list response. */
export const EXTRA_DOCS: readonly Doc[] = [
  {
    path: 'federation/issuer.json',
    text: JSON.stringify({ type: 'federation_issuer', name: 'github', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' }, max_jwt_lifetime_seconds: 3600 }, null, 2),
  },
  {
    path: 'federation/service-account.yaml',
    text: 'type: service_account\nid: svac_deployer\nname: deployer\norganization_role: developer\n',
  },
  {
    path: 'federation/rules-list.json',
    text: JSON.stringify({
      data: [{
        type: 'federation_rule', name: 'ci', issuer_id: 'fdis_github',
        match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', condition: 'claims.repository_owner_id == "4201" && claims.ref in ["refs/heads/main"]' },
        target: { type: 'service_account', service_account_id: 'svac_deployer' }, workspace_id: 'wrkspc_prod', oauth_scope: 'workspace:inference',
      }],
      has_more: false,
    }, null, 2),
  },
];

// ---- mutations ----

/** Characters and fragments that parsers and line-based readers treat specially. */
const SPECIAL = [
  '\uFEFF', '\r\n', '\r', '\n', '\n\r', '\0', '\u2028', '\u2029', '\u0085', '\t', '\v', '\f', '\x1b', '\x7f', '\uFFFD', '\uFFFE',
  '\uD800', '\uDC00', '\uDBFF\uDFFF', '😀', 'é', 'e\u0301', 'ﬀ', 'İ', '\u200B', '\u202E',
  ': ', '- ', '? ', '{', '}', '[', ']', ',', '"', "'", '`', '#', '&a ', '*a', '&a [*a, *a]', '!!binary ', '!Ref ', '<<: *a', '---\n', '...\n', '|\n', '>-\n', '%YAML 1.2\n',
  '\\', '\\u', '\\x', '${', '${{ ', '$(', '=', ';', '--', '/*', '*/', '//', 'null', 'true', '1e999', '-0', '0x', '"\\uD800"',
  'CREATE USER x ', 'ALTER USER ', "TYPE = 'SERVICE' ", 'WORKLOAD_IDENTITY = (', ')', "$$", 'FROM ', 'RUN ', 'ENV ', 'ARG ', '<<EOF\n', 'export ',
  'condition: ', 'claims.', '.exists(x, ', 'matches("', '(', 'sk-ant-', 'AKIA', 'eyJ', '-----BEGIN PRIVATE KEY-----',
];

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly char: string }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'splice'; readonly from: number; readonly length: number; readonly to: number }
  | { readonly kind: 'eol'; readonly eol: '\r\n' | '\r' | 'mixed' }
  | { readonly kind: 'bom' };

const anyChar = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.constantFrom(...SPECIAL));
const insertion = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 6 }) },
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: anyChar }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertion }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('eol' as const), eol: fc.constantFrom('\r\n' as const, '\r' as const, 'mixed' as const) }),
  fc.constant({ kind: 'bom' as const }),
);

function applyMutation(text: string, m: Mutation): string {
  const at = (n: number) => n % (text.length + 1);
  switch (m.kind) {
    case 'flip': {
      const i = at(m.at);
      return text.slice(0, i) + m.char + text.slice(i + 1);
    }
    case 'insert': {
      const i = at(m.at);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'delete': {
      const i = at(m.at);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'splice': {
      const from = at(m.from);
      const piece = text.slice(from, from + m.length);
      const to = at(m.to);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'eol': {
      if (m.eol !== 'mixed') return text.replace(/\r?\n/g, m.eol);
      let k = 0;
      return text.replace(/\r?\n/g, () => ['\r\n', '\n', '\r'][k++ % 3]!);
    }
    case 'bom':
      return `\uFEFF${text}`;
  }
}

export function mutate(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

/** One of `docs`, mutated one to four times (the path stays: it is what makes the checker pick a reader). */
export function mutatedDoc(docs: readonly Doc[]): fc.Arbitrary<Doc> {
  return fc
    .tuple(fc.constantFrom(...docs), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
    .map(([d, ms]) => ({ path: d.path, text: mutate(d.text, ms) }));
}

/** Random text of the sort the mutations produce, from nothing. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'grapheme-ascii', maxLength: 12 })), { maxLength: 80 }).map((a) => a.join('')),
);

// ---- invariants ----

/** Run `fn`, returning its result and how long it took. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

export function assertSpan(span: Span, length: number, what: string, nonEmpty = false): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: span ${JSON.stringify(span)} is not integral`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= length, `${what}: span ${span.start}-${span.end} is outside the document (length ${length})`);
  if (nonEmpty) assert.ok(span.start < span.end, `${what}: empty span at ${span.start}`);
}

/** The edits of one fix: inside the document, not overlapping, so they apply (applyEdits throws on overlaps). */
export function assertEditsApply(text: string, edits: readonly TextEdit[], what: string): string {
  for (const e of edits) {
    assertSpan(e.span, text.length, what);
    assert.equal(typeof e.newText, 'string', `${what}: newText is not a string`);
  }
  return applyEdits(text, edits);
}

/** Text that a message may only hold when the document does (a placeholder left in, a value printed wrongly). */
const SUSPECT = ['{{', '[object Object]', 'undefined', 'NaN'];

/** Everything a check result promises about the document it was computed on. */
export function assertCheckResult(text: string, r: CheckResult, what: string): void {
  assert.ok(Array.isArray(r.kinds) && Array.isArray(r.findings), `${what}: malformed result`);
  let prev = -1;
  for (const f of r.findings) {
    const where = `${what}: ${f.ruleId}/${f.messageId}`;
    assert.match(f.ruleId, /^[a-z]+\/[a-z0-9-]+$/, where);
    assert.ok(SEVERITIES.includes(f.severity), `${where}: severity ${f.severity}`);
    assertSpan(f.span, text.length, where);
    assert.ok(f.span.start >= prev, `${where}: findings out of order`);
    prev = f.span.start;
    for (const rel of f.related ?? []) assertSpan(rel.span, text.length, `${where} (related)`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `${where}: empty message`);
    for (const s of SUSPECT) if (!text.includes(s)) assert.ok(!f.message.includes(s), `${where}: message holds "${s}": ${f.message}`);
    assert.ok(f.fixes.filter((x: Fix) => x.preferred).length <= 1, `${where}: more than one preferred fix`);
    for (const fix of f.fixes) {
      assert.ok(fix.title.length > 0, `${where}: a fix without a title`);
      assertEditsApply(text, fix.edits, `${where} fix "${fix.title}"`);
    }
  }
}

/**
 * fast-check settings: a random seed (printed with the shrunk counterexample on failure) and runs chosen per property
 * to keep the suite quick. KEYLESS_FUZZ_SCALE=20 (say) multiplies the runs for a longer hunt.
 */
export const runs = (numRuns: number) => ({ numRuns: Math.max(1, Math.round(numRuns * (Number(process.env.KEYLESS_FUZZ_SCALE) || 1))), includeErrorInReport: true });
