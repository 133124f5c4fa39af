// The designer's form as data: which fields an identity × destination asks for, with options, help and a validator
// each, and the checks of a whole design. Values follow domain.md (section cited where a field is defined).
import { CUSTOM_KEYS, TOKEN_LIFETIME, presentedLifetime } from './resolve';
import { DESTINATIONS, IDENTITY_KINDS, type DesignField, type DesignModel, type DesignProblem, type Destination, type IdentityKind, type Validator } from './types';
import * as v from './validators';

const optional = (check: v.Check): Validator => (value) => (value === '' ? undefined : check(value));
const always = (check: v.Check): Validator => (value) => check(value);

/** Anthropic `oauth_scope` values (domain.md §1.5). */
export const ANTHROPIC_SCOPES = [
  { value: 'workspace:inference', label: 'workspace:inference: Messages, Models and the OpenAI-compatible chat endpoint' },
  { value: 'workspace:developer', label: 'workspace:developer: every non-admin endpoint of the workspace (like a workspace API key)' },
  { value: 'workspace:manage_tunnels', label: 'workspace:manage_tunnels: the MCP tunnels API (grant it in the Console)' },
  { value: 'org:admin', label: 'org:admin: the whole Admin API (Console only; targets an admin service account)' },
] as const;

/** OpenAI restricted permissions, examples from the guide (§2.1). */
export const OPENAI_SCOPES = [
  { value: 'api.model.request', label: 'api.model.request: call models' },
  { value: 'api.model.read', label: 'api.model.read: list and read models' },
  { value: 'api.vector_store.read', label: 'api.vector_store.read: read vector stores' },
] as const;

/** Identities whose tokens carry an issuer Snowflake matches as TYPE = OIDC, so an account-scoped audience is needed. */
const SNOWFLAKE_OIDC: readonly IdentityKind[] = ['github-actions', 'eks', 'kubernetes', 'spiffe', 'oidc'];

function lifetimeValidator(value: string, model: DesignModel): string | undefined {
  if (value === '') return undefined;
  const base = v.integerIn(60, 86400, 'The token lifetime')(value);
  if (base) return base;
  const n = Number(value);
  const { maxJwt } = presentedLifetime(model);
  const cap = Math.max(60, maxJwt);
  if (n > cap) return `Keep the token lifetime at or below the identity token's lifetime (${cap} s): a minted token outliving the token it came from widens the window for a leaked one.`;
  if (model.scope.split(/\s+/).includes('org:admin') && n > 900) return 'An org:admin token should live at most 900 s: it is a key to the whole Admin API while it lives.';
  return undefined;
}

/** The issuer's keys are fetched from the issuer itself in discovery mode: then it must be on the internet. */
function issuerValidator(value: string, model: DesignModel): string | undefined {
  const base = v.issuerUrl(value);
  if (base) return base;
  const mode = model.pins.jwks ?? 'discovery';
  if (model.destination === 'snowflake' || mode !== 'discovery') return undefined;
  const why = v.unreachable(value);
  if (!why) return undefined;
  const who = model.destination === 'anthropic' ? 'Anthropic' : 'OpenAI';
  const alt = model.destination === 'anthropic' ? 'choose an explicit JWKS URL or inline keys' : 'upload the JWKS';
  return `${who} fetches the signing keys from this issuer over the internet, but it points at ${why}: ${alt}, or publish the discovery document on a public https host.`;
}

function identityFields(identity: IdentityKind, destination: Destination): DesignField[] {
  const lifetime = TOKEN_LIFETIME[identity];
  const tokenLifetime = (label: string, help: string): DesignField => ({
    id: 'tokenLifetime', target: 'pins', label, kind: 'number', required: true, defaultValue: String(lifetime!.def),
    placeholder: String(lifetime!.def), help, validate: always(v.integerIn(lifetime!.min, lifetime!.max, label)),
  });
  const k8s = (when?: DesignField['when']): DesignField[] => [
    { id: 'namespace', target: 'pins', label: 'Namespace', kind: 'text', required: true, placeholder: 'inference', help: 'The namespace the pod runs in.', validate: always(v.k8sNamespace), ...(when ? { when } : {}) },
    {
      id: 'k8sServiceAccount', target: 'pins', label: 'Kubernetes service account', kind: 'text', required: true, placeholder: 'inference-worker',
      help: 'The pod\'s service account: the subject is system:serviceaccount:<namespace>:<service account>.', validate: always(v.k8sServiceAccountName), ...(when ? { when } : {}),
    },
  ];
  const keys: DesignField[] = CUSTOM_KEYS.includes(identity) && destination !== 'snowflake'
    ? [
        {
          id: 'jwks', target: 'pins', label: 'Signing keys', kind: 'select', required: true, defaultValue: 'discovery',
          options: destination === 'anthropic'
            ? [
                { value: 'discovery', label: 'Discovery: fetched from the issuer (public issuers)' },
                { value: 'explicit_url', label: 'Explicit JWKS URL (issuer only compared to iss)' },
                { value: 'inline', label: 'Inline keys (private issuers; no rotation)' },
              ]
            : [
                { value: 'discovery', label: 'Discovery: fetched from the issuer (public issuers)' },
                { value: 'inline', label: 'Uploaded JWKS (private issuers; no rotation)' },
              ],
          help: 'How the destination gets the issuer\'s public keys: discovery needs a public https issuer.',
        },
        ...(destination === 'anthropic'
          ? [{
              id: 'jwksUrl', target: 'pins', label: 'JWKS URL', kind: 'text', required: true, placeholder: 'https://keys.example.com/jwks.json',
              help: 'A public https URL serving the issuer\'s JWKS.', when: { field: 'jwks', equals: ['explicit_url'] }, validate: always(v.jwksUrl),
            } satisfies DesignField]
          : []),
        {
          id: 'jwksKeys', target: 'pins', label: 'Public keys (JWKS JSON)', kind: 'text', required: true, placeholder: '{"keys": [...]}',
          help: identity === 'kubernetes' ? 'Paste the output of `kubectl get --raw /openid/v1/jwks`: public keys only.' : 'Paste the issuer\'s JWKS: public keys only.',
          when: { field: 'jwks', equals: ['inline'] }, validate: always(v.jwksKeys),
        },
      ]
    : [];
  const issuer = (placeholder: string, help: string): DesignField => ({
    id: 'issuerUrl', target: 'pins', label: 'Issuer URL', kind: 'text', required: true, placeholder, help, validate: issuerValidator,
  });

  switch (identity) {
    case 'github-actions':
      return [
        { id: 'repository', target: 'pins', label: 'Repository', kind: 'text', required: true, placeholder: 'acme/payments', help: 'owner/name of the repository whose workflow runs the job.', validate: always(v.githubRepository) },
        {
          id: 'githubContext', target: 'pins', label: 'Pin to', kind: 'select', required: true, defaultValue: 'branch',
          options: [{ value: 'branch', label: 'One branch (push runs on it)' }, { value: 'environment', label: 'One deployment environment' }],
          help: 'A rule admits one branch or one environment, never the whole repository (pull requests from forks included).',
        },
        { id: 'branch', target: 'pins', label: 'Branch', kind: 'text', required: true, placeholder: 'main', help: 'The branch name: the subject ends in ref:refs/heads/<branch>.', when: { field: 'githubContext', equals: ['branch'] }, validate: always(v.gitBranch) },
        {
          id: 'environment', target: 'pins', label: 'Environment', kind: 'text', required: true, placeholder: 'production',
          help: 'The job\'s environment: the subject ends in environment:<name>; protect it with required reviewers.', when: { field: 'githubContext', equals: ['environment'] }, validate: always(v.githubEnvironment),
        },
        {
          id: 'subjectFormat', target: 'pins', label: 'Subject format', kind: 'select', required: true, defaultValue: 'name',
          options: [{ value: 'name', label: 'repo:owner/name:… (repositories from before 2026-07-15)' }, { value: 'immutable', label: 'repo:owner@id/name@id:… (immutable subjects)' }],
          help: 'Repositories created, renamed or transferred after 2026-07-15 (or opted in) get immutable subjects with ids.',
        },
        {
          id: 'ownerId', target: 'pins', label: 'Owner id', kind: 'text', required: false, placeholder: '123456',
          help: 'repository_owner_id: pins the owner by an id that survives renames (needed for immutable subjects).',
          validate: (value, model) => (value === '' ? (model.pins.subjectFormat === 'immutable' ? 'Immutable subjects carry the owner id: fill it in.' : undefined) : v.numericId(value)),
        },
        {
          id: 'repositoryId', target: 'pins', label: 'Repository id', kind: 'text', required: true, placeholder: '987654321',
          help: 'repository_id, part of immutable subjects.', when: { field: 'subjectFormat', equals: ['immutable'] }, validate: always(v.numericId),
        },
      ];
    case 'aws-sts':
      return [
        {
          id: 'awsIssuer', target: 'pins', label: 'Outbound issuer', kind: 'text', required: destination !== 'snowflake', placeholder: 'https://<id>.tokens.sts.global.api.aws',
          help: 'The account\'s issuer: `aws iam get-outbound-web-identity-federation-info` (enable outbound federation first).',
          validate: destination === 'snowflake' ? optional(v.awsOutboundIssuer) : always(v.awsOutboundIssuer),
        },
        { id: 'roleArn', target: 'pins', label: 'Role ARN', kind: 'text', required: true, placeholder: 'arn:aws:iam::123456789012:role/inference-worker', help: 'The IAM role the workload runs as: the tokens\' sub.', validate: always(v.roleArn) },
        tokenLifetime('Token duration (DurationSeconds)', 'How long minted tokens live (60–3600 s); the identity policy caps it.'),
        ...(destination === 'snowflake'
          ? []
          : [{
              id: 'signingAlgorithm', target: 'pins', label: 'Signing algorithm', kind: 'select', required: true, defaultValue: 'RS256',
              options: [{ value: 'RS256', label: 'RS256' }, { value: 'ES384', label: 'ES384' }], help: 'GetWebIdentityToken requires one; the identity policy pins it.',
            } satisfies DesignField]),
        {
          id: 'awsCompute', target: 'pins', label: 'Runs on', kind: 'select', required: true, defaultValue: 'lambda',
          options: [
            { value: 'lambda', label: 'AWS Lambda' }, { value: 'ecs', label: 'Amazon ECS task' }, { value: 'ec2', label: 'Amazon EC2 instance' },
            { value: 'eks', label: 'Amazon EKS pod (IRSA)' },
          ],
          help: 'Who may assume the role: the trust policy names it.',
        },
        { id: 'clusterIssuer', target: 'pins', label: 'EKS cluster issuer', kind: 'text', required: true, placeholder: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE', help: 'The cluster\'s OIDC issuer, for the IRSA trust policy.', when: { field: 'awsCompute', equals: ['eks'] }, validate: always(v.eksIssuer) },
        ...k8s({ field: 'awsCompute', equals: ['eks'] }),
      ];
    case 'eks':
      return [
        { id: 'clusterIssuer', target: 'pins', label: 'Cluster issuer', kind: 'text', required: true, placeholder: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE', help: 'One issuer per cluster: `aws eks describe-cluster --query cluster.identity.oidc.issuer`.', validate: always(v.eksIssuer) },
        ...k8s(),
        tokenLifetime('Token lifetime (expirationSeconds)', 'Lifetime of the projected token (at least 600 s); the issuer accepts no longer.'),
      ];
    case 'kubernetes':
      return [
        issuer('https://kubernetes.default.svc.cluster.local', 'The cluster\'s issuer: `kubectl get --raw /.well-known/openid-configuration | jq -r .issuer`.'),
        ...keys,
        ...k8s(),
        tokenLifetime('Token lifetime (expirationSeconds)', 'Lifetime of the projected token (at least 600 s); the issuer accepts no longer.'),
      ];
    case 'spiffe':
      return [
        issuer('https://oidc-discovery.example.com', 'The SPIRE `jwt_issuer` (the OIDC discovery provider\'s URL): JWT-SVIDs must carry it in iss.'),
        ...keys,
        { id: 'spiffeId', target: 'pins', label: 'SPIFFE ID', kind: 'text', required: true, placeholder: 'spiffe://acme.example/ns/batch/sa/worker', help: 'The workload\'s SPIFFE ID, the JWT-SVID\'s sub.', validate: always(v.spiffeId) },
        tokenLifetime('JWT-SVID lifetime', 'The SVID TTL (SPIRE\'s default is 300 s); the issuer accepts no longer.'),
      ];
    case 'google':
      return [
        { id: 'googleSaId', target: 'pins', label: 'Service account unique id', kind: 'text', required: true, placeholder: '104892101234567890123', help: 'The 21-digit unique id: the tokens\' sub (never reused).', validate: always(v.googleServiceAccountId) },
        {
          id: 'googleSaEmail', target: 'pins', label: 'Service account email', kind: 'text', required: destination !== 'snowflake', placeholder: 'inference-worker@my-project.iam.gserviceaccount.com',
          help: 'Matched with the id; tokens carry it when requested with format=full.', validate: destination === 'snowflake' ? optional(v.googleServiceAccountEmail) : always(v.googleServiceAccountEmail),
        },
      ];
    case 'entra':
      return [
        { id: 'tenantId', target: 'pins', label: 'Tenant id', kind: 'text', required: true, placeholder: '00000000-0000-0000-0000-000000000000', help: 'The Entra tenant: the issuer is https://login.microsoftonline.com/<tenant>/v2.0.', validate: always(v.guid) },
        { id: 'principalId', target: 'pins', label: 'Managed identity object id', kind: 'text', required: true, placeholder: '00000000-0000-0000-0000-000000000000', help: 'The managed identity\'s object (principal) id: the tokens\' oid and sub.', validate: always(v.guid) },
        ...(destination === 'snowflake'
          ? []
          : [{
              id: 'entraAudience', target: 'pins', label: 'Audience app (client) id', kind: 'text', required: true, placeholder: '00000000-0000-0000-0000-000000000000',
              help: 'The app registration the token is requested for: v2.0 tokens carry its client id as aud.', validate: always(v.guid),
            } satisfies DesignField]),
      ];
    case 'oidc':
      return [
        issuer('https://issuer.example.com', 'Exactly the tokens\' iss (scheme, host, path, trailing slash).'),
        ...keys,
        {
          id: 'subject', target: 'pins', label: 'Subject', kind: 'text', required: true, placeholder: 'service:batch-worker', help: 'The one sub the workload\'s tokens carry (exact).',
          validate: (value, model) => v.exactSubject(value) ?? (model.destination === 'snowflake' && value.length > 255 ? 'Snowflake is reported to limit SUBJECT to 255 characters.' : undefined),
        },
        tokenLifetime('Token lifetime (exp − iat)', 'How long the issuer\'s tokens live; the issuer registration accepts no longer.'),
      ];
  }
}

function destinationFields(identity: IdentityKind, destination: Destination): DesignField[] {
  switch (destination) {
    case 'anthropic':
      return [
        { id: 'serviceAccount', target: 'model', label: 'Service account name', kind: 'text', required: true, placeholder: 'ci-deployer', help: 'The service account the rule targets (created with it): a lower-case slug, unique in the organization.', validate: always(v.slugName) },
        { id: 'scope', target: 'model', label: 'Scope', kind: 'select', required: true, defaultValue: 'workspace:inference', options: ANTHROPIC_SCOPES, help: 'What minted tokens may call; workspace:inference is enough to call models.' },
        { id: 'workspace', target: 'model', label: 'Workspace', kind: 'text', required: false, placeholder: 'wrkspc_…', help: 'The workspace id (or `default`); `all` enables the rule in every workspace; empty: fill it in later.', validate: always(v.anthropicWorkspace) },
        { id: 'lifetimeSeconds', target: 'model', label: 'Token lifetime (s)', kind: 'number', required: false, placeholder: '600', help: 'token_lifetime_seconds of minted tokens (60–86400), at most the identity token\'s lifetime.', validate: lifetimeValidator },
        { id: 'organizationId', target: 'pins', label: 'Organization id', kind: 'text', required: false, placeholder: '00000000-0000-0000-0000-000000000000', help: 'Your organization\'s UUID, for the workload\'s settings (empty: fill it in later).', validate: optional(v.organizationId) },
      ];
    case 'openai':
      return [
        { id: 'serviceAccount', target: 'model', label: 'Mapping name', kind: 'text', required: true, placeholder: 'payments-ci', help: 'Names the provider\'s mapping (service account mapping).', validate: always(v.slugName) },
        { id: 'serviceAccountId', target: 'pins', label: 'Service account id', kind: 'text', required: false, placeholder: 'the project service account\'s id', help: 'The project service account tokens act as (empty: fill it in later).', validate: optional(v.opaqueId) },
        { id: 'workspace', target: 'model', label: 'Project id', kind: 'text', required: false, placeholder: 'proj_…', help: 'The project of the service account (empty: fill it in later).', validate: always(v.openaiProject) },
        { id: 'scope', target: 'model', label: 'Permission', kind: 'select', required: true, defaultValue: 'api.model.request', options: OPENAI_SCOPES, help: 'The mapping restricts tokens to this scope (never more than the service account).' },
      ];
    case 'snowflake':
      return [
        SNOWFLAKE_OIDC.includes(identity)
          ? {
              id: 'snowflakeAccount', target: 'pins', label: 'Snowflake account', kind: 'text', required: true, placeholder: 'myorg-myacct',
              help: 'Your account identifier: tokens are requested for https://<account>.snowflakecomputing.com, an audience no other account shares.', validate: always(v.snowflakeAccount),
            }
          : {
              id: 'snowflakeAccount', target: 'pins', label: 'Snowflake account', kind: 'text', required: false, placeholder: 'myorg-myacct',
              help: 'Your account identifier, for the connector settings (empty: fill it in later).', validate: optional(v.snowflakeAccount),
            },
        { id: 'serviceAccount', target: 'model', label: 'Service user', kind: 'text', required: true, placeholder: 'SVC_DEPLOY', help: 'The TYPE = SERVICE user the workload signs in as.', validate: always(v.snowflakeIdentifier) },
        { id: 'scope', target: 'model', label: 'Default role', kind: 'text', required: false, placeholder: 'DEPLOYER', help: 'The user\'s DEFAULT_ROLE (empty: none).', validate: optional(v.snowflakeIdentifier) },
      ];
  }
}

/** The form for an identity and a destination, in display order. */
export function designFields(identity: IdentityKind, destination: Destination): DesignField[] {
  if (!IDENTITY_KINDS.includes(identity) || !DESTINATIONS.includes(destination)) return [];
  return [...identityFields(identity, destination), ...destinationFields(identity, destination)];
}

/** A field's value in a design, as text ('' when unset). */
export function fieldValue(model: DesignModel, field: Pick<DesignField, 'id' | 'target'>): string {
  if (field.target === 'pins') return model.pins[field.id] ?? '';
  const value = (model as unknown as Record<string, unknown>)[field.id];
  return value === undefined || value === null ? '' : String(value);
}

/** Whether a field is shown for this design (its `when` holds). */
export function isVisible(field: DesignField, model: DesignModel, fields: readonly DesignField[]): boolean {
  if (!field.when) return true;
  const other = fields.find((f) => f.id === field.when!.field);
  return !!other && isVisible(other, model, fields) && field.when.equals.includes(fieldValue(model, other));
}

/** A new design with every default filled in (selects, lifetimes, scope); text pins are left empty. */
export function newDesign(identity: IdentityKind, destination: Destination, serviceAccount = ''): DesignModel {
  const fields = designFields(identity, destination);
  const pins: Record<string, string> = {};
  for (const f of fields) if (f.target === 'pins' && f.defaultValue !== undefined) pins[f.id] = f.defaultValue;
  const scope = fields.find((f) => f.id === 'scope')?.defaultValue ?? '';
  return { identity, destination, pins, scope, workspace: '', serviceAccount };
}

/** Every problem of a design, field by field, in form order. */
export function validateDesign(model: DesignModel): DesignProblem[] {
  const problems: DesignProblem[] = [];
  if (!IDENTITY_KINDS.includes(model.identity)) problems.push({ field: 'identity', message: `Choose the workload's identity (one of ${IDENTITY_KINDS.join(', ')}).` });
  if (!DESTINATIONS.includes(model.destination)) problems.push({ field: 'destination', message: `Choose the destination (one of ${DESTINATIONS.join(', ')}).` });
  if (problems.length) return problems;
  const fields = designFields(model.identity, model.destination);
  for (const f of fields) {
    if (!isVisible(f, model, fields)) continue;
    const value = fieldValue(model, f);
    if (value === '' && f.required) {
      problems.push({ field: f.id, message: `${f.label} is required.` });
      continue;
    }
    if (f.kind === 'select' && value !== '' && f.options && !f.options.some((o) => o.value === value)) {
      problems.push({ field: f.id, message: `${f.label}: "${value}" is not one of ${f.options.map((o) => o.value).join(', ')}.` });
      continue;
    }
    const message = f.validate?.(value, model);
    if (message) problems.push({ field: f.id, message });
  }
  return problems;
}
