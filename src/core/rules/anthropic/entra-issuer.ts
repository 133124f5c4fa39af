import { capitalized, intValue, replaceInScalar, setField, subSpan } from '../../anthropic/fields';
import { setScalar } from '../../edit';
import type { Fix } from '../../model';
import { createRule } from '../../rule';
import { deref, pairOf, str } from '../../tree';

// domain.md §1.8, §5.6: Entra managed-identity tokens live up to 24 h (`exp − iat`), so their issuer needs
// `max_jwt_lifetime_seconds: 86400`; the default is 3600 (§1.2). v1.0 tokens (`iss https://sts.windows.net/<tid>/`)
// name the client in `appid`, never `azp`.
const MI_LIFETIME = 86400;
const DEFAULT_MAX = 3600;

export default createRule({
  id: 'anthropic/entra-issuer',
  domain: 'anthropic',
  description: 'Fit Microsoft Entra ID issuers and rules to the tokens Entra issues (24 h lifetimes, appid on v1.0).',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    shortLifetime:
      '{{object}} accepts JWTs living at most {{max}} s{{note}}, but Entra managed-identity tokens live up to 24 h: exchanges fail whenever a cached token is older. Set `max_jwt_lifetime_seconds: 86400`.',
    azpOnV1:
      '{{object}} matches `azp`, but its issuer is Entra ID v1.0 (`sts.windows.net`), whose tokens carry the client id in `appid` and never `azp`: the rule can never match. Match `appid` instead.',
  },
  check(ctx) {
    const { text } = ctx;
    for (const issuer of ctx.model.issuers) {
      const family = issuer.profile.family;
      if (family !== 'entra-v1' && family !== 'entra-v2') continue;
      const pair = pairOf(issuer.node, 'max_jwt_lifetime_seconds');
      const v = deref(pair?.value);
      const given = v?.kind === 'scalar' && v.value !== null;
      const max = given ? intValue(v) : DEFAULT_MAX;
      if (max === undefined || max >= MI_LIFETIME) continue; // a wrong type is field-type's
      const suggest: Omit<Fix, 'preferred'>[] = [{
        title: 'Accept 24-hour tokens (max_jwt_lifetime_seconds: 86400)',
        edits: [v?.kind === 'scalar' && given ? setScalar(v, MI_LIFETIME) : setField(text, issuer.node, 'max_jwt_lifetime_seconds', MI_LIFETIME)],
      }];
      ctx.report({
        span: v?.kind === 'scalar' && given ? v.span : (issuer.name ?? issuer.issuerUrl ?? issuer.node).span,
        messageId: 'shortLifetime',
        severity: 'warning',
        data: { object: capitalized('issuer', issuer.node), max, note: given ? '' : ' (the default, as `max_jwt_lifetime_seconds` is not set)' },
        suggest,
      });
    }

    for (const rule of ctx.model.rules) {
      if (rule.issuer?.profile.family !== 'entra-v1') continue;
      const object = capitalized('rule', rule.node);
      const claims = deref(rule.claims);
      if (claims?.kind === 'map') {
        const azp = claims.pairs.find((p) => p.key.value === 'azp');
        if (azp) {
          const clash = !!pairOf(claims, 'appid'); // renaming would duplicate the key
          ctx.report({
            span: azp.key.span,
            messageId: 'azpOnV1',
            data: { object },
            ...(clash ? {} : { fix: { title: 'Match appid instead of azp', edits: [setScalar(azp.key, 'appid')] } }),
          });
        }
      }
      const cond = rule.condition;
      const source = str(cond);
      if (cond && source) {
        for (const m of source.matchAll(/\bclaims(?:\.azp\b|\[\s*(["'])azp\1\s*\])/g)) {
          const span = subSpan(cond, m.index, m.index + m[0].length);
          ctx.report({
            span,
            messageId: 'azpOnV1',
            data: { object },
            suggest: [{ title: 'Compare claims.appid instead', edits: [replaceInScalar(cond, m.index, m.index + m[0].length, 'claims.appid')] }],
          });
        }
      }
    }
  },
});
