import { insertPair, setScalar } from '../../edit';
import type { TextEdit } from '../../model';
import { type Report, type RuleContext, createRule } from '../../rule';
import { str } from '../../tree';
import type { KubeTokenSource, WorkloadModel } from '../../workload/model';
import { FOREIGN_TOKEN_FILES, IDENTITY_TOKEN_FILE_VARS, PROVIDER_AUDIENCE, PROVIDER_LABEL, normalizePath } from '../../workload/vars';

// A projected service-account token without `audience` is issued for the API server (domain.md §5.3); the provider
// guides project a dedicated token for their audience and say not to reuse the IRSA token (§1.8 EKS row).
// Kubernetes rejects `expirationSeconds` below 600.

type Provider = 'anthropic' | 'openai';

const CODEX_AUDIENCE = '<audience of your OpenAI workload identity provider>';

/** Which provider a projected token is for: an identity-token variable that points at its file, else its names. */
function destinations(t: KubeTokenSource): { providers: Provider[]; via: string } {
  const providers: Provider[] = [];
  const pointers: string[] = [];
  for (const f of t.files) {
    for (const v of f.scope.vars) {
      const p = IDENTITY_TOKEN_FILE_VARS[v.name];
      if (!p || v.shape !== 'literal' || v.value === undefined || normalizePath(v.value) !== f.file) continue;
      if (!providers.includes(p)) providers.push(p);
      if (!pointers.includes(v.name)) pointers.push(v.name);
    }
  }
  if (providers.length) return { providers, via: `${pointers.map((n) => `\`${n}\``).join(' and ')} points at it` };
  const names = [t.volume, t.path ?? '', ...t.files.map((f) => f.file)].join(' ');
  for (const p of ['anthropic', 'openai'] as const) if (new RegExp(p, 'i').test(names)) providers.push(p);
  return { providers, via: 'its volume or path is named for it' };
}

function audienceText(p: Provider): string {
  return p === 'anthropic' ? `\`${PROVIDER_AUDIENCE.anthropic}\`` : `the audience of your OpenAI workload identity provider (\`${PROVIDER_AUDIENCE.openai}\` in OpenAI's guides)`;
}

export default createRule({
  id: 'workload/projected-token-audience',
  domain: 'workload',
  description: 'Require a dedicated audience (and a valid lifetime) on the projected Kubernetes token a workload federates with.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    missingAudience:
      'The projected service-account token of volume `{{volume}}` feeds {{provider}} ({{via}}) but has no `audience`: Kubernetes then issues it for the cluster API server, so {{provider}} federation rejects it, or its rule must accept a token the API server accepts too. Set `audience` to {{audience}}.',
    reusedToken:
      '`{{name}}` points at {{what}}, whose audience is {{audience}}: it is meant for {{meantFor}}. Reusing it means the {{provider}} federation rule must accept that audience, and whoever holds the token can use it at both. Project a dedicated token with `audience` set to {{target}} and point `{{name}}` at it.',
    shortExpiration:
      '`expirationSeconds` is {{value}}: Kubernetes rejects a projected service-account token that expires in less than 600 seconds (10 minutes), so the pod is not created. Use 600 or more; the kubelet refreshes the file before the token expires.',
  },
  check(ctx) {
    checkTokens(ctx);
    for (const scope of ctx.model.scopes) {
      for (const v of scope.vars) {
        const provider = IDENTITY_TOKEN_FILE_VARS[v.name];
        if (!provider || v.value === undefined) continue;
        const irsaRef = v.shape === 'reference' && v.value.includes('AWS_WEB_IDENTITY_TOKEN_FILE');
        const foreign = irsaRef ? FOREIGN_TOKEN_FILES[0] : v.shape === 'literal' ? FOREIGN_TOKEN_FILES.find((f) => f.path === normalizePath(v.value!)) : undefined;
        if (!foreign) continue;
        ctx.report({
          span: v.valueSpan ?? v.nameSpan,
          messageId: 'reusedToken',
          severity: 'warning',
          data: { name: v.name, what: foreign.what, audience: foreign.audience, meantFor: foreign.meantFor, provider: PROVIDER_LABEL[provider], target: audienceText(provider) },
        });
      }
    }
  },
});

type MessageId = 'missingAudience' | 'reusedToken' | 'shortExpiration';

function checkTokens(ctx: RuleContext<WorkloadModel, MessageId>): void {
  const text = ctx.text;
  const report = (r: Report<MessageId>) => ctx.report(r);
  for (const pod of ctx.model.pods) {
    for (const t of pod.tokens) {
      const exp = t.expirationSeconds;
      const seconds = typeof exp?.value === 'number' ? exp.value : typeof exp?.value === 'string' && /^\d+$/.test(exp.value) ? Number(exp.value) : undefined;
      if (exp && seconds !== undefined && seconds < 600) {
        report({
          span: exp.span,
          messageId: 'shortExpiration',
          data: { value: seconds },
          suggest: [{ title: 'Set `expirationSeconds` to 600 (the minimum)', edits: [setScalar(exp, 600)] }],
        });
      }
      if ((str(t.audience) ?? '').trim() !== '') continue;
      const { providers, via } = destinations(t);
      if (providers.length === 0) continue;
      const set = (value: string): TextEdit => (t.audience ? setScalar(t.audience, value) : insertPair(text, t.node, 'audience', value));
      const data = { volume: t.volume, provider: providers.map((p) => PROVIDER_LABEL[p]).join(' and '), via, audience: providers.map(audienceText).join(' or ') };
      const fixes = providers.flatMap((p) =>
        p === 'anthropic'
          ? [{ title: `Set audience to ${PROVIDER_AUDIENCE.anthropic}`, edits: [set(PROVIDER_AUDIENCE.anthropic)] }]
          : [
              { title: `Set audience to ${PROVIDER_AUDIENCE.openai} (OpenAI API)`, edits: [set(PROVIDER_AUDIENCE.openai)] },
              { title: 'Set audience to the one your OpenAI (Codex) workload identity provider expects', edits: [set(CODEX_AUDIENCE)] },
            ],
      );
      // Anthropic's audience is fixed; OpenAI's is whatever its provider was configured with, so only suggest it
      const preferred = providers.length === 1 && providers[0] === 'anthropic';
      report({ span: t.key.span, messageId: 'missingAudience', data, ...(preferred ? { fix: fixes[0]! } : { suggest: fixes }) });
    }
  }
}
