import { insertPair, replaceNode } from '../../edit';
import { anchorOf, providerLabel } from '../../openai/model';
import { createRule } from '../../rule';
import { deref } from '../../tree';

// Codex providers default `check_jti` to false (domain.md §2.4; Anthropic's issuers default to true): without it, a
// token that leaks (a CI log, a crash dump) can be exchanged again and again until it expires, within
// `max_assertion_lifetime_seconds`. Advisory: replay protection also requires the workload to fetch a fresh token
// before every exchange, which only the owner can confirm.
export default createRule({
  id: 'openai/check-jti',
  domain: 'openai',
  description: 'Suggest `check_jti: true` on Codex providers, whose replay protection is off by default.',
  type: 'suggestion',
  defaultSeverity: 'info',
  hasSuggestions: true,
  messages: {
    missing:
      '{{provider}} does not set `check_jti`, and Codex defaults it to false: a leaked token can be exchanged repeatedly until it expires. Set `check_jti: true` if your workloads fetch a fresh token (new `jti`) for every exchange.',
    disabled:
      '{{provider}} turns replay protection off (`check_jti: false`): a leaked token can be exchanged repeatedly until it expires. Set it to true if your workloads fetch a fresh token (new `jti`) for every exchange.',
  },
  check(ctx) {
    for (const p of ctx.model.providers) {
      if (p.product !== 'codex') continue;
      const v = deref(p.checkJti);
      if (!v) {
        ctx.report({
          span: anchorOf(p),
          messageId: 'missing',
          data: { provider: providerLabel(p) },
          suggest: [{ title: 'Add check_jti: true', edits: [insertPair(ctx.text, p.node, 'check_jti', true)] }],
        });
      } else if (v.kind === 'scalar' && v.value === false) {
        ctx.report({
          span: v.span,
          messageId: 'disabled',
          data: { provider: providerLabel(p) },
          suggest: [{ title: 'Set check_jti: true', edits: [replaceNode(v, 'true')] }],
        });
      }
    }
  },
});
