import type { Span } from '../../model';
import { createRule } from '../../rule';
import type { EnvScope, EnvVar, WorkloadModel } from '../../workload/model';
import { ANTHROPIC_FEDERATION_VARS, ANTHROPIC_STATIC_VARS, OPENAI_FEDERATION_VARS } from '../../workload/vars';

// Credential precedence (domain.md §1.9): a constructor argument, then ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN, then
// an explicit profile, then the federation variables. A key that is set, even to '', wins; the SDK only warns about
// the shadowing when the key is non-empty. Codex (§2.4) picks workload identity ahead of keys, but the OpenAI SDKs
// have no federation variables and keep using OPENAI_API_KEY.

function federationIn(scope: EnvScope, names: readonly string[]): EnvVar | undefined {
  return scope.vars.find((v) => v.origin !== 'input' && names.includes(v.name) && v.shape !== 'empty');
}

/** Deleting is safe only when every process that sees the variable federates with the same provider. */
function everyScopeFederates(model: WorkloadModel, v: EnvVar, names: readonly string[]): boolean {
  return model.scopesSeeing(v).every((s) => federationIn(s, names) !== undefined);
}

export default createRule({
  id: 'workload/static-key-shadows-federation',
  domain: 'workload',
  description: 'Disallow a static API key (even empty) in an environment that is configured for workload identity federation.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    shadowsEmpty:
      '`{{name}}` is set to an empty string next to federation settings ({{federation}}): a set-but-empty key still outranks federation, so the SDK sends an empty key, never federates, and does not warn. Unset it, don\'t blank it: delete the variable.',
    shadowsReference:
      '`{{name}}` is passed through next to federation settings ({{federation}}): whenever it is set it outranks federation, and when it resolves to an empty string (an unset secret or variable) the SDK silently sends an empty key. Unset it, don\'t blank it: delete the variable.',
    shadowsLiteral:
      '`{{name}}` holds a literal value next to federation settings ({{federation}}): a static key outranks federation, so every request uses this long-lived key and the federation settings are ignored. Remove the key (and revoke it) once federation works.',
    openaiShadows:
      '`OPENAI_API_KEY` is set next to Codex workload identity ({{federation}}): Codex uses workload identity, but the OpenAI SDKs and any other tool in the same process still read `OPENAI_API_KEY` and call the API with the long-lived key. Remove it unless something there must use a key.',
    openaiShadowsEmpty:
      '`OPENAI_API_KEY` is set to an empty string next to Codex workload identity ({{federation}}): Codex ignores it, but the OpenAI SDKs and other tools in the same process send an empty key. Unset it, don\'t blank it: delete the variable.',
    emptyKey:
      '`{{name}}` is set to an empty string: blank is not unset. The SDK takes the empty key, never looks for a profile or federation credentials, and does not warn. Delete the variable instead of blanking it.',
  },
  check(ctx) {
    const m = ctx.model;
    const removeTitle = (v: EnvVar) => `Delete \`${v.name}\``;
    for (const scope of m.scopes) {
      const anthropic = federationIn(scope, ANTHROPIC_FEDERATION_VARS);
      const openai = federationIn(scope, OPENAI_FEDERATION_VARS);
      for (const v of scope.vars) {
        const isAnthropic = ANTHROPIC_STATIC_VARS.includes(v.name);
        if (!isAnthropic && v.name !== 'OPENAI_API_KEY') continue;
        const evidence = isAnthropic ? anthropic : openai;
        if (!evidence) {
          if (isAnthropic && v.shape === 'empty' && !scope.template) {
            ctx.report({ span: v.nameSpan, messageId: 'emptyKey', severity: 'warning', data: { name: v.name }, fix: { title: removeTitle(v), edits: [v.remove] } });
          }
          continue;
        }
        const related: { span: Span; message: string }[] = [{ span: evidence.nameSpan, message: `\`${evidence.name}\` configures federation here` }];
        const data = { name: v.name, federation: `\`${evidence.name}\`` };
        const remove = { title: removeTitle(v), edits: [v.remove] };
        const names = isAnthropic ? ANTHROPIC_FEDERATION_VARS : OPENAI_FEDERATION_VARS;
        // a variable several processes see (a workflow-level env, a YAML anchor) is deleted automatically only when
        // every one of them federates; otherwise deleting it is the user's call
        const safe = everyScopeFederates(m, v, names);
        if (isAnthropic) {
          const messageId = v.shape === 'empty' ? 'shadowsEmpty' : v.shape === 'reference' ? 'shadowsReference' : 'shadowsLiteral';
          const preferred = v.shape !== 'literal' && safe;
          ctx.report({ span: v.nameSpan, messageId, data, related, ...(preferred ? { fix: remove } : { suggest: [remove] }) });
        } else {
          // OpenAI SDKs have no federation variables: only an empty key is certainly useless to the process
          const preferred = v.shape === 'empty' && safe;
          ctx.report({
            span: v.nameSpan,
            messageId: v.shape === 'empty' ? 'openaiShadowsEmpty' : 'openaiShadows',
            severity: 'warning',
            data,
            related,
            ...(preferred ? { fix: remove } : { suggest: [remove] }),
          });
        }
      }
    }
  },
});
