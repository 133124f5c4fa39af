// `keyless simulate`: what the provider would decide for a JWT presented against the rules of a document, rule by
// rule, with the reasons; `--attacks` also tries the tokens a neighbour could get from the same issuer. The token is
// a bearer credential: it is read, verified and described by its header and claims, never printed.
import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type AttackReport,
  type Jwt,
  jwksUriOf,
  type KeySet,
  keyPlan,
  loadRuleSet,
  parseToken,
  readKeySet,
  type Reason,
  type RuleDecision,
  type RuleSet,
  type SignatureCheck,
  type Simulation,
  runAttacks,
  simulate,
  verifySignature,
} from '../core/simulate';
import { LineIndex } from '../core/text';

/** Bad input: printed as `keyless: <message>`, exit 2. */
export class SimulateUsageError extends Error {}

export interface SimulateDeps {
  readonly readStdin: () => Promise<string>;
  /** Used only with --fetch-jwks. */
  readonly fetch: typeof fetch;
  readonly clock: () => number;
}

const defaultDeps: SimulateDeps = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  fetch: (...a) => fetch(...a),
  clock: () => Date.now(),
};

const MAX_FETCH_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

async function readText(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SimulateUsageError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The token from --token: a file, `-` for standard input, or the JWT itself. Messages never quote a token. */
async function readToken(value: string, deps: SimulateDeps): Promise<Jwt> {
  const parse = (text: string, from: string): Jwt => {
    const read = parseToken(text);
    if (!read.ok) throw new SimulateUsageError(`the token in ${from} is not a JWT: ${read.message}`);
    return read.token;
  };
  if (value === '-') return parse(await deps.readStdin(), 'standard input');
  if (await exists(value)) return parse(await readText(value, 'the token file'), value);
  // not a file: the value is the token itself, unless it reads as a path or a file name (a JWT has neither / nor \)
  if (/[/\\]/.test(value) || /\.(jwt|jws|txt|token|json)$/i.test(value)) throw new SimulateUsageError(`cannot read the token file ${value}: no such file`);
  if (!value.includes('.')) throw new SimulateUsageError('--token is neither a file nor a JWT (a signed JWT has 3 dot-separated parts)');
  return parse(value, '--token');
}

function parseNow(value: string | undefined, deps: SimulateDeps): number {
  if (value === undefined) return Math.floor(deps.clock() / 1000);
  if (!/^\d{1,12}$/.test(value)) throw new SimulateUsageError(`--now takes seconds since the epoch, e.g. --now ${Math.floor(deps.clock() / 1000)} (got "${value}")`);
  return Number(value);
}

const isLoopback = (u: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);

/** GET a JSON document over HTTPS (plain HTTP only on this machine), bounded in time and size. */
async function fetchJson(url: string, deps: SimulateDeps): Promise<unknown> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${url} is not a URL`);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u))) throw new Error(`${url} is not https`);
  const res = await deps.fetch(u, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const body = await res.text();
  if (body.length > MAX_FETCH_BYTES) throw new Error(`${url} sent more than 1 MiB`);
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`${url} did not send JSON`);
  }
}

/** Fetch a key set from a JWKS URL or through a discovery document (only with --fetch-jwks). */
async function fetchKeys(location: { kind: 'discovery' | 'jwks'; url: string }, deps: SimulateDeps): Promise<{ keys?: KeySet; why?: string }> {
  try {
    let url = location.url;
    if (location.kind === 'discovery') {
      const uri = jwksUriOf(await fetchJson(url, deps));
      if (!uri) return { why: `the discovery document at ${url} has no jwks_uri` };
      url = uri;
    }
    const read = readKeySet(await fetchJson(url, deps), `the JWKS at ${url}`);
    return read.ok ? { keys: read.keys } : { why: read.message };
  } catch (e) {
    return { why: `fetching the keys failed: ${(e as Error).message}` };
  }
}

async function keysFromFile(file: string, fetchAllowed: boolean, deps: SimulateDeps): Promise<{ keys?: KeySet; why?: string; notes: string[] }> {
  const text = await readText(file, 'the key set');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SimulateUsageError(`the key set ${file} is not JSON`);
  }
  const read = readKeySet(value, `the key set in ${file}`);
  if (read.ok) return { keys: read.keys, notes: [...read.warnings] };
  const uri = jwksUriOf(value);
  if (!uri) throw new SimulateUsageError(read.message);
  if (!fetchAllowed) return { why: `${file} is a discovery document; its keys are at ${uri} (add --fetch-jwks to fetch them, or save that JWKS and pass it with --jwks)`, notes: [] };
  return { ...(await fetchKeys({ kind: 'jwks', url: uri }, deps)), notes: [] };
}

/** The signature check, and the keys that stand in for the issuers' own (a --jwks set, or keys fetched on request). */
async function checkSignature(token: Jwt, rules: RuleSet, jwks: string | undefined, fetchAllowed: boolean, deps: SimulateDeps): Promise<{ signature: SignatureCheck; keys?: KeySet; notes: string[] }> {
  const notVerified = (detail: string): SignatureCheck => ({ status: 'not-verified', detail });
  if (jwks !== undefined) {
    const got = await keysFromFile(jwks, fetchAllowed, deps);
    if (!got.keys) return { signature: notVerified(got.why!), notes: got.notes };
    return { signature: await verifySignature(token, got.keys), keys: got.keys, notes: got.notes };
  }
  const plan = keyPlan(rules, token);
  if (plan.kind === 'keys') return { signature: await verifySignature(token, plan.keys), notes: [] };
  if (plan.kind === 'none') return { signature: notVerified(`${plan.why} (pass the JWKS with --jwks)`), notes: [] };
  if (!fetchAllowed) return { signature: notVerified(`${plan.issuer.label} publishes its keys at ${plan.location.url}; no network call was made (add --fetch-jwks, or pass the JWKS with --jwks)`), notes: [] };
  const got = await fetchKeys(plan.location, deps);
  if (!got.keys) return { signature: notVerified(got.why!), notes: [] };
  // the fetched keys are those of the issuer whose URL is the token's iss; rules of other issuers stop at iss anyway
  return { signature: await verifySignature(token, got.keys), keys: got.keys, notes: [] };
}

export async function runSimulate(args: string[], out: (s: string) => void, deps: SimulateDeps = defaultDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rules: { type: 'string' },
      token: { type: 'string' },
      jwks: { type: 'string' },
      now: { type: 'string' },
      format: { type: 'string' },
      attacks: { type: 'boolean' },
      'fetch-jwks': { type: 'boolean' },
    },
  });
  if (positionals.length) throw new SimulateUsageError(`simulate takes no positional arguments (got ${positionals.length}); give the token with --token FILE`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new SimulateUsageError(`--format must be one of text, json (got "${format}")`);
  if (values.rules === undefined) throw new SimulateUsageError('simulate needs --rules FILE (federation rules, a manifest, or OpenAI mappings)');
  if (values.token === undefined && !values.attacks) throw new SimulateUsageError('simulate needs --token JWT_OR_FILE (or --attacks to try the neighbours of each rule)');
  const now = parseNow(values.now, deps);
  const text = await readText(values.rules, 'the rules');
  const rules = loadRuleSet(text, values.rules);
  if (rules.rules.length === 0) throw new SimulateUsageError(`${values.rules} holds no federation rules (Anthropic federation rules or manifests, OpenAI mappings or Codex rules)`);
  const token = values.token === undefined ? undefined : await readToken(values.token, deps);

  let sim: Simulation | undefined;
  const notes = [...rules.notes];
  if (token) {
    const checked = await checkSignature(token, rules, values.jwks, !!values['fetch-jwks'], deps);
    notes.push(...checked.notes);
    sim = simulate(rules, token, { now, signature: checked.signature, ...(checked.keys ? { keys: checked.keys } : {}) });
  }
  const attacks = values.attacks ? await runAttacks(rules, { now, ...(token ? { base: token } : {}) }) : undefined;
  const lines = new LineIndex(text);
  const lineOf = (d: { span: { start: number } }) => lines.positionAt(d.span.start).line + 1;
  out(format === 'json' ? formatJson(token, sim, attacks, notes, lineOf) : formatText(values.rules, token, sim, attacks, notes, lineOf));
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Output. The token appears as its header and claims only.

type LineOf = (d: { span: { start: number } }) => number;

function formatJson(token: Jwt | undefined, sim: Simulation | undefined, attacks: AttackReport | undefined, notes: readonly string[], lineOf: LineOf): string {
  const result = (d: RuleDecision) => ({
    rule: d.rule, product: d.product, line: lineOf(d), accepted: d.accepted, lifetimeSeconds: d.lifetimeSeconds,
    serviceAccount: d.serviceAccount, workspace: d.workspace, scope: d.scope, reasons: d.reasons,
  });
  const body = {
    ...(token && sim ? {
      token: { header: token.header, claims: token.claims },
      now: sim.now,
      signature: sim.signature.status,
      signatureDetail: sim.signature.detail,
      results: sim.results.map(result),
    } : {}),
    ...(attacks ? {
      attacks: {
        trust: attacks.trust,
        holes: attacks.holes,
        rules: attacks.targets.map((t) => ({
          ...t,
          attacks: t.attacks.map(({ target, ...a }) => ({ ...a, target: result(target) })),
        })),
      },
    } : {}),
    notes,
  };
  return JSON.stringify(body, null, 2) + '\n';
}

const MARK = { pass: '✓', fail: '✗', assumed: '?' } as const;
/** The checks that are the rule's own (the token checks repeat for every rule of an issuer). */
const MATCHERS = new Set(['iss', 'subject_prefix', 'audience', 'claims', 'condition', 'service_account', 'attribute_matchers', 'external_subject', 'audiences', 'aud', 'attribute_conditions', 'unique_match', 'enabled']);
const q = (v: unknown) => JSON.stringify(v);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function grant(d: RuleDecision): string {
  const parts = [
    d.serviceAccount && `${d.product === 'codex' ? 'principal' : 'service account'} ${d.serviceAccount}`,
    d.workspace && `${d.product === 'openai' ? 'project' : 'workspace'} ${d.workspace}`,
    d.scope && `scope ${d.scope}`,
    d.lifetimeSeconds !== null && `for ${d.lifetimeSeconds} s`,
  ].filter(Boolean);
  return parts.join(', ');
}

function tokenLines(token: Jwt, sim: Simulation): string[] {
  const h = token.header;
  const c = token.claims;
  const when = (name: string) => (typeof c[name] === 'number' ? `${name} ${c[name]} (${new Date((c[name] as number) * 1000).toISOString()})` : undefined);
  return [
    `Token      ${[`alg ${q(h.alg)}`, h.kid !== undefined && `kid ${q(h.kid)}`, `iss ${q(c.iss)}`, `sub ${q(c.sub)}`, `aud ${q(c.aud)}`].filter(Boolean).join(', ')}`,
    `           ${[when('iat'), when('nbf'), when('exp'), `now ${sim.now}`].filter(Boolean).join(', ')}`,
    `Signature  ${sim.signature.status}: ${sim.signature.detail}`,
  ];
}

/** Assumptions about the token itself (keys not at hand) are the same for every rule: they are printed once. */
const tokenAssumption = (r: Reason) => r.outcome === 'assumed' && !MATCHERS.has(r.check);

function decisionLines(file: string, d: RuleDecision, lineOf: LineOf): string[] {
  const head = `${d.accepted ? 'ACCEPTED' : 'rejected'}  ${d.rule}  (${file}:${lineOf(d)})${d.accepted ? `  → ${grant(d)}` : ''}`;
  const shown = d.reasons.filter((r) => !tokenAssumption(r) && (d.accepted ? MATCHERS.has(r.check) || r.outcome === 'assumed' : r.outcome !== 'pass'));
  return [head, ...shown.map((r) => `  ${MARK[r.outcome]} ${r.check}: ${r.message}`)];
}

function attackLines(file: string, report: AttackReport): string[] {
  const out = ['', `Attacks    ${report.trust}`];
  for (const t of report.targets) {
    out.push('', `${t.rule}  (${t.familyLabel})`);
    for (const i of t.subjectIssues) out.push(`  subject admits ${i.detail}`);
    const legit = t.legitimate;
    out.push(`  legitimate token${legit.fromToken ? ' (from --token)' : ''}: sub ${q(legit.claims.sub)}, aud ${q(legit.claims.aud)}: ${legit.accepted ? 'accepted' : `not accepted (${legit.why}); the attacks below are indicative only`}`);
    const width = Math.max(...t.attacks.map((a) => a.name.length));
    for (const a of t.attacks) {
      const label = a.expect === 'accepted' ? 'probe  ' : a.getsIn ? 'GETS IN' : 'blocked';
      const changed = Object.entries(a.differs).map(([k, v]) => `${k} ${q(v)}`);
      const diffText = [...changed.slice(0, 4), ...(changed.length > 4 ? [`+${changed.length - 4} more`] : []), ...(a.removed.length ? [`without ${a.removed.join(', ')}`] : [])].join(', ');
      const others = a.acceptedBy.filter((r) => r !== t.rule);
      const verdict = a.expect === 'accepted'
        ? (a.target.accepted ? `accepted; the minted token lives ${a.target.lifetimeSeconds} s` : `rejected: ${a.target.reasons.find((r) => r.outcome === 'fail')?.message}`)
        : a.getsIn ? `accepted → ${grant(a.target)}` : `${a.target.reasons.find((r) => r.outcome === 'fail')?.check}: ${a.target.reasons.find((r) => r.outcome === 'fail')?.message}`;
      out.push(`  ${label}  ${a.name.padEnd(width)}  ${a.description}`);
      if (diffText) out.push(`  ${' '.repeat(7)}  ${' '.repeat(width)}  differs: ${diffText}`);
      out.push(`  ${' '.repeat(7)}  ${' '.repeat(width)}  ${verdict}${others.length ? ` (also accepted by ${others.join(', ')})` : ''}`);
    }
  }
  out.push('', report.holes ? `${plural(report.holes, 'neighbour token')} get${report.holes === 1 ? 's' : ''} in (GETS IN above). Tighten those rules, then run \`keyless simulate --rules ${file} --attacks\` again.` : 'No neighbour token gets in.');
  return out;
}

function formatText(file: string, token: Jwt | undefined, sim: Simulation | undefined, attacks: AttackReport | undefined, notes: readonly string[], lineOf: LineOf): string {
  const out: string[] = notes.map((n) => `note: ${n}`);
  if (token && sim) {
    out.push(...tokenLines(token, sim));
    // the signature line already says it was not verified; other token-level assumptions (a kid not looked up) once
    const assumed = new Set(sim.results.flatMap((d) => d.reasons.filter((r) => tokenAssumption(r) && r.check !== 'signature').map((r) => `${r.check}: ${r.message}`)));
    out.push(...[...assumed].map((a) => `           ? ${a}`), '');
    for (const d of sim.results) out.push(...decisionLines(file, d, lineOf));
    const n = sim.results.filter((d) => d.accepted).length;
    out.push('', `${n} of ${plural(sim.results.length, 'rule')} accept${n === 1 ? 's' : ''} this token.`);
  }
  if (attacks) out.push(...attackLines(file, attacks));
  return out.join('\n') + '\n';
}
