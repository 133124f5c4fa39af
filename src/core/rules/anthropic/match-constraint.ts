import { ruleLabel } from '../../anthropic/model';
import { insertPair } from '../../edit';
import { createRule } from '../../rule';
import { deref, keys, pairOf, str } from '../../tree';

// The Admin API rejects a rule whose match constrains nothing but the audience (domain.md §1.5, validity rule 1):
// at least one of a non-wildcard `subject_prefix`, `claims` or `condition` is required.
export default createRule({
  id: 'anthropic/match-constraint',
  domain: 'anthropic',
  description: 'Require a federation rule to match on a subject, claims or a condition, not the audience alone.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    missingMatch: '{{rule}} has no `match`: the Admin API rejects it, and it would admit every token of the issuer.',
    notAMap: '`match` must be an object of matchers (`subject_prefix`, `audience`, `claims`, `condition`).',
    noConstraint:
      '{{rule}} matches on {{what}} only: the Admin API rejects it, since any token of the issuer would match. Add a `subject_prefix`, `claims` or a `condition`.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const match = deref(rule.match);
      const matchKey = pairOf(rule.node, 'match')?.key;
      if (!match || !matchKey) {
        const at = rule.name?.span ?? { start: rule.node.span.start, end: rule.node.span.start + 1 };
        ctx.report({ span: at, messageId: 'missingMatch', data: { rule: ruleLabel(rule) } });
        continue;
      }
      if (match.kind !== 'map') {
        ctx.report({ span: match.span, messageId: 'notAMap' });
        continue;
      }
      const prefix = str(rule.subjectPrefix);
      const realPrefix = prefix !== undefined && prefix.replace(/\*/g, '') !== '';
      const claims = deref(rule.claims);
      const realClaims = claims?.kind === 'map' && claims.pairs.length > 0;
      const realCondition = (str(rule.condition) ?? '').trim() !== '';
      if (realPrefix || realClaims || realCondition) continue;
      const present = keys(match).filter((k) => ['subject_prefix', 'audience', 'claims', 'condition'].includes(k));
      const what =
        present.length === 0 ? 'nothing' : present.map((k) => (k === 'subject_prefix' ? 'a wildcard-only `subject_prefix`' : `\`${k}\``)).join(' and ');
      ctx.report({
        span: matchKey.span,
        messageId: 'noConstraint',
        data: { rule: ruleLabel(rule), what },
        suggest: rule.subjectPrefix
          ? []
          : [{ title: 'Add a subject_prefix to fill in', edits: [insertPair(ctx.text, match, 'subject_prefix', '<subject of the one workload to admit>')] }],
      });
    }
  },
});
