import { evidenceNote, ruleLabel } from '../../anthropic/model';
import { claimsMapOf, conditionFor, conditionMentionsTenant, matchKeySpan, ownerFromSubject, staticTenantPin } from '../../anthropic/pins';
import { insertPair } from '../../edit';
import type { IssuerFamily } from '../../issuers';
import { createRule } from '../../rule';
import { str } from '../../tree';

// Shared public issuers sign tokens for every customer of the platform. The Admin API requires a rule on one of them
// to constrain tenant identity: an identity-bearing claim, a tenant-pinning `subject_prefix`, or a condition that reads
// such a claim, re-checked on every update (domain.md §1.5, validity rule 2). Whether a condition that reads a tenant
// claim really pins it on every path is `anthropic/cel-over-true`'s question: the Admin API accepts those.

interface TenantHint {
  readonly noun: string;
  readonly claim: string;
  value(subject: string | undefined): string;
}

const HINTS: Partial<Record<IssuerFamily, TenantHint>> = {
  'github-actions': { noun: 'repository owner', claim: 'repository_owner', value: (s) => ownerFromSubject(s) ?? '<owner>' },
  gitlab: { noun: 'group', claim: 'namespace_path', value: (s) => /^project_path:([^/:*]+)\//.exec(s ?? '')?.[1] ?? '<group>' },
  buildkite: { noun: 'organization', claim: 'organization_slug', value: (s) => /^organization:([^:*]+):/.exec(s ?? '')?.[1] ?? '<organization>' },
  'terraform-cloud': { noun: 'organization', claim: 'terraform_organization_name', value: (s) => /^organization:([^:*]+):/.exec(s ?? '')?.[1] ?? '<organization>' },
  google: { noun: 'project', claim: 'email', value: () => '<service-account>@<project>.iam.gserviceaccount.com' },
};

export default createRule({
  id: 'anthropic/tenant-pin',
  domain: 'anthropic',
  description: 'Pin the tenant (GitHub owner, GitLab group, organization, Google service account) in a rule on a shared public issuer.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    noTenant:
      '{{rule}} trusts {{issuer}}, a public issuer that signs tokens for every {{noun}} on the platform{{note}}, and nothing in its `match` pins yours: {{why}}. Any {{noun}}\'s workload could match, so the Admin API rejects the rule (and re-checks this on every update). Add `claims: {{{claim}}: …}`, a `subject_prefix` that names the {{noun}}, or a condition on {{claims}}.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const profile = rule.evidence?.profile;
      const match = rule.matchMap;
      if (!profile?.shared || !match) continue;
      const prefix = str(rule.subjectPrefix);
      const claims = claimsMapOf(rule);
      const condition = (str(rule.condition) ?? '').trim();
      // a match that constrains nothing at all is anthropic/match-constraint's finding
      if ((prefix ?? '').replace(/\*/g, '') === '' && !claims?.pairs.length && condition === '') continue;
      if (staticTenantPin(rule, profile)) continue;
      const cond = conditionFor(rule, ctx.text);
      if (cond && (!cond.root || conditionMentionsTenant(cond, profile))) continue;
      const hint = HINTS[profile.family];
      const why = [
        prefix === undefined ? 'there is no `subject_prefix`' : `\`subject_prefix\` "${prefix}" does not name one`,
        claims ? '`claims` has no tenant claim' : undefined,
        cond ? 'the condition reads no tenant claim' : undefined,
      ].filter(Boolean).join(', ');
      const value = hint?.value(prefix);
      ctx.report({
        span: matchKeySpan(rule),
        messageId: 'noTenant',
        data: {
          rule: ruleLabel(rule),
          issuer: profile.label,
          noun: hint?.noun ?? 'tenant',
          note: evidenceNote(rule.evidence),
          why,
          claim: hint?.claim ?? profile.tenantClaims[0] ?? 'sub',
          claims: profile.tenantClaims.map((c) => `\`${c}\``).slice(0, 4).join(', '),
        },
        suggest: hint && value
          ? [{
              title: `Pin the ${hint.noun}: claims.${hint.claim} = "${value}"`,
              edits: [claims ? insertPair(ctx.text, claims, hint.claim, value) : insertPair(ctx.text, match, 'claims', { [hint.claim]: value })],
            }]
          : [],
      });
    }
  },
});
