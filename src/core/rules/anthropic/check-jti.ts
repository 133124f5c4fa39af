import { boolValue, capitalized } from '../../anthropic/fields';
import { setScalar } from '../../edit';
import { createRule } from '../../rule';
import { deref, pairOf } from '../../tree';

// domain.md §1.2: `check_jti` (default true) makes a JWT's `jti` single-use; it only applies to JWTs that carry one
// (GitHub Actions, Kubernetes 1.29+ and others do). Turning it off lets a captured token be exchanged again until it
// expires. Turning it back on changes behaviour (a workload that re-presents its token would start failing), so
// the fix is a suggestion.
export default createRule({
  id: 'anthropic/check-jti',
  domain: 'anthropic',
  description: 'Keep replay protection (check_jti) on for federation issuers.',
  type: 'suggestion',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    replayable:
      '{{object}} turns off replay protection (`check_jti: false`): a token that carries a `jti` can be exchanged again, by anyone who captured it, until it expires (up to {{lifetime}}). Leave it on (the default) unless the workload must re-present the same token.',
  },
  check(ctx) {
    for (const issuer of ctx.model.issuers) {
      const v = deref(pairOf(issuer.node, 'check_jti')?.value);
      if (v?.kind !== 'scalar' || boolValue(v) !== false) continue;
      const max = typeof issuer.maxJwtLifetimeSeconds?.value === 'number' ? issuer.maxJwtLifetimeSeconds.value : 3600;
      ctx.report({
        span: v.span,
        messageId: 'replayable',
        data: { object: capitalized('issuer', issuer.node), lifetime: duration(max) },
        suggest: [{ title: 'Turn replay protection on (check_jti: true)', edits: [setScalar(v, true)] }],
      });
    }
  },
});

function duration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
