// Pure checks of single values the designer asks for: a message naming what is wrong, or undefined. Each one is the
// shape the destination or the token issuer really uses (domain.md section cited per check); the designer pins one
// workload, so none of them accepts a wildcard.
import { parseUrl, unreachableHost } from '../anthropic/fields';

export type Check = (value: string) => string | undefined;

const trimmed = (v: string, what: string): string | undefined =>
  v !== v.trim() ? `${what} has leading or trailing spaces.` : undefined;

const star = (v: string, what: string): string | undefined =>
  v.includes('*') ? `${what} must name one exact value: \`*\` is not a wildcard here, and the design pins one workload.` : undefined;

/** GitHub `owner/name` (owner: letters, digits, single hyphens, at most 39; name: letters, digits, `.`, `_`, `-`). */
export const githubRepository: Check = (v) => {
  const s = star(v, 'The repository');
  if (s) return s;
  const m = /^([^/]*)\/([^/]*)$/.exec(v);
  if (!m) return 'Write the repository as `owner/name`, e.g. `acme/payments`.';
  const [, owner, name] = m as unknown as [string, string, string];
  if (!/^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/.test(owner) || owner.length > 39)
    return `"${owner}" is not a GitHub owner name (letters, digits and single hyphens, at most 39 characters).`;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || name === '.' || name === '..')
    return `"${name}" is not a GitHub repository name (letters, digits, \`.\`, \`_\` and \`-\`, at most 100 characters).`;
  return undefined;
};

/** A branch name as `git check-ref-format --branch` accepts it, without `refs/heads/`. */
export const gitBranch: Check = (v) => {
  const s = star(v, 'The branch');
  if (s) return s;
  if (v.startsWith('refs/')) return 'Write the branch name alone (`main`), without `refs/heads/`: the designer adds it.';
  if (/[\s~^:?[\\\x00-\x1f\x7f]/.test(v)) return `"${v}" is not a valid branch name: git refuses spaces and the characters ~ ^ : ? [ \\.`;
  if (v.includes('..') || v.includes('@{') || v.includes('//') || v === '@') return `"${v}" is not a valid branch name (no \`..\`, \`@{\` or \`//\`).`;
  if (/^[-/.]|[/.]$|\.lock$|\/\./.test(v)) return `"${v}" is not a valid branch name: it may not start with \`-\`, \`/\` or \`.\`, end with \`/\`, \`.\` or \`.lock\`, or have a part starting with \`.\`.`;
  return undefined;
};

/** A GitHub deployment environment name (its `:` is written `%3A` in the subject, domain.md §5.1). */
export const githubEnvironment: Check = (v) => {
  const s = star(v, 'The environment') ?? trimmed(v, 'The environment name');
  if (s) return s;
  if (v.length > 255) return 'An environment name has at most 255 characters.';
  if (/[\x00-\x1f\x7f]/.test(v)) return 'The environment name contains a control character.';
  return undefined;
};

/** A numeric id as GitHub puts it in `repository_owner_id` / `repository_id` (a string of digits). */
export const numericId: Check = (v) => (/^[1-9]\d{0,19}$/.test(v) ? undefined : `"${v}" is not a numeric id (digits only, e.g. 123456).`);

/** An AWS account id: 12 digits. */
export const awsAccountId: Check = (v) => (/^\d{12}$/.test(v) ? undefined : `"${v}" is not an AWS account id: 12 digits, e.g. 123456789012.`);

/** The ARN of the IAM role the workload runs as: `sub` of its outbound tokens (domain.md §4.1). */
export const roleArn: Check = (v) => {
  const s = star(v, 'The role ARN');
  if (s) return s;
  if (/^arn:aws[a-z-]*:sts::\d+:assumed-role\//.test(v))
    return 'This is an assumed-role session ARN: tokens carry the role ARN (`arn:aws:iam::<account>:role/<name>`), which outlives every session.';
  const m = /^arn:(aws|aws-cn|aws-us-gov):iam::([^:]*):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]+)$/.exec(v);
  if (!m) return 'Write the role ARN as `arn:aws:iam::<12-digit account id>:role/<name>`.';
  const account = awsAccountId(m[2]!);
  if (account) return `The role ARN's account: ${account}`;
  if (m[4]!.length > 64) return 'An IAM role name has at most 64 characters.';
  return undefined;
};

/** The account's outbound issuer, `IssuerIdentifier` of `aws iam get-outbound-web-identity-federation-info` (§4.1). */
export const awsOutboundIssuer: Check = (v) =>
  /^https:\/\/[a-z0-9-]+\.tokens\.sts\.global\.api\.aws$/i.test(v)
    ? undefined
    : 'Write the account\'s outbound issuer, `https://<id>.tokens.sts.global.api.aws` (`aws iam get-outbound-web-identity-federation-info`), without a trailing slash.';

/** An EKS cluster's OIDC issuer (one per cluster, §1.8). */
export const eksIssuer: Check = (v) =>
  /^https:\/\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Za-z0-9]+$/.test(v)
    ? undefined
    : 'Write the cluster\'s OIDC issuer, `https://oidc.eks.<region>.amazonaws.com/id/<ID>` (`aws eks describe-cluster --query cluster.identity.oidc.issuer`).';

/** An issuer URL: exactly the tokens' `iss`, https, no query or fragment. */
export const issuerUrl: Check = (v) => {
  const t = trimmed(v, 'The issuer URL');
  if (t) return t;
  const u = parseUrl(v);
  if (!u || u.host === '') return 'Write the issuer as an absolute URL, exactly the tokens\' `iss` (e.g. `https://issuer.example.com`).';
  if (u.scheme !== 'https') return 'The issuer must be an https URL.';
  if (/[?#]/.test(u.rest)) return 'An issuer URL has no query or fragment.';
  return undefined;
};

/** Why a service on the internet cannot fetch keys from this URL (Anthropic: https, port 443, public name, §1.2). */
export function unreachable(v: string): string | undefined {
  const u = parseUrl(v);
  if (!u) return undefined;
  if (u.port !== undefined && u.port !== '443') return `port ${u.port} (only 443 is dialled)`;
  return unreachableHost(u);
}

/** A JWKS URL fetched from the internet. */
export const jwksUrl: Check = (v) => {
  const base = issuerUrl(v);
  if (base) return base.replace('The issuer', 'The JWKS URL').replace('the tokens\' `iss`', 'where the keys are published');
  const why = unreachable(v);
  return why ? `The JWKS URL points at ${why}: it must be reachable from the internet.` : undefined;
};

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** The issuer's public keys, pasted as a JWKS (`{"keys": [...]}`) or its `keys` array (§1.2: inline keys). */
export function parseJwksKeys(v: string): { keys?: Record<string, unknown>[]; error?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return { error: 'Paste the JWKS as JSON: `{"keys": [...]}` or its `keys` array (`kubectl get --raw /openid/v1/jwks`).' };
  }
  const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? (parsed as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(list) || list.length === 0) return { error: 'The JWKS has no keys: paste a non-empty `keys` array.' };
  const kids = new Set<string>();
  for (const k of list) {
    if (!k || typeof k !== 'object' || Array.isArray(k)) return { error: 'Every entry of `keys` must be a JWK object.' };
    const key = k as Record<string, unknown>;
    const priv = PRIVATE_MEMBERS.find((m) => m in key);
    if (priv) return { error: `A key has the private member \`${priv}\`: paste only public keys (and rotate this one).` };
    if (key.kty !== 'RSA' && key.kty !== 'EC') return { error: `A key has \`kty\` ${JSON.stringify(key.kty)}: only RSA and EC signing keys are accepted.` };
    if (typeof key.kid !== 'string' || key.kid === '') return { error: 'Every key needs a `kid`: tokens name their key by it.' };
    if (kids.has(key.kid)) return { error: `Two keys have \`kid\` "${key.kid}".` };
    kids.add(key.kid);
    if (key.alg !== undefined && !ALGS.includes(String(key.alg))) return { error: `\`alg\` ${JSON.stringify(key.alg)} is not accepted (RS*, PS*, ES* only).` };
  }
  return { keys: list as Record<string, unknown>[] };
}

export const jwksKeys: Check = (v) => parseJwksKeys(v).error;

/** A Kubernetes namespace: a DNS-1123 label. */
export const k8sNamespace: Check = (v) =>
  /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63
    ? undefined
    : `"${v}" is not a namespace name (lower-case letters, digits and \`-\`, at most 63 characters).`;

/** A Kubernetes service account name: a DNS-1123 subdomain. */
export const k8sServiceAccountName: Check = (v) =>
  /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/.test(v) && v.length <= 253
    ? undefined
    : `"${v}" is not a service account name (lower-case letters, digits, \`-\` and \`.\`, at most 253 characters).`;

/** A SPIFFE ID naming one workload: `spiffe://<trust-domain>/<path>` (§5.4). */
export const spiffeId: Check = (v) => {
  const s = star(v, 'The SPIFFE ID');
  if (s) return s;
  const m = /^spiffe:\/\/([^/]*)(\/.*)?$/.exec(v);
  if (!m) return 'Write the SPIFFE ID as `spiffe://<trust-domain>/<path>`, e.g. `spiffe://acme.example/ns/batch/sa/worker`.';
  const [, td, path] = m;
  if (!/^[a-z0-9._-]+$/.test(td!)) return `"${td}" is not a trust domain name (lower-case letters, digits, \`.\`, \`_\` and \`-\`).`;
  if (!path || path === '/') return 'Add the workload\'s path: the trust domain alone would admit every workload in it.';
  if (/[?#]/.test(path)) return 'A SPIFFE ID has no query or fragment.';
  const segs = path.slice(1).split('/');
  if (segs.some((p) => p === '' || p === '.' || p === '..' || !/^[A-Za-z0-9._-]+$/.test(p)))
    return 'Each path segment of a SPIFFE ID is non-empty and made of letters, digits, `.`, `_` and `-` (no trailing `/`).';
  if (v.length > 2048) return 'A SPIFFE ID has at most 2048 characters.';
  return undefined;
};

/** A Google service account's unique id: 21 digits, the tokens' `sub` (§5.5). */
export const googleServiceAccountId: Check = (v) =>
  /^\d{21}$/.test(v) ? undefined : 'Write the service account\'s numeric unique id (21 digits: `gcloud iam service-accounts describe … --format="value(uniqueId)"`).';

/** A Google service account's email, the tokens' `email` with `format=full` (§5.5). */
export const googleServiceAccountEmail: Check = (v) =>
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?@[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\.gserviceaccount\.com$/.test(v)
    ? undefined
    : 'Write the service account\'s email, e.g. `inference-worker@my-project.iam.gserviceaccount.com`.';

/** An Entra tenant, object or client id: a GUID (§5.6). */
export const guid: Check = (v) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? undefined : `"${v}" is not a GUID (8-4-4-4-12 hexadecimal digits).`;

/** An Anthropic organization id: a raw UUID (§1.1). */
export const organizationId: Check = (v) => (guid(v) ? `"${v}" is not an organization id: organizations use a plain UUID.` : undefined);

/** An Anthropic resource name: a lower-case slug of 1–255 characters (§1.2, §1.3, §1.5). */
export const slugName: Check = (v) =>
  /^[a-z0-9-]{1,255}$/.test(v) ? undefined : `"${v}" is not a name the Admin API accepts: 1–255 lower-case letters, digits and \`-\`.`;

/** An unquoted Snowflake identifier (a user or role name). */
export const snowflakeIdentifier: Check = (v) =>
  /^[A-Za-z_][A-Za-z0-9_$]{0,254}$/.test(v) ? undefined : `"${v}" is not an unquoted Snowflake identifier (a letter or \`_\`, then letters, digits, \`_\` and \`$\`).`;

/** A Snowflake account identifier (`myorg-myacct`), from which the account-scoped audience is built (§3.1). */
export const snowflakeAccount: Check = (v) => {
  if (/snowflakecomputing\.com|^https?:/i.test(v)) return 'Write the account identifier alone (`myorg-myacct`): the designer builds `https://<account>.snowflakecomputing.com`.';
  return /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/.test(v) ? undefined : `"${v}" is not a Snowflake account identifier (e.g. \`myorg-myacct\`).`;
};

/** Anthropic workspace: an id, `default`, `all` (every workspace), or empty to fill in (§1.4, §1.5). */
export const anthropicWorkspace: Check = (v) =>
  v === '' || v === 'default' || v === 'all' || /^wrkspc_[A-Za-z0-9]+$/.test(v)
    ? undefined
    : `"${v}" is not a workspace: write its id (\`wrkspc_…\`), \`default\`, \`all\` for every workspace, or leave it empty to fill in later.`;

/** OpenAI project id (`proj_…`, §2.5), or empty to fill in. */
export const openaiProject: Check = (v) => (v === '' || /^proj_[A-Za-z0-9_-]+$/.test(v) ? undefined : `"${v}" is not a project id (\`proj_…\`).`);

/** An identifier pasted from a console: no spaces. */
export const opaqueId: Check = (v) => (/^\S+$/.test(v) ? undefined : 'An id has no spaces.');

/** An exact subject for a custom OIDC issuer. */
export const exactSubject: Check = (v) => star(v, 'The subject') ?? trimmed(v, 'The subject') ?? (v.length > 4096 ? 'The subject is too long.' : undefined);

/** An integer number of seconds within a documented range. */
export function integerIn(min: number, max: number, what: string): Check {
  return (v) => {
    if (!/^\d+$/.test(v)) return `${what} is a whole number of seconds.`;
    const n = Number(v);
    return n < min || n > max ? `${what} must be between ${min} and ${max} seconds.` : undefined;
  };
}
