// "Open in designer" from a finding: the design that would produce a rule the user already has, read back from the
// rule (its issuer, subject, claims, scope, lifetime). Best effort by construction: what the rule does not say takes
// the designer's defaults, and the designer then shows what it would write instead.
import { loadRuleSet, type SimIssuer, type SimRule } from '../simulate';
import { carryPins } from './carry';
import { PLACEHOLDER } from './destination';
import { newDesign } from './fields';
import { CUSTOM_KEYS } from './resolve';
import type { DesignModel, Destination, IdentityKind } from './types';

const unstar = (s: string) => s.replace(/(?<!\*)\*+$/, '').replace(/(?<![:/])[:/]+$/, '');

function identityOf(rule: SimRule, issuerUrl: string, subject: string): IdentityKind {
  switch (rule.family) {
    case 'github-actions': return 'github-actions';
    case 'aws-sts-outbound': return 'aws-sts';
    case 'eks': return 'eks';
    case 'google': return 'google';
    case 'entra-v1': case 'entra-v2': return 'entra';
    case 'spiffe': return 'spiffe';
    case 'kubernetes': return 'kubernetes';
  }
  if (/^repo:[^/:]+\/[^/:]+/.test(subject)) return 'github-actions';
  if (subject.startsWith('spiffe://')) return 'spiffe';
  if (subject.startsWith('system:serviceaccount:')) return 'kubernetes';
  return issuerUrl ? 'oidc' : 'github-actions';
}

/** Pins read from a subject in the identity's format (resolve.ts `subjectOf`, the other way round). */
function subjectPins(identity: IdentityKind, subject: string, claims: Readonly<Record<string, unknown>>): Record<string, string> {
  const s = unstar(subject);
  switch (identity) {
    case 'github-actions': {
      const m = /^repo:([^:@/]+)(?:@(\d+))?\/([^:@/]+)(?:@(\d+))?(?::(ref:refs\/heads\/|environment:)(.*))?$/.exec(s);
      const ownerId: Record<string, string> = typeof claims.repository_owner_id === 'string' ? { ownerId: claims.repository_owner_id } : {};
      if (!m) return typeof claims.repository === 'string' ? { repository: claims.repository, ...ownerId } : ownerId;
      const out: Record<string, string> = { repository: `${m[1]}/${m[3]}`, ...ownerId };
      // immutable subjects carry the owner's and the repository's ids (repo:owner@id/name@id:...)
      if (m[2] && m[4]) Object.assign(out, { subjectFormat: 'immutable', ownerId: m[2], repositoryId: m[4] });
      if (m[5] === 'environment:' && m[6]) Object.assign(out, { githubContext: 'environment', environment: m[6].replace(/%3A/g, ':') });
      else if (m[6]) Object.assign(out, { githubContext: 'branch', branch: m[6].replace(/%3A/g, ':') });
      return out;
    }
    case 'aws-sts':
      return s.startsWith('arn:') ? { roleArn: s } : {};
    case 'eks':
    case 'kubernetes': {
      const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(s);
      return m ? { namespace: m[1]!, k8sServiceAccount: m[2]! } : {};
    }
    case 'spiffe':
      return s.startsWith('spiffe://') ? { spiffeId: s } : {};
    case 'google':
      return { ...(s ? { googleSaId: s } : typeof claims.sub === 'string' ? { googleSaId: claims.sub } : {}), ...(typeof claims.email === 'string' ? { googleSaEmail: claims.email } : {}) };
    case 'entra':
      // the designed Anthropic rule matches the managed identity by claims.oid (no subject_prefix)
      return s ? { principalId: s } : typeof claims.oid === 'string' ? { principalId: claims.oid } : {};
    case 'oidc':
      return s ? { subject: s } : {};
  }
}

function issuerPins(identity: IdentityKind, issuerUrl: string): Record<string, string> {
  if (!issuerUrl) return {};
  switch (identity) {
    case 'aws-sts': return { awsIssuer: issuerUrl };
    case 'eks': return { clusterIssuer: issuerUrl };
    case 'entra': {
      const tenant = /^https:\/\/(?:login\.microsoftonline\.com|sts\.windows\.net)\/([^/]+)/.exec(issuerUrl)?.[1];
      return tenant ? { tenantId: tenant } : {};
    }
    case 'kubernetes': case 'spiffe': case 'oidc': return { issuerUrl };
    default: return {};
  }
}

/** Pins the issuer's keys and the audience give: how the destination gets the keys, the Entra audience app. */
function issuerSidePins(identity: IdentityKind, destination: Destination, rule: SimRule, issuer: SimIssuer | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (identity === 'entra') {
    // a v2.0 token's aud is the audience app's client id: the rule's audience (Anthropic), the provider's (OpenAI)
    const aud = rule.product === 'anthropic' ? rule.audience : issuer?.audience;
    if (typeof aud === 'string' && aud !== '') out.entraAudience = aud;
  }
  if (CUSTOM_KEYS.includes(identity) && issuer) {
    const where = issuer.keyLocation;
    if (where.kind === 'inline' && issuer.keys) Object.assign(out, { jwks: 'inline', jwksKeys: JSON.stringify({ keys: issuer.keys.keys }) });
    else if (where.kind === 'jwks' && destination === 'anthropic') Object.assign(out, { jwks: 'explicit_url', jwksUrl: where.url });
  }
  return out;
}

/** The design behind the rule at `offset` of a rules document (the first rule when none is there), if any. */
export function designFromRules(text: string, path: string, offset: number): DesignModel | undefined {
  let rules;
  try {
    rules = loadRuleSet(text, path).rules;
  } catch {
    return undefined;
  }
  const rule = rules.find((r) => r.span.start <= offset && offset <= r.span.end) ?? rules[0];
  if (!rule) return undefined;
  const destination: Destination = rule.product === 'anthropic' ? 'anthropic' : 'openai';
  const issuerUrl = rule.issuer?.issuerUrl ?? '';
  const claims: Record<string, unknown> = {};
  let subject = '';
  if (rule.product === 'anthropic') {
    for (const [k, v] of rule.claimEntries ?? []) claims[k] = v;
    if (typeof rule.subjectPrefix === 'string') subject = rule.subjectPrefix;
    else if (typeof claims.sub === 'string') subject = claims.sub;
  } else {
    for (const [k, v] of rule.matchers ?? []) claims[k] = v;
    if (typeof claims.sub === 'string') subject = claims.sub;
    else if (typeof rule.externalSubject === 'string') subject = rule.externalSubject;
  }
  const identity = identityOf(rule, issuerUrl, subject);
  // an id the API assigns (svac_..., or a placeholder `<...>`) is not a name the design can hold
  const account = rule.serviceAccount && !/^(svac_|<)/.test(rule.serviceAccount) ? rule.serviceAccount : '';
  // OpenAI: the design's name is the mapping's; the service account is named by its id
  const name = rule.product === 'anthropic' ? account : rule.name.startsWith('#') ? '' : rule.name;
  const base = newDesign(identity, destination, name);
  const pins = carryPins(identity, destination, {
    ...base.pins,
    ...issuerPins(identity, issuerUrl),
    ...issuerSidePins(identity, destination, rule, rule.issuer),
    ...subjectPins(identity, subject, claims),
    ...(rule.product !== 'anthropic' && account ? { serviceAccountId: account } : {}),
  });
  // an OpenAI mapping without restricted scopes reads as 'service account default': the design has no such scope
  const scope = rule.scope && rule.scope !== 'service account default' ? rule.scope : base.scope;
  // a designed document writes a placeholder (wrkspc_..., proj_...) where the design left the workspace to fill in
  const written = rule.workspace === 'all workspaces' ? 'all' : (rule.workspace ?? '');
  const workspace = written === PLACEHOLDER.workspace || written === PLACEHOLDER.project ? '' : written;
  return {
    ...base,
    pins,
    scope,
    workspace,
    ...(rule.product === 'anthropic' ? { lifetimeSeconds: rule.tokenLifetimeSeconds } : {}),
  };
}
