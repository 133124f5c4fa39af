import { insertPair, setScalar } from '../../edit';
import type { IssuerFamily } from '../../issuers';
import { constrains, isIdentityClaim, parseWildcard, ruleConstraints } from '../../openai/matchers';
import { anchorOf, evidenceNote, type OpenAIRule, ruleLabel } from '../../openai/model';
import { createRule } from '../../rule';
import { deref, pairOf, str } from '../../tree';

// A mapping must say which workload it admits. On a shared public issuer (GitHub, GitLab, Google...) that means the
// subject or a tenant claim (owner, repository, group); elsewhere any identity claim beyond `iss`/`aud` will do.
// Codex rejects a rule with none of `external_subject`, `claims`, `condition` (domain.md §2.4).
const SUBJECT = '<subject of the one workload to admit>';

const ADMITS: Partial<Record<IssuerFamily, string>> = {
  'github-actions': 'every workflow of every repository on GitHub',
  gitlab: 'every pipeline of every project on GitLab.com',
  buildkite: 'every pipeline of every Buildkite organization',
  'terraform-cloud': 'every run of every HCP Terraform organization',
  google: 'every Google service account of every project',
};

export default createRule({
  id: 'openai/mapping-pin',
  domain: 'openai',
  description: 'Require an OpenAI mapping or Codex rule to pin the subject or the tenant of the tokens it admits.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    unpinned:
      '{{rule}} pins neither the subject nor the tenant ({{tenant}}): it checks {{what}}, so it admits {{admits}}{{note}}. Match `sub` for the one workload, or a tenant claim exactly.',
    noIdentity:
      '{{rule}} matches no claim that identifies a workload (it checks {{what}}): it admits {{admits}}{{note}}. Match `sub` (or another identity claim) for the one workload.',
    codexNoCheck:
      '{{rule}} has no identity check: set at least one of `external_subject`, `claims` or `condition`. The Admin API rejects it, since an accepted audience alone does not identify a workload.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      if (rule.product === 'codex' && !hasCodexCheck(rule)) {
        ctx.report({
          span: anchorOf(rule),
          messageId: 'codexNoCheck',
          data: { rule: ruleLabel(rule) },
          suggest: [
            rule.externalSubject
              ? { title: 'Replace the external_subject with one to fill in', edits: [setScalar(rule.externalSubject, SUBJECT)] }
              : { title: 'Add an external_subject to fill in', edits: [insertPair(ctx.text, rule.node, 'external_subject', SUBJECT)] },
          ],
        });
        continue;
      }
      if (rule.product === 'api' && rule.attributeMatchers && deref(rule.attributeMatchers)?.kind !== 'map') continue;
      if (hasRejectedMatcher(rule)) continue; // OpenAI refuses the mapping as written: openai/matcher-wildcard says why
      const profile = rule.evidence?.profile;
      const shared = profile?.shared ?? false;
      const { constraints, opaque } = ruleConstraints(rule);
      if (opaque) continue; // `openai.*` attributes whose transformations are elsewhere may pin anything
      const identity = constraints.filter((c) => isIdentityClaim(c.claim) && (c.exact || constrains(c.prefix ?? '')));
      const tenantClaims = profile?.tenantClaims ?? [];
      const pinned = shared
        ? identity.some((c) => c.claim === 'sub' || tenantClaims.includes(c.claim))
        : identity.length > 0 || (rule.product === 'codex' && (str(rule.condition) ?? '').trim() !== '');
      if (pinned) continue;
      const checked = [...new Set(constraints.map((c) => `\`${c.claim}\``))];
      ctx.report({
        span: pairOf(rule.node, 'attribute_matchers')?.key.span ?? anchorOf(rule),
        messageId: shared ? 'unpinned' : 'noIdentity',
        severity: shared ? 'error' : 'warning',
        data: {
          rule: ruleLabel(rule),
          tenant: tenantClaims.slice(0, 3).map((c) => `\`${c}\``).join(', '),
          what: checked.length ? checked.join(' and ') : 'nothing',
          admits: (profile && ADMITS[profile.family]) ?? `every token ${profile?.label ?? 'the issuer'} signs for this audience`,
          note: evidenceNote(rule.evidence),
        },
        suggest: suggestions(ctx.text, rule, shared ? tenantClaims[0] : undefined),
      });
    }
  },
});

function hasRejectedMatcher(rule: OpenAIRule): boolean {
  return (rule.matchers?.pairs ?? []).some((p) => {
    const v = deref(p.value);
    if (v?.kind !== 'scalar' || v.value === null) return true;
    const k = typeof v.value === 'string' ? parseWildcard(v.value).kind : 'exact';
    return k !== 'exact' && k !== 'prefix';
  });
}

function hasCodexCheck(rule: OpenAIRule): boolean {
  const subject = str(rule.externalSubject);
  const claims = deref(rule.claims);
  return (
    (subject !== undefined && constrains(subject)) ||
    (claims?.kind === 'map' && claims.pairs.length > 0) ||
    (str(rule.condition) ?? '').trim() !== ''
  );
}

function suggestions(text: string, rule: OpenAIRule, tenantClaim: string | undefined) {
  const subject = SUBJECT;
  if (rule.product === 'codex') {
    const claims = deref(rule.claims);
    const out = rule.externalSubject ? [] : [{ title: 'Add an external_subject to fill in', edits: [insertPair(text, rule.node, 'external_subject', subject)] }];
    if (tenantClaim) {
      const edit = claims?.kind === 'map' ? insertPair(text, claims, tenantClaim, `<${tenantClaim}>`) : insertPair(text, rule.node, 'claims', { [tenantClaim]: `<${tenantClaim}>` });
      out.push({ title: `Add a ${tenantClaim} claim to fill in`, edits: [edit] });
    }
    return out;
  }
  const m = rule.matchers;
  if (!m) return [{ title: 'Add attribute_matchers with a sub to fill in', edits: [insertPair(text, rule.node, 'attribute_matchers', { sub: subject })] }];
  const out = pairOf(m, 'sub') ? [] : [{ title: 'Add a sub matcher to fill in', edits: [insertPair(text, m, 'sub', subject)] }];
  if (tenantClaim && !pairOf(m, tenantClaim)) out.push({ title: `Add a ${tenantClaim} matcher to fill in`, edits: [insertPair(text, m, tenantClaim, `<${tenantClaim}>`)] });
  return out;
}
