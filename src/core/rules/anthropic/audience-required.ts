import { evidenceNote, ruleLabel } from '../../anthropic/model';
import { matchKeySpan } from '../../anthropic/pins';
import { insertPair, setScalar } from '../../edit';
import type { IssuerFamily } from '../../issuers';
import { createRule } from '../../rule';
import { str } from '../../tree';

// Kubernetes (EKS included), SPIFFE and custom OIDC issuers mint tokens for many audiences with the same keys; only
// `aud` says a token was meant for Anthropic. Anthropic's guides say to always set one (domain.md §1.8); what
// Anthropic expects when `audience` is omitted is not documented (§1.13), so this is a warning.

const KIND: Partial<Record<IssuerFamily, string>> = {
  eks: 'EKS service-account tokens',
  kubernetes: 'Kubernetes service-account tokens',
  spiffe: 'SPIFFE JWT-SVIDs',
  custom: 'tokens of a custom OIDC issuer',
};

const ANTHROPIC_AUDIENCE = 'https://api.anthropic.com';

export default createRule({
  id: 'anthropic/audience-required',
  domain: 'anthropic',
  description: 'Set `match.audience` for Kubernetes, EKS, SPIFFE and custom OIDC issuers, and not to the IRSA audience.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    missingAudience:
      '{{rule}} trusts {{issuer}}{{note}} and sets no `audience`. The same issuer signs {{kind}} for other services too, and only the audience shows that one was minted for Anthropic: a service that receives this workload\'s token for itself could replay it here. Set `audience` to the audience you mint the token for (e.g. {{aud}}).',
    irsaAudience:
      '{{rule}} matches the audience `sts.amazonaws.com`{{note}}: that is the IRSA token EKS projects for the AWS SDKs, so this rule reuses the token that also assumes the pod\'s AWS role. Project a second token with `audience: {{aud}}` and match that.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const profile = rule.evidence?.profile;
      const match = rule.matchMap;
      if (!profile || !match) continue;
      const kind = KIND[profile.family];
      const audience = str(rule.audience);
      const data = { rule: ruleLabel(rule), issuer: profile.label, note: evidenceNote(rule.evidence), kind: kind ?? '', aud: ANTHROPIC_AUDIENCE };
      if (profile.needsAudience && kind && !rule.audience) {
        ctx.report({
          span: matchKeySpan(rule),
          messageId: 'missingAudience',
          data,
          suggest: [{ title: `Set audience: ${ANTHROPIC_AUDIENCE}`, edits: [insertPair(ctx.text, match, 'audience', ANTHROPIC_AUDIENCE)] }],
        });
      } else if ((profile.family === 'eks' || profile.family === 'kubernetes') && rule.audience && audience?.trim() === 'sts.amazonaws.com') {
        ctx.report({
          span: rule.audience.span,
          messageId: 'irsaAudience',
          data,
          suggest: [{ title: `Match a token minted for ${ANTHROPIC_AUDIENCE}`, edits: [setScalar(rule.audience, ANTHROPIC_AUDIENCE)] }],
        });
      }
    }
  },
});
