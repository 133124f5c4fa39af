// "Open in designer" from a finding: the design that would produce a rule the user already has, read back from the
// rule (its issuer, subject, claims, scope, lifetime). Best effort by construction: what the rule does not say takes
// the designer's defaults, and the designer then shows what it would write instead.
import { loadRuleSet, type SimRule } from '../simulate';
import { carryPins } from './carry';
import { newDesign } from './fields';
import type { DesignModel, Destination, IdentityKind } from './types';

const unstar = (s: string) => s.replace(/\*+$/, '').replace(/[:/]+$/, '');

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
      const m = /^repo:([^:@]+)(?:@\d+)?\/([^:@]+)(?:@\d+)?(?::(ref:refs\/heads\/|environment:)(.*))?$/.exec(s);
      if (!m) return typeof claims.repository === 'string' ? { repository: claims.repository } : {};
      const out: Record<string, string> = { repository: `${m[1]}/${m[2]}` };
      if (m[3] === 'environment:' && m[4]) Object.assign(out, { githubContext: 'environment', environment: m[4].replace(/%3A/g, ':') });
      else if (m[4]) Object.assign(out, { githubContext: 'branch', branch: m[4].replace(/%3A/g, ':') });
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
      return s ? { principalId: s } : {};
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
  const base = newDesign(identity, destination, rule.serviceAccount && !/^(svac_|<)/.test(rule.serviceAccount) ? rule.serviceAccount : '');
  const pins = carryPins(identity, destination, { ...base.pins, ...issuerPins(identity, issuerUrl), ...subjectPins(identity, subject, claims) });
  const scope = rule.product === 'anthropic' && rule.scope ? rule.scope : base.scope;
  const workspace = rule.workspace === 'all workspaces' ? 'all' : (rule.workspace ?? '');
  return {
    ...base,
    pins,
    scope,
    workspace,
    ...(rule.product === 'anthropic' ? { lifetimeSeconds: rule.tokenLifetimeSeconds } : {}),
  };
}
