import { ruleLabel } from '../../anthropic/model';
import { spanInScalar } from '../../cel';
import { insertPair, setScalar } from '../../edit';
import type { Severity, Span } from '../../model';
import { createRule } from '../../rule';

// A minted token lives max(60, min(token_lifetime_seconds, 2 × the assertion's remaining validity)) seconds
// (domain.md §1.7); `token_lifetime_seconds` defaults to 3600 and the Console pre-fills 600 (§1.5). The presented
// assertion's own lifetime is capped by the issuer's `max_jwt_lifetime_seconds` (default 3600, §1.2).

const DEFAULT_LIFETIME = 3600;
const DEFAULT_MAX_JWT = 3600;
const SUGGESTED = 600;
const LIMITS = { admin: 900, workspace: 3600 };
const LONG_SCOPES = ['workspace:developer', 'workspace:manage_tunnels'];

export default createRule({
  id: 'anthropic/lifetime-for-scope',
  domain: 'anthropic',
  description: 'Keep `token_lifetime_seconds` short for powerful scopes: at most 900 s for `org:admin`, 3600 s for workspace development scopes.',
  type: 'suggestion',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    adminLifetime:
      '{{rule}} grants `org:admin` with `token_lifetime_seconds` {{lifetime}}{{defaulted}}: {{bound}}. An `org:admin` token is a key to the whole Admin API while it lives, and an automation step needs minutes. Set `token_lifetime_seconds` to 600 (the Console default) or less.',
    longLifetime:
      '{{rule}} grants `{{scope}}` with `token_lifetime_seconds` {{lifetime}}: {{bound}}. A token that outlives the job that needed it widens the window for a leaked one; 3600 s or less (600 s is the Console default) fits most jobs.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const admin = rule.scopes.includes('org:admin');
      const scope = admin ? 'org:admin' : LONG_SCOPES.find((s) => rule.scopes.includes(s));
      if (!scope) continue;
      const node = rule.tokenLifetimeSeconds;
      if (node && (typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < 60 || node.value > 86400)) continue;
      if (!node && !admin) continue;
      const lifetime = node ? (node.value as number) : DEFAULT_LIFETIME;
      const limit = admin ? LIMITS.admin : LIMITS.workspace;
      if (lifetime <= limit) continue;

      // the real bound: with the issuer in the file, its max_jwt_lifetime_seconds caps the assertion's validity
      const issuer = rule.issuer;
      const maxJwt = issuer ? (typeof issuer.maxJwtLifetimeSeconds?.value === 'number' ? issuer.maxJwtLifetimeSeconds.value : DEFAULT_MAX_JWT) : undefined;
      const formula = 'a minted token lives max(60, min(token_lifetime_seconds, 2 × the presented token\'s remaining validity)) s';
      let bound: string;
      let severity: Severity | undefined;
      if (maxJwt !== undefined) {
        const real = Math.max(60, Math.min(lifetime, 2 * maxJwt));
        if (real <= limit) continue;
        bound = `${formula}, and issuer "${issuer!.name?.value ?? issuer!.issuerUrl?.value}" accepts tokens valid for up to ${maxJwt} s, so minted tokens can live up to ${real} s`;
      } else if (rule.evidence?.profile.family === 'github-actions') {
        // GitHub Actions ID tokens are valid for about five minutes (domain.md §5.1): the cap keeps tokens near 600 s
        bound = `${formula}; GitHub Actions tokens are valid for about 5 minutes, so today's tokens live about 600 s, but the rule itself allows ${lifetime} s`;
        severity = 'info';
      } else {
        bound = `${formula}, so ${lifetime} s whenever the presented token is still valid for ${Math.ceil(lifetime / 2)} s or more`;
      }
      if (!admin) severity = 'info';

      let span: Span;
      if (node) span = node.span;
      else {
        const text = String(rule.oauthScope?.value ?? '');
        const at = text.search(/(^|\s)org:admin(\s|$)/);
        const start = at < 0 ? 0 : at + (text[at] === 'o' ? 0 : 1);
        span = rule.oauthScope ? spanInScalar(rule.oauthScope, ctx.text, { start, end: start + 'org:admin'.length }) : rule.node.span;
      }
      ctx.report({
        span,
        messageId: admin ? 'adminLifetime' : 'longLifetime',
        ...(severity ? { severity } : {}),
        data: { rule: ruleLabel(rule), scope, lifetime, defaulted: node ? '' : ' (not set: the default)', bound },
        suggest: [{
          title: `Set token_lifetime_seconds: ${SUGGESTED}`,
          edits: [node ? setScalar(node, SUGGESTED) : insertPair(ctx.text, rule.node, 'token_lifetime_seconds', SUGGESTED)],
        }],
      });
    }
  },
});
