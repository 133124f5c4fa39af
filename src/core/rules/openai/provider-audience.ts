import { insertPair, removePair, setScalar } from '../../edit';
import { parseWildcard } from '../../openai/matchers';
import { anchorOf, type OpenAIProvider, type OpenAIRule, providerLabel, ruleLabel } from '../../openai/model';
import { createRule } from '../../rule';
import { deref, pairOf, str } from '../../tree';

// The audience is what ties a token to OpenAI. API Platform providers require `audience` (minLength 1; domain.md
// §2.1, schema from a mirror [S]). Codex providers may omit it, but then every rule must set `audiences`, and SPIFFE
// rules always must (§2.4).
const GUIDE_AUDIENCE = 'https://api.openai.com/v1';
const AUDIENCE_PLACEHOLDER = '<audience your tokens carry for OpenAI>';

export default createRule({
  id: 'openai/provider-audience',
  domain: 'openai',
  description: 'Require an audience on OpenAI providers, and accepted audiences on Codex rules that need them.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    apiMissing:
      '{{provider}} has no `audience`: API Platform providers require the single `aud` value tokens must carry for OpenAI, and the API rejects a provider without one. Set it to the audience your workloads request (OpenAI\'s guides use `https://api.openai.com/v1`).',
    empty: '`audience` is empty: set the `aud` value tokens must carry for OpenAI (a non-empty string).',
    notString: '`audience` must be one string (the expected `aud`); {{hint}}',
    codexRuleMissing:
      '{{rule}} sets no `audiences`, and {{provider}} has no `audience`: Codex rejects such a rule, because nothing would tie the tokens to OpenAI. Add the audience your tokens carry in `audiences`, or set one on the provider.',
    spiffeRuleMissing:
      '{{rule}} accepts SPIFFE JWT-SVIDs and sets no `audiences`: Codex requires accepted audiences on every SPIFFE rule, since a JWT-SVID is only bound to its destination by its audience. Add the audience your workloads request.',
    codexProviderNoRules:
      '{{provider}} has {{why}}: every rule under it must set `audiences` (Codex rejects those that do not). Its rules are not in this file; check them{{advice}}.',
    audContradicts:
      'Matcher `aud` `{{value}}` does not match {{provider}}\'s audience `{{audience}}`: the provider only accepts tokens for its audience, so this mapping matches only tokens that carry both values. Match the provider\'s audience, or drop the matcher.',
  },
  check(ctx) {
    for (const p of ctx.model.providers) {
      const aud = deref(p.audience);
      if (aud && !(aud.kind === 'scalar' && typeof aud.value === 'string')) {
        const hint = p.product === 'codex' ? 'to accept several, list them in each rule\'s `audiences`.' : 'an API Platform provider accepts exactly one audience.';
        ctx.report({ span: aud.span, messageId: 'notString', data: { hint } });
        continue;
      }
      if (p.product === 'api') {
        const key = pairOf(p.node, 'audience');
        if (!key) {
          ctx.report({
            span: anchorOf(p),
            messageId: 'apiMissing',
            data: { provider: providerLabel(p) },
            suggest: [
              { title: `Set audience ${GUIDE_AUDIENCE}`, edits: [insertPair(ctx.text, p.node, 'audience', GUIDE_AUDIENCE)] },
              { title: 'Add an audience to fill in', edits: [insertPair(ctx.text, p.node, 'audience', AUDIENCE_PLACEHOLDER)] },
            ],
          });
        } else if (aud?.kind === 'scalar' && String(aud.value).trim() === '') {
          ctx.report({ span: aud.span, messageId: 'empty', suggest: [{ title: `Set audience ${GUIDE_AUDIENCE}`, edits: [setScalar(aud, GUIDE_AUDIENCE)] }] });
        }
      } else if (p.rules.length === 0 && (!hasAudience(p) || p.spiffe)) {
        ctx.report({
          span: anchorOf(p),
          messageId: 'codexProviderNoRules',
          severity: 'warning',
          data: {
            provider: providerLabel(p),
            why: p.spiffe ? 'type `spiffe_jwt`' : 'no `audience`',
            advice: p.spiffe ? '' : ', or set a provider `audience`',
          },
          suggest: p.spiffe ? [] : [{ title: 'Add an audience to fill in', edits: [insertPair(ctx.text, p.node, 'audience', AUDIENCE_PLACEHOLDER)] }],
        });
      }
    }
    for (const r of ctx.model.rules) {
      if (r.product === 'codex') checkCodexRule(r);
      else checkAud(r);
    }

    function checkCodexRule(r: OpenAIRule) {
      if (pairOf(r.node, 'audiences')) return; // its shape and size are openai/field-range's
      const spiffe = r.provider ? r.provider.spiffe : r.evidence?.profile.family === 'spiffe';
      if (!spiffe && (!r.provider || hasAudience(r.provider))) return;
      const provider = r.provider;
      ctx.report({
        span: anchorOf(r),
        messageId: spiffe ? 'spiffeRuleMissing' : 'codexRuleMissing',
        data: { rule: ruleLabel(r), provider: provider ? providerLabel(provider) : '' },
        suggest: [{ title: 'Add accepted audiences to fill in', edits: [insertPair(ctx.text, r.node, 'audiences', [AUDIENCE_PLACEHOLDER])] }],
      });
    }

    function checkAud(r: OpenAIRule) {
      const expected = r.provider ? str(r.provider.audience) : undefined;
      const pair = pairOf(r.matchers, 'aud');
      const v = deref(pair?.value);
      if (!expected || !r.matchers || !pair || v?.kind !== 'scalar' || typeof v.value !== 'string') return;
      const w = parseWildcard(v.value);
      const agrees = w.kind === 'exact' ? v.value === expected : w.kind === 'prefix' ? expected.startsWith(w.prefix) : true;
      if (agrees) return;
      ctx.report({
        span: v.span,
        messageId: 'audContradicts',
        severity: 'warning',
        data: { value: v.value, audience: expected, provider: providerLabel(r.provider!) },
        suggest: [
          { title: `Match the provider's audience ${expected}`, edits: [setScalar(v, expected)] },
          { title: 'Remove the aud matcher', edits: [removePair(ctx.text, r.matchers, pair)] },
        ],
      });
    }
  },
});

function hasAudience(p: OpenAIProvider): boolean {
  return (str(p.audience) ?? '').trim() !== '';
}
