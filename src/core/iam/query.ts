// Questions the iam rules ask of the model: which statements, which providers a statement trusts, which condition
// entries constrain a key, and the pinned values Keyless suggests per provider.
import { ISSUER_PROFILES, type IssuerFamily } from '../issuers';
import type { Span } from '../model';
import { POSITIVE_STRING_OPERATORS, globMatch, providerFamily } from './facts';
import type { IamConditionRef, IamModel, IamPolicy, IamStatement, ProviderRef } from './model';

export interface PolicyStatement {
  readonly policy: IamPolicy;
  readonly statement: IamStatement;
}

/** Every statement of the model, with its policy. */
export function statements(model: IamModel): readonly PolicyStatement[] {
  return model.statements;
}

const NONE: readonly IamConditionRef[] = [];

/** Every condition entry of a statement with its block. */
export function entries(s: IamStatement): readonly IamConditionRef[] {
  return s.condition?.entries ?? NONE;
}

/** The statement's conditions are fully readable (no intrinsic in place of the Condition or of a block). */
export function conditionsKnown(s: IamStatement): boolean {
  return !s.condition || (!!s.condition.map && s.condition.blocks.every((b) => !b.unknown));
}

/** The statement has at least one condition entry (or one Keyless cannot read, which it gives the benefit of the doubt). */
export function hasAnyCondition(s: IamStatement): boolean {
  const c = s.condition;
  return !!c && (!c.map || c.blocks.some((b) => b.unknown || b.entries.length > 0));
}

/**
 * The OIDC providers a statement trusts: its federated principals when readable; when they are references
 * (`!Ref GitHubProviderArn`), the one provider its condition keys name, if there is exactly one.
 */
export function providersOf(s: IamStatement): ProviderRef[] {
  const fed = s.principal?.federated ?? [];
  const known = fed.filter((f) => f.kind === 'oidc');
  if (known.length && known.length === fed.filter((f) => f.kind !== 'saml' && f.kind !== 'malformed').length) {
    return known.map((f) => ({ provider: f.provider, family: f.family }));
  }
  const keyed = new Map<string, string>();
  for (const { entry } of entries(s)) if (entry.provider) keyed.set(entry.provider.toLowerCase(), entry.provider);
  if (keyed.size === 1) {
    const provider = [...keyed.values()][0]!;
    return [{ provider, family: providerFamily(provider) }];
  }
  return known.map((f) => ({ provider: f.provider, family: f.family }));
}

/** Entries of the statement on `<provider>:<claim>` (any provider of the family when the prefix is unknown). */
export function claimEntries(s: IamStatement, p: ProviderRef, claims: readonly string[], operators: 'positive' | 'any' = 'positive'): IamConditionRef[] {
  const wanted = p.provider?.toLowerCase();
  const out: IamConditionRef[] = [];
  for (const x of entries(s)) {
    const { block, entry } = x;
    if (!entry.provider || !entry.claim || !claims.includes(entry.claim.toLowerCase())) continue;
    if (operators === 'positive' && !POSITIVE_STRING_OPERATORS.has(block.baseLower)) continue;
    if (wanted ? entry.provider.toLowerCase() !== wanted : providerFamily(entry.provider) !== p.family) continue;
    out.push(x);
  }
  return out;
}

/** Entries on a global key (e.g. `sts:IdentityTokenAudience`), optionally only under some base operators. */
export function keyEntries(s: IamStatement, key: string, bases?: ReadonlySet<string>): IamConditionRef[] {
  const k = key.toLowerCase();
  return entries(s).filter(({ block, entry }) => entry.keyLower === k && (!bases || bases.has(block.baseLower)));
}

/** The role a trust policy belongs to, for messages: `role DeployRole`, `` `aws_iam_role.deploy` ``, `the role`. */
export function roleOf(policy: IamPolicy): string {
  return policy.origin.kind === 'policy' ? 'the role' : policy.label;
}

/** Capitalise a label that starts a message (`this policy` -> `This policy`). */
export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The statement grants `sts:GetWebIdentityToken` by name or by a pattern aimed at it (`sts:Get*`), not through `*` or
 * `sts:*`, whose statements are about far more than minting tokens.
 */
export function namesMinting(s: IamStatement): boolean {
  return !!s.actions?.values.some((v) => v.text !== undefined && globMatch(v.text, 'sts:GetWebIdentityToken') && !globMatch(v.text, 'sts:AssumeRole'));
}

/** Where to report a missing condition of an identity policy statement: the Condition key, else the Action key. */
export function actionAnchor(s: IamStatement): Span {
  return s.condition?.keySpan ?? s.actions?.keySpan ?? s.span;
}

/** A provider for messages: `GitHub Actions (token.actions.githubusercontent.com)`. */
export function providerLabel(p: ProviderRef): string {
  const label = p.family && p.family !== 'custom' ? ISSUER_PROFILES[p.family].label : undefined;
  if (label && p.provider) return `${label} (${p.provider})`;
  return label ?? p.provider ?? 'the OIDC provider';
}

/** The audience AWS's own guides put in `<provider>:aud` (GitLab's is whatever the job's `id_tokens` sets). */
export function audienceValue(family: IssuerFamily | undefined): string {
  if (family === 'github-actions' || family === 'eks') return 'sts.amazonaws.com';
  if (family === 'gitlab') return '<aud set in the job\'s id_tokens>';
  return '<audience>';
}

/** A subject pinned to one workload, keeping the parts already known and `<placeholders>` for the rest. */
export function pinnedSubject(family: IssuerFamily | undefined, parts: { owner?: string; name?: string; form?: 'branch' | 'environment' } = {}): string {
  const { owner, name, form = 'branch' } = parts;
  if (family === 'github-actions') return `repo:${owner ?? '<org>'}/${name ?? '<repo>'}:${form === 'branch' ? 'ref:refs/heads/main' : 'environment:<environment>'}`;
  if (family === 'eks' || family === 'kubernetes') return `system:serviceaccount:${owner ?? '<namespace>'}:${name ?? '<service-account>'}`;
  if (family === 'gitlab') return `project_path:${owner ?? '<group>'}/${name ?? '<project>'}:ref_type:branch:ref:main`;
  return '<subject>';
}
