// Everything the designer shows for a design, computed from the model alone: the form (fields with their values,
// visibility and problems), the documents with the checker's findings on each (the same `check()` as the editor),
// the token playground and the attack panel. Plain data, so it crosses into a webview as it is; a pasted token is
// read here but never part of what is returned (a JWT is a bearer credential): only its header and claims are.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { check } from '../engine';
import { severityRank, type Severity } from '../model';
import { type AttackReport, loadRuleSet, parseToken, readKeySet, type RuleSet, runAttacks, type Simulation, verifyAndSimulate } from '../simulate';
import { LineIndex } from '../text';
import { sampleClaims } from './claims';
import { designFields, fieldValue, isVisible, validateDesign } from './fields';
import { designDocuments } from './documents';
import { canMerge } from './merge';
import type { DesignField, DesignModel, DesignedDocument, DesignProblem, FieldOption } from './types';

export interface FieldView {
  readonly id: string;
  readonly target: DesignField['target'];
  readonly label: string;
  readonly kind: DesignField['kind'];
  readonly options?: readonly FieldOption[];
  readonly placeholder?: string;
  readonly help: string;
  readonly required: boolean;
  readonly value: string;
  readonly problem?: string;
}

export interface FindingView {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** 1-based, as people count lines. */
  readonly line: number;
  readonly column: number;
}

export interface DocumentView extends DesignedDocument {
  /** Worst first, then by position. */
  readonly findings: readonly FindingView[];
  /** Whether it can be added to an existing file (notes can only be copied). */
  readonly mergeable: boolean;
}

export interface DesignView {
  readonly model: DesignModel;
  /** The visible fields, in form order. */
  readonly fields: readonly FieldView[];
  /** Problems of the whole design (identity, destination) and of fields that are not shown. */
  readonly problems: readonly DesignProblem[];
  readonly documents: readonly DocumentView[];
  readonly counts: Readonly<Record<Severity, number>>;
}

function findingsOf(doc: DesignedDocument): FindingView[] {
  const lines = new LineIndex(doc.text);
  return check(doc.text, doc.suggestedPath)
    .findings.map((f) => {
      const p = lines.positionAt(f.span.start);
      return { ruleId: f.ruleId, severity: f.severity, message: f.message, line: p.line + 1, column: p.character + 1 };
    })
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.line - b.line || a.column - b.column);
}

/** The form, its problems, the documents and their findings. Synchronous and pure: cheap enough per keystroke. */
export function designView(model: DesignModel): DesignView {
  const all = designFields(model.identity, model.destination);
  const problems = validateDesign(model);
  const shown = all.filter((f) => isVisible(f, model, all));
  const fields: FieldView[] = shown.map((f) => {
    const problem = problems.find((p) => p.field === f.id)?.message;
    return {
      id: f.id, target: f.target, label: f.label, kind: f.kind, help: f.help, required: f.required, value: fieldValue(model, f),
      ...(f.options ? { options: f.options } : {}), ...(f.placeholder !== undefined ? { placeholder: f.placeholder } : {}), ...(problem ? { problem } : {}),
    };
  });
  const documents = designDocuments(model).map((d) => ({ ...d, findings: findingsOf(d), mergeable: canMerge(d) }));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of documents) for (const f of d.findings) counts[f.severity]++;
  return { model, fields, problems: problems.filter((p) => !shown.some((f) => f.id === p.field)), documents, counts };
}

/** The rules the destination's documents define, as the simulator reads them (none for Snowflake: see below). */
export function designRuleSet(model: DesignModel, documents: readonly DesignedDocument[] = designDocuments(model)): RuleSet | undefined {
  if (model.destination === 'snowflake') return undefined;
  const doc = documents.find((d) => d.side === 'destination' && d.language !== 'sql');
  return doc ? loadRuleSet(doc.text, doc.suggestedPath) : undefined;
}

/** Why a destination's rules cannot be simulated (Snowflake matches in the account, by SQL objects). */
export const SNOWFLAKE_NOT_SIMULATED =
  'The simulator decides for Anthropic rules and OpenAI mappings. Snowflake matches a workload identity by its TYPE, issuer and subject inside the account; the findings above check those properties.';

export type TokenInput = { readonly kind: 'sample' } | { readonly kind: 'pasted'; readonly jwt: string };

export interface PlaygroundView {
  readonly source: TokenInput['kind'];
  /** The token could not be read (which part is wrong), or the destination cannot be simulated. */
  readonly error?: string;
  readonly header?: Readonly<Record<string, unknown>>;
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly simulation?: Simulation;
}

const SAMPLE_KID = 'keyless-designer-sample';
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A throwaway signing key, made once per process: it stands in for the issuer's keys in sample and attack tokens. */
let throwaway: Promise<{ privateKey: SigningKey; keys: ReturnType<typeof readKeySet> }> | undefined;
function sampleKey() {
  throwaway ??= (async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: SAMPLE_KID, alg: 'ES256', use: 'sig' };
    return { privateKey, keys: readKeySet({ keys: [jwk] }, 'a throwaway key standing in for the issuer\'s') };
  })();
  return throwaway;
}

async function signSample(claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await sampleKey();
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: SAMPLE_KID, typ: 'JWT' }).sign(privateKey);
}

/**
 * The token playground: a sample token of the designed workload (signed with a throwaway key the simulation trusts
 * in place of the issuer's), or a pasted one (verified when the design holds its issuer's keys), decided against the
 * designed rules. `now` in seconds since the epoch; `rules` when the caller has read them already.
 */
export async function playground(model: DesignModel, input: TokenInput, now: number, rules = designRuleSet(model)): Promise<PlaygroundView> {
  if (!rules) return { source: input.kind, error: SNOWFLAKE_NOT_SIMULATED };
  const compact = input.kind === 'sample' ? await signSample(sampleClaims(model, now)) : input.jwt.trim();
  const read = parseToken(compact);
  if (!read.ok) return { source: input.kind, error: `This is not a JWT: ${read.message}` };
  const sample = input.kind === 'sample' ? (await sampleKey()).keys : undefined;
  const keys = sample?.ok ? sample.keys : undefined;
  const simulation = await verifyAndSimulate(rules, read.token, { now, ...(keys ? { keys } : {}) });
  return { source: input.kind, header: read.token.header, claims: read.token.claims, simulation };
}

export type AttackView = { readonly report: AttackReport; readonly error?: undefined } | { readonly report?: undefined; readonly error: string };

/** The attack panel: the designed workload's neighbours' tokens, against the designed rules. */
export async function attacks(model: DesignModel, now: number, rules = designRuleSet(model)): Promise<AttackView> {
  if (!rules) return { error: SNOWFLAKE_NOT_SIMULATED };
  if (rules.rules.length === 0) return { error: 'The designed documents hold no rule to attack yet.' };
  return { report: await runAttacks(rules, { now, base: { claims: sampleClaims(model, now) } }) };
}
