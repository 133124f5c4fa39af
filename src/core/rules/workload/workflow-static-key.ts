import { formatScalar } from '../../edit';
import type { TextEdit } from '../../model';
import { createRule } from '../../rule';
import type { EnvScope, EnvVar } from '../../workload/model';
import { ANTHROPIC_FEDERATION_VARS, OPENAI_FEDERATION_VARS } from '../../workload/vars';

// A job with `id-token: write` can request a GitHub OIDC token, which Anthropic, OpenAI, AWS and Snowflake all accept
// through workload identity federation (domain.md §1.8, §2.1, §3, §4.2): a long-lived key next to it is a leftover.

type Provider = 'Anthropic' | 'OpenAI' | 'AWS' | 'Snowflake';

const KEY_VARS: Readonly<Record<string, Provider>> = {
  ANTHROPIC_API_KEY: 'Anthropic',
  ANTHROPIC_AUTH_TOKEN: 'Anthropic',
  OPENAI_API_KEY: 'OpenAI',
  AWS_ACCESS_KEY_ID: 'AWS',
  AWS_SECRET_ACCESS_KEY: 'AWS',
  SNOWFLAKE_PASSWORD: 'Snowflake',
};

const KEY_INPUTS: Readonly<Record<string, Provider>> = {
  anthropic_api_key: 'Anthropic',
  'anthropic-api-key': 'Anthropic',
  openai_api_key: 'OpenAI',
  'openai-api-key': 'OpenAI',
  'aws-access-key-id': 'AWS',
  'aws-secret-access-key': 'AWS',
};

const AWS_ACTION = /^aws-actions\/configure-aws-credentials@/i;
const CLAUDE_ACTION = /^anthropics\/claude-code(?:-base)?-action@/i;
const AWS_KEY_INPUTS = ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'];

/** The provider whose key an action input carries: by its name, or `api-key`/`api_key` of an Anthropic or OpenAI action. */
function inputProvider(input: string, uses: string | undefined): Provider | undefined {
  const known = KEY_INPUTS[input.toLowerCase()];
  if (known) return known;
  if (!/^api[-_]key$/i.test(input) || !uses) return undefined;
  if (/anthropic|claude/i.test(uses)) return 'Anthropic';
  if (/openai|codex/i.test(uses)) return 'OpenAI';
  return undefined;
}

/** A key next to the same provider's federation settings is workload/static-key-shadows-federation's finding. */
function shadowsFederation(scope: EnvScope, provider: Provider): boolean {
  const names = provider === 'Anthropic' ? ANTHROPIC_FEDERATION_VARS : provider === 'OpenAI' ? OPENAI_FEDERATION_VARS : [];
  return scope.vars.some((v) => names.includes(v.name) && v.shape !== 'empty');
}

const HOW: Readonly<Record<Provider, string>> = {
  Anthropic: 'an Anthropic federation rule for this repository (`ANTHROPIC_FEDERATION_RULE_ID`, `ANTHROPIC_ORGANIZATION_ID`, `ANTHROPIC_IDENTITY_TOKEN_FILE`)',
  OpenAI: 'an OpenAI workload identity provider and federation rule for this repository',
  AWS: 'an IAM role that trusts this repository and `aws-actions/configure-aws-credentials` with `role-to-assume`',
  Snowflake: 'a Snowflake service user with `WORKLOAD_IDENTITY` for this repository',
};

export default createRule({
  id: 'workload/workflow-static-key',
  domain: 'workload',
  description: 'Flag long-lived provider keys in GitHub Actions jobs that can already federate with `id-token: write`.',
  type: 'suggestion',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    staticKey:
      '`{{name}}` passes a long-lived {{provider}} key to job "{{job}}", which already has `id-token: write`: the job can exchange its GitHub OIDC token for short-lived credentials instead, so the key is a leftover. Set up {{how}}, then remove the key and revoke it.',
    actionKey:
      'Input `{{name}}` of `{{action}}` passes a long-lived {{provider}} key, but job "{{job}}" already has `id-token: write`: the job can exchange its GitHub OIDC token for short-lived credentials instead. Set up {{how}}, then remove the key and revoke it.',
  },
  check(ctx) {
    for (const wf of ctx.model.workflows) {
      for (const job of wf.jobs) {
        if (!job.idTokenWrite) continue;
        const related = [{ span: job.idTokenWrite, message: 'the job may request an OIDC token here' }];
        // claude-code-action needs `id-token: write` for its own GitHub App token: that grant alone does not show the
        // Anthropic key is a leftover, unless the job also carries Anthropic federation settings
        const claudeAction = job.scopes.some((s) => s.uses !== undefined && CLAUDE_ACTION.test(s.uses));
        const anthropicFederation = job.scopes.some((s) => s.vars.some((v) => ANTHROPIC_FEDERATION_VARS.includes(v.name) && v.shape !== 'empty'));
        const relevant = (p: Provider) => p !== 'Anthropic' || !claudeAction || anthropicFederation;
        for (const scope of job.scopes) {
          for (const v of scope.vars) {
            const provider = KEY_VARS[v.name];
            if (!provider || v.shape === 'empty' || !relevant(provider) || shadowsFederation(scope, provider)) continue;
            ctx.report({
              span: v.nameSpan,
              messageId: 'staticKey',
              data: { name: v.name, provider, job: job.id, how: HOW[provider] },
              related,
              suggest: [{ title: `Remove \`${v.name}\` (once federation is set up)`, edits: [v.remove] }],
            });
          }
          for (const input of scope.inputs ?? []) {
            const provider = inputProvider(input.name, scope.uses);
            if (!provider || input.shape === 'empty' || !relevant(provider)) continue;
            ctx.report({
              span: input.nameSpan,
              messageId: 'actionKey',
              data: { name: input.name, action: (scope.uses ?? 'the action').replace(/@.*$/s, ''), provider, job: job.id, how: HOW[provider] },
              related,
              suggest: suggestionsFor(ctx.text, scope, input),
            });
          }
        }
      }
    }
  },
});

function suggestionsFor(text: string, scope: EnvScope, input: EnvVar): { title: string; edits: TextEdit[] }[] {
  const remove = { title: `Remove \`${input.name}\` (once federation is set up)`, edits: [input.remove] };
  const inputs = scope.inputs ?? [];
  const keys = inputs.filter((i) => AWS_KEY_INPUTS.includes(i.name));
  if (!scope.uses || !AWS_ACTION.test(scope.uses) || !AWS_KEY_INPUTS.includes(input.name) || keys.length === inputs.length) return [remove];
  // configure-aws-credentials federates when given `role-to-assume` and no keys: put the role where the key id was
  const hasRole = inputs.some((i) => i.name === 'role-to-assume');
  const edits: TextEdit[] = keys.map((k) => k.remove);
  const first = keys[0]!;
  if (!hasRole && first.valueSpan) {
    const quoted = text[first.nameSpan.start - 1] === '"' || text[first.nameSpan.start - 1] === "'";
    const start = first.nameSpan.start - (quoted ? 1 : 0);
    edits[0] = { span: { start, end: first.valueSpan.end }, newText: `role-to-assume: ${formatScalar('<ARN of the IAM role to assume>')}` };
  }
  return [{ title: hasRole ? 'Drop the access keys and use `role-to-assume`' : 'Replace the access keys with `role-to-assume`', edits }];
}
