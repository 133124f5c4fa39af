import { insertPair, setScalar } from '../../edit';
import { anchorOf, ruleLabel } from '../../openai/model';
import { createRule } from '../../rule';
import { deref, getScalar, pairOf } from '../../tree';

// A mapping's `permissions` narrow the minted token (`{type: restricted, scopes: [...]}`); without them, or with
// `service_account_default`, the token can do everything the service account can (domain.md §2.1). Advisory: the
// scopes a workload needs are for its owner to choose; the suggestion names `api.model.request` (model calls).
const EXAMPLE_SCOPE = 'api.model.request';

export default createRule({
  id: 'openai/permissions',
  domain: 'openai',
  description: 'Suggest restricting what tokens minted from an API Platform mapping may do.',
  type: 'suggestion',
  defaultSeverity: 'info',
  hasSuggestions: true,
  messages: {
    missing:
      '{{rule}} sets no `permissions`: its tokens can do everything {{account}} can. Restrict them to the scopes the workload needs (e.g. `api.model.request` for model calls).',
    accountDefault:
      '{{rule}} uses `service_account_default`: its tokens can do everything {{account}} can. Use `restricted` with the scopes the workload needs (e.g. `api.model.request` for model calls).',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      if (rule.product !== 'api') continue;
      const account = rule.serviceAccountId ? `service account \`${String(rule.serviceAccountId.value)}\`` : 'the mapped service account';
      const perm = deref(rule.permissions);
      if (!perm) {
        ctx.report({
          span: anchorOf(rule),
          messageId: 'missing',
          data: { rule: ruleLabel(rule), account },
          suggest: [{
            title: `Restrict to ${EXAMPLE_SCOPE}`,
            edits: [insertPair(ctx.text, rule.node, 'permissions', { type: 'restricted', scopes: [EXAMPLE_SCOPE] })],
          }],
        });
        continue;
      }
      const type = getScalar(perm, 'type');
      if (perm.kind !== 'map' || type?.value !== 'service_account_default') continue;
      ctx.report({
        span: type.span,
        messageId: 'accountDefault',
        data: { rule: ruleLabel(rule), account },
        suggest: [
          pairOf(perm, 'scopes')
            ? { title: 'Use restricted with the listed scopes', edits: [setScalar(type, 'restricted')] }
            : { title: `Restrict to ${EXAMPLE_SCOPE}`, edits: [setScalar(type, 'restricted'), insertPair(ctx.text, perm, 'scopes', [EXAMPLE_SCOPE])] },
        ],
      });
    }
  },
});
