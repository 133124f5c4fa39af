import { evidenceNote, ruleLabel } from '../../anthropic/model';
import { replacePair } from '../../anthropic/match-edits';
import { claimsMapOf, conditionFor, matchKeySpan } from '../../anthropic/pins';
import { spanInScalar } from '../../cel';
import { claimUses } from '../../cel-analysis';
import { insertPair, removePair } from '../../edit';
import type { Fix, TextEdit } from '../../model';
import { createRule } from '../../rule';
import { analyzeSubject } from '../../subjects';
import { type MapNode, pairOf, str } from '../../tree';

// Google signs ID tokens for every service account of every project with one issuer, `https://accounts.google.com`;
// `sub` is the account's opaque numeric unique id. Anthropic's Google Cloud guide: match `claims.sub` and
// `claims.email`, never `subject_prefix` (domain.md §1.8, §5.5).

const EMAIL_PLACEHOLDER = '<service-account>@<project>.iam.gserviceaccount.com';

/** Move the subject into `claims.sub` (into the existing `claims`, or a new `claims` in the prefix's place). */
function toClaimsSub(text: string, match: MapNode, claims: MapNode | undefined, value: string): TextEdit[] {
  const pair = pairOf(match, 'subject_prefix')!;
  if (!claims) return [replacePair(text, match, pair, [['claims', { sub: value }]])];
  if (pairOf(claims, 'sub')) return [removePair(text, match, pair)];
  return [removePair(text, match, pair), insertPair(text, claims, 'sub', value)];
}

export default createRule({
  id: 'anthropic/google-subject',
  domain: 'anthropic',
  description: 'Match Google service accounts by `claims.sub` and `claims.email`, not by `subject_prefix`.',
  type: 'problem',
  defaultSeverity: 'warning',
  fixable: true,
  hasSuggestions: true,
  messages: {
    subjectPrefix:
      '{{rule}} matches a Google token by `subject_prefix`{{note}}. Google puts the service account\'s opaque numeric id in `sub`, so the rule does not say which account it means; match the id in `claims.sub`, together with `claims.email`, as Anthropic\'s Google Cloud guide does.',
    wildcard:
      '{{rule}}: "{{pattern}}" is a prefix of Google\'s numeric service-account ids{{note}}. The ids are opaque and global, so it admits every service account, in any Google Cloud project, whose id starts with these digits (e.g. `{{example}}`). Match one exact id in `claims.sub`, and the `email`.',
    noEmail:
      '{{rule}} does not check `email`{{note}}: the numeric id alone does not show which service account and project the rule admits. Add `claims.email` (and request tokens with `format=full` so they carry it).',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      if (rule.evidence?.profile.family !== 'google' || !rule.matchMap) continue;
      const match = rule.matchMap;
      const claims = claimsMapOf(rule);
      const data = { rule: ruleLabel(rule), note: evidenceNote(rule.evidence) };
      const node = rule.subjectPrefix;
      const prefix = str(node);
      if (node && prefix !== undefined) {
        if (prefix.endsWith('*')) {
          const example = analyzeSubject(prefix, 'trailing-star', 'google').alsoAdmits[0] ?? `${prefix.slice(0, -1)}7`;
          const suggest: Fix[] = pairOf(claims, 'sub')
            ? []
            : [{ title: 'Match one service account: claims.sub = "<numeric-id>"', edits: toClaimsSub(ctx.text, match, claims, '<numeric-id>') }];
          ctx.report({
            span: spanInScalar(node, ctx.text, { start: prefix.length - 1, end: prefix.length }),
            messageId: 'wildcard',
            severity: 'error',
            data: { ...data, pattern: prefix, example },
            suggest,
          });
        } else {
          // exactly equivalent when `claims` has no other `sub` (or the same one): a preferred fix for a numeric id
          const existing = str(pairOf(claims, 'sub')?.value);
          const fix = existing === undefined || existing === prefix
            ? { title: `Match the id in claims.sub: "${prefix}"`, edits: toClaimsSub(ctx.text, match, claims, prefix) }
            : undefined;
          ctx.report({
            span: node.span,
            messageId: 'subjectPrefix',
            data,
            ...(fix && /^\d+$/.test(prefix) ? { fix } : fix ? { suggest: [fix] } : {}),
          });
        }
      }
      const cond = conditionFor(rule, ctx.text);
      const emailInCondition = !!cond?.root && claimUses(cond.root).uses.some((u) => u.path[0] === 'email');
      if (pairOf(claims, 'email') || emailInCondition || (cond && !cond.root)) continue;
      ctx.report({
        span: matchKeySpan(rule),
        messageId: 'noEmail',
        severity: 'info',
        data,
        suggest: [{
          title: 'Add claims.email to fill in',
          edits: [claims ? insertPair(ctx.text, claims, 'email', EMAIL_PLACEHOLDER) : insertPair(ctx.text, match, 'claims', { email: EMAIL_PLACEHOLDER })],
        }],
      });
    }
  },
});
