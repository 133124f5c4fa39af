// The environment variables the workload rules read, and how a value is classified (literal, empty or a reference
// resolved elsewhere). Facts: docs (shared) domain.md §1.9 (Anthropic SDKs), §2.3-2.4 (OpenAI SDK, Codex).

/** Static Anthropic credentials: set (even empty) they outrank profiles and federation. */
export const ANTHROPIC_STATIC_VARS: readonly string[] = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

/** Variables whose presence says the workload means to federate with Anthropic (or to use a profile that does). */
export const ANTHROPIC_FEDERATION_VARS: readonly string[] = [
  'ANTHROPIC_FEDERATION_RULE_ID',
  'ANTHROPIC_IDENTITY_TOKEN_FILE',
  'ANTHROPIC_IDENTITY_TOKEN',
  'ANTHROPIC_PROFILE',
];

/** Codex workload identity: either one selects federation ahead of API keys in Codex (not in the OpenAI SDKs). */
export const OPENAI_FEDERATION_VARS: readonly string[] = ['OPENAI_FEDERATION_RULE_ID', 'OPENAI_IDENTITY_TOKEN_FILE'];

/** Variables that name a file holding the workload's identity token, by provider. */
export const IDENTITY_TOKEN_FILE_VARS: Readonly<Record<string, 'anthropic' | 'openai'>> = {
  ANTHROPIC_IDENTITY_TOKEN_FILE: 'anthropic',
  OPENAI_IDENTITY_TOKEN_FILE: 'openai',
};

/** Any of these in a dotenv-looking text makes it a workload environment file worth claiming. */
export const PROVIDER_VARS: ReadonlySet<string> = new Set([
  ...ANTHROPIC_STATIC_VARS,
  ...ANTHROPIC_FEDERATION_VARS,
  'ANTHROPIC_ORGANIZATION_ID',
  'ANTHROPIC_SERVICE_ACCOUNT_ID',
  'ANTHROPIC_WORKSPACE_ID',
  'ANTHROPIC_CONFIG_DIR',
  'OPENAI_API_KEY',
  ...OPENAI_FEDERATION_VARS,
]);

/** The audience each provider's guides use for a workload's identity token. */
export const PROVIDER_AUDIENCE: Readonly<Record<'anthropic' | 'openai', string>> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
};

export const PROVIDER_LABEL: Readonly<Record<'anthropic' | 'openai', string>> = { anthropic: 'Anthropic', openai: 'OpenAI' };

export type ValueShape = 'literal' | 'empty' | 'reference';

/**
 * How a format spells a value that is resolved elsewhere:
 * - shell: `$VAR`, `${VAR}`, `${VAR:-}` (dotenv, Dockerfile, compose; `$$` is a literal `$` in compose);
 * - github: `${{ secrets.X }}`, `${{ env.X }}`, `${{ vars.X }}`;
 * - kubernetes: `$(VAR)`;
 * - vscode: `${env:X}`, `${localEnv:X}`, `${containerEnv:X}`, `${input:x}`.
 */
export type ReferenceSyntax = 'shell' | 'github' | 'kubernetes' | 'vscode';

export function isReference(value: string, syntax: ReferenceSyntax): boolean {
  switch (syntax) {
    case 'github':
      return value.includes('${{');
    case 'kubernetes':
      return /\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(value.replace(/\$\$/g, ''));
    case 'vscode':
      return /\$\{[A-Za-z]+:/.test(value) || /\$\{env\}/.test(value);
    case 'shell':
      return /\$(?:\{|[A-Za-z_])/.test(value.replace(/\$\$/g, ''));
  }
}

export function shapeOf(value: string, syntax: ReferenceSyntax | undefined): ValueShape {
  if (value === '') return 'empty';
  return syntax && isReference(value, syntax) ? 'reference' : 'literal';
}

/** What an id variable must look like (domain.md §1.1). Only literal values are checked. */
export const ID_FORMATS: Readonly<Record<string, { readonly test: (v: string) => boolean; readonly expected: string }>> = {
  ANTHROPIC_FEDERATION_RULE_ID: { test: (v) => /^fdrl_[A-Za-z0-9]+$/.test(v), expected: 'a federation rule id (`fdrl_` followed by letters and digits)' },
  ANTHROPIC_SERVICE_ACCOUNT_ID: { test: (v) => /^svac_[A-Za-z0-9]+$/.test(v), expected: 'a service account id (`svac_` followed by letters and digits)' },
  ANTHROPIC_WORKSPACE_ID: { test: (v) => v === 'default' || /^wrkspc_[A-Za-z0-9]+$/.test(v), expected: 'a workspace id (`wrkspc_…`) or `default`' },
  ANTHROPIC_ORGANIZATION_ID: {
    test: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
    expected: 'an organization UUID (organizations have no tagged id)',
  },
};

/** Well-known locations of tokens minted for someone else (domain.md §1.8 EKS row, §2.3, §5.3). */
export const FOREIGN_TOKEN_FILES: readonly { readonly path: string; readonly what: string; readonly audience: string; readonly meantFor: string }[] = [
  {
    path: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
    what: 'the EKS IRSA token',
    audience: '`sts.amazonaws.com`',
    meantFor: 'AWS STS',
  },
  {
    path: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    what: "the pod's default service-account token",
    audience: "the cluster API server's",
    meantFor: 'the Kubernetes API server',
  },
];

/** `/run/...` is the same directory as `/var/run/...` in every container image that matters; `//` and a trailing `/` are noise. */
export function normalizePath(p: string): string {
  let s = p.trim().replace(/\/{2,}/g, '/');
  if (s.length > 1) s = s.replace(/\/$/, '');
  if (s.startsWith('/run/')) s = '/var' + s;
  return s;
}
