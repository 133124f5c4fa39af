// What a design means, once: the issuer URL, the exact subject, the audience, lifetimes and names every document and
// the sample token are built from. Empty pins become visible placeholders (`<owner>/<repo>`), so a half-filled form
// still previews; `validateDesign` says what is missing.
import { parseJwksKeys } from './validators';
import type { DesignModel, Destination, IdentityKind } from './types';

export const AUDIENCE = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  /** What the Snowflake connector requests for AWS (outbound) and GCP attestations (domain.md §3.3). */
  snowflakeDefault: 'snowflakecomputing.com',
} as const;

/** The connector's default Entra resource for Snowflake (§3.3, `workload_identity_entra_resource`). */
export const SNOWFLAKE_ENTRA_RESOURCE = 'api://fd3f753b-eed3-462c-b6a7-a4b5bb650aad';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** Identities whose issuer may be private, so the destination is told how to get its keys. */
export const CUSTOM_KEYS: readonly IdentityKind[] = ['kubernetes', 'spiffe', 'oidc'];

/** The presented token's lifetime (exp − iat) when the form asks for it, with its default and documented range. */
export const TOKEN_LIFETIME: Partial<Record<IdentityKind, { readonly def: number; readonly min: number; readonly max: number }>> = {
  // GetWebIdentityToken DurationSeconds: 60–3600, default 300 (§4.1)
  'aws-sts': { def: 300, min: 60, max: 3600 },
  // projected token expirationSeconds: at least 600 (§5.3 [?]); the issuer accepts at most 176400 (§1.2)
  eks: { def: 3600, min: 600, max: 176400 },
  kubernetes: { def: 3600, min: 600, max: 176400 },
  // SPIRE's default JWT-SVID TTL is 5 minutes (§5.4)
  spiffe: { def: 300, min: 60, max: 176400 },
  oidc: { def: 3600, min: 60, max: 176400 },
};

/** Fixed lifetimes: GitHub ≈5 min (§5.1; the §1.11 issuer accepts 600), Google 1 h (§5.5), Entra MI up to 24 h (§5.6). */
const FIXED_LIFETIME: Partial<Record<IdentityKind, { readonly token: number; readonly maxJwt: number }>> = {
  'github-actions': { token: 300, maxJwt: 600 },
  google: { token: 3600, maxJwt: 3600 },
  entra: { token: 86400, maxJwt: 86400 },
};

/** The Console pre-fills 600 s (§1.5). */
export const DEFAULT_RULE_LIFETIME = 600;

const SHORT: Readonly<Record<IdentityKind, string>> = {
  'github-actions': 'gha',
  'aws-sts': 'aws',
  eks: 'eks',
  kubernetes: 'k8s',
  spiffe: 'spiffe',
  google: 'gcp',
  entra: 'entra',
  oidc: 'oidc',
};

export type JwksChoice =
  | { readonly type: 'discovery' }
  | { readonly type: 'explicit_url'; readonly url: string }
  | { readonly type: 'inline'; readonly keys: readonly Record<string, unknown>[] };

export interface Resolved {
  readonly model: DesignModel;
  readonly identity: IdentityKind;
  readonly destination: Destination;
  /** The tokens' `iss`, byte for byte. */
  readonly issuerUrl: string;
  /** A slug for the issuer (Anthropic `name`, OpenAI provider `name`). */
  readonly issuerName: string;
  /** The tokens' exact `sub`. */
  readonly subject: string;
  /** The `aud` the workload requests and the destination requires. */
  readonly audience: string;
  /** exp − iat of the presented token. */
  readonly tokenLifetime: number;
  /** The longest exp − iat the Anthropic issuer accepts. */
  readonly maxJwtLifetime: number;
  /** Anthropic `token_lifetime_seconds`. */
  readonly ruleLifetime: number;
  readonly jwks: JwksChoice;
  /** The service account (Anthropic), mapping (OpenAI) or user (Snowflake) name. */
  readonly name: string;
  /** Anthropic rule name. */
  readonly ruleName: string;
  /** GitHub */
  readonly owner: string;
  readonly repository: string;
  /** AWS: the account of the role ARN. */
  readonly awsAccount: string;
  /** Kubernetes */
  readonly namespace: string;
  readonly k8sServiceAccount: string;
  /** Entra */
  readonly tenant: string;
  /** Snowflake account identifier. */
  readonly snowflakeAccount: string;
}

/** A pin's value as typed, or a placeholder when it is empty. */
export function pin(model: DesignModel, id: string, placeholder: string): string {
  const v = model.pins[id];
  return v === undefined || v === '' ? placeholder : v;
}

export function slug(s: string, max = 60): string {
  const out = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|(?<!-)-+$/g, '').slice(0, max).replace(/(?<!-)-+$/, '');
  return out || 'workload';
}

/** A numeric pin, or its default when it is not a whole number. */
function seconds(model: DesignModel, id: string, def: number): number {
  const v = model.pins[id];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : def;
}

export function presentedLifetime(model: DesignModel): { token: number; maxJwt: number } {
  const fixed = FIXED_LIFETIME[model.identity];
  if (fixed) return fixed;
  const range = TOKEN_LIFETIME[model.identity];
  const t = seconds(model, 'tokenLifetime', range?.def ?? 3600);
  return { token: t, maxJwt: t };
}

/** The rule lifetime a design gets unless it says otherwise: 600 s, or less when the presented token is shorter. */
export function defaultRuleLifetime(model: DesignModel): number {
  return Math.max(60, Math.min(DEFAULT_RULE_LIFETIME, presentedLifetime(model).maxJwt));
}

function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0] ?? url;
}

export function subjectOf(model: DesignModel): string {
  switch (model.identity) {
    case 'github-actions': {
      const repo = pin(model, 'repository', '<owner>/<repo>');
      const immutable = model.pins.subjectFormat === 'immutable';
      const [owner = '<owner>', name = '<repo>'] = repo.split('/');
      const repoPart = immutable ? `${owner}@${pin(model, 'ownerId', '<owner-id>')}/${name}@${pin(model, 'repositoryId', '<repo-id>')}` : repo;
      // `:` inside a value is written %3A (domain.md §5.1); branch names cannot hold one
      const context = model.pins.githubContext === 'environment'
        ? `environment:${pin(model, 'environment', '<environment>').replace(/:/g, '%3A')}`
        : `ref:refs/heads/${pin(model, 'branch', '<branch>').replace(/:/g, '%3A')}`;
      return `repo:${repoPart}:${context}`;
    }
    case 'aws-sts':
      // `sub` is the role ARN as the account names it; whether a role path appears in it is not documented (§4.1 [?])
      return pin(model, 'roleArn', 'arn:aws:iam::<account>:role/<role>');
    case 'eks':
    case 'kubernetes':
      return `system:serviceaccount:${pin(model, 'namespace', '<namespace>')}:${pin(model, 'k8sServiceAccount', '<service-account>')}`;
    case 'spiffe':
      return pin(model, 'spiffeId', 'spiffe://<trust-domain>/<path>');
    case 'google':
      return pin(model, 'googleSaId', '<numeric-id>');
    case 'entra':
      return pin(model, 'principalId', '<object-id>');
    case 'oidc':
      return pin(model, 'subject', '<subject>');
  }
}

export function issuerUrlOf(model: DesignModel): string {
  switch (model.identity) {
    case 'github-actions':
      return GITHUB_ISSUER;
    case 'aws-sts':
      return pin(model, 'awsIssuer', 'https://<id>.tokens.sts.global.api.aws');
    case 'eks':
      return pin(model, 'clusterIssuer', 'https://oidc.eks.<region>.amazonaws.com/id/<ID>');
    case 'google':
      return GOOGLE_ISSUER;
    case 'entra':
      return `https://login.microsoftonline.com/${pin(model, 'tenantId', '<tenant-id>')}/v2.0`;
    case 'kubernetes':
    case 'spiffe':
    case 'oidc':
      return pin(model, 'issuerUrl', 'https://<issuer>');
  }
}

/** The audience: the destination's, except Entra v2.0 (the audience app's client id) and Snowflake's own. */
export function audienceOf(model: DesignModel): string {
  const { identity, destination } = model;
  if (destination === 'snowflake') {
    if (identity === 'aws-sts' || identity === 'google') return AUDIENCE.snowflakeDefault;
    // a v2.0 token carries the resource's client id as `aud` (§5.6); that Snowflake's resource yields this GUID is [?]
    if (identity === 'entra') return SNOWFLAKE_ENTRA_RESOURCE.replace(/^api:\/\//, '');
    return `https://${pin(model, 'snowflakeAccount', '<account>')}.snowflakecomputing.com`;
  }
  if (identity === 'entra') return pin(model, 'entraAudience', '<app-client-id>');
  return destination === 'anthropic' ? AUDIENCE.anthropic : AUDIENCE.openai;
}

function issuerNameOf(model: DesignModel, issuerUrl: string, account: string): string {
  switch (model.identity) {
    case 'github-actions':
      return 'github-actions';
    case 'google':
      return 'google';
    case 'aws-sts':
      return `aws-${/^\d{12}$/.test(account) ? account : 'outbound'}`;
    case 'eks': {
      const m = /^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com\/id\/([A-Za-z0-9]+)$/.exec(issuerUrl);
      return m ? slug(`eks-${m[1]}-${m[2]!.slice(0, 8)}`) : 'eks';
    }
    case 'entra':
      return slug(`entra-${pin(model, 'tenantId', 'tenant').slice(0, 8)}`);
    case 'spiffe': {
      const td = /^spiffe:\/\/([^/]+)/.exec(model.pins.spiffeId ?? '')?.[1];
      return slug(`spiffe-${td ?? hostOf(issuerUrl)}`);
    }
    case 'kubernetes':
      return slug(`k8s-${hostOf(issuerUrl)}`);
    case 'oidc':
      return slug(`oidc-${hostOf(issuerUrl)}`);
  }
}

function jwksOf(model: DesignModel): JwksChoice {
  if (!CUSTOM_KEYS.includes(model.identity) || model.destination === 'snowflake') return { type: 'discovery' };
  const mode = model.pins.jwks;
  if (mode === 'explicit_url' && model.destination === 'anthropic') return { type: 'explicit_url', url: pin(model, 'jwksUrl', 'https://<host>/<path>/jwks.json') };
  if (mode === 'inline') return { type: 'inline', keys: parseJwksKeys(model.pins.jwksKeys ?? '').keys ?? [] };
  return { type: 'discovery' };
}

export function resolve(model: DesignModel): Resolved {
  const issuerUrl = issuerUrlOf(model);
  const subject = subjectOf(model);
  const repository = pin(model, 'repository', '<owner>/<repo>');
  const awsAccount = /^arn:aws[a-z-]*:iam::([^:]*):/.exec(subject)?.[1] ?? '<account>';
  const { token, maxJwt } = presentedLifetime(model);
  const name = model.serviceAccount !== '' ? model.serviceAccount : model.destination === 'snowflake' ? 'SVC_WORKLOAD' : 'workload';
  return {
    model,
    identity: model.identity,
    destination: model.destination,
    issuerUrl,
    issuerName: issuerNameOf(model, issuerUrl, awsAccount),
    subject,
    audience: audienceOf(model),
    tokenLifetime: token,
    maxJwtLifetime: maxJwt,
    ruleLifetime: model.lifetimeSeconds ?? defaultRuleLifetime(model),
    jwks: jwksOf(model),
    name,
    ruleName: `${slug(name, 200)}-${SHORT[model.identity]}`,
    owner: repository.split('/')[0] || '<owner>',
    repository,
    awsAccount,
    namespace: pin(model, 'namespace', '<namespace>'),
    k8sServiceAccount: pin(model, 'k8sServiceAccount', '<service-account>'),
    tenant: pin(model, 'tenantId', '<tenant-id>'),
    snowflakeAccount: pin(model, 'snowflakeAccount', '<account>'),
  };
}
