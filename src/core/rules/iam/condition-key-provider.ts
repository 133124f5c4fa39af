import type { Fix } from '../../model';
import { knownClaims, providerFamily } from '../../iam/facts';
import { renameKey } from '../../iam/fixes';
import { entries, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.2 M11 [?]: STS sets `<provider>:<claim>` keys only for the provider whose token is presented. A key
// naming another provider (a typo, or a copy from another role) is absent from every request: a test that is true
// when the key is absent (`…IfExists`, `ForAllValues:`, negated operators, `Null: true`) then passes for every token,
// and any other test never passes.
export default createRule({
  id: 'iam/condition-key-provider',
  domain: 'iam',
  description: 'Require condition keys to name the OIDC provider the statement trusts.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    passesAlways:
      '`{{key}}` names provider `{{keyProvider}}`, but the statement trusts {{trusted}}: STS never sets this key for those tokens, so `{{operator}}` is true for every token and does not restrict the role. Use {{expected}}.',
    neverMatches:
      '`{{key}}` names provider `{{keyProvider}}`, but the statement trusts {{trusted}}: STS never sets this key for those tokens, so this test never passes and the statement admits nobody. Use {{expected}}.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      if (!s.webIdentity) continue;
      const fed = s.principal?.federated ?? [];
      // a principal Keyless cannot read (a !Ref to a parameter) may be the provider the key names
      if (fed.some((f) => f.kind !== 'saml' && f.kind !== 'malformed' && (f.kind !== 'oidc' || !f.provider))) continue;
      const trusted = fed.filter((f) => f.kind === 'oidc' && f.provider).map((f) => f.provider!);
      if (trusted.length === 0) continue;
      const lower = new Set(trusted.map((t) => t.toLowerCase()));
      for (const { block, entry } of entries(s)) {
        if (!entry.provider || !entry.claim || lower.has(entry.provider.toLowerCase())) continue;
        const keyFamily = providerFamily(entry.provider);
        const candidates = trusted.filter((t) => knownClaims(t, providerFamily(t)).includes(entry.claim!.toLowerCase()));
        const fixes: Omit<Fix, 'preferred'>[] = candidates
          .map((t) => `${t}:${entry.claim}`)
          .filter((name) => !block.entries.some((e) => e.keyLower === name.toLowerCase()))
          .map((name) => ({ title: `Rename the key to \`${name}\``, edits: [renameKey(policy, entry, name)] }));
        // a misspelt provider of the trusted family (or an unknown host) is a typo: renaming it cannot change intent
        const onlyOne = trusted.length === 1 && fixes.length === 1;
        const typo = onlyOne && (keyFamily === 'custom' || keyFamily === providerFamily(trusted[0]!));
        const absentPasses = block.ifExists || block.qualifier === 'ForAllValues' || block.baseLower.includes('not') ||
          (block.baseLower === 'null' && entry.values.some((v) => v.text?.toLowerCase() === 'true'));
        ctx.report({
          span: entry.keySpan,
          messageId: absentPasses ? 'passesAlways' : 'neverMatches',
          severity: absentPasses ? 'error' : 'warning',
          data: {
            key: entry.key,
            keyProvider: entry.provider,
            trusted: trusted.map((t) => `\`${t}\``).join(' and '),
            operator: block.operator,
            expected: candidates.length ? candidates.map((t) => `\`${t}:${entry.claim}\``).join(' or ') : `a key of \`${trusted[0]}\``,
          },
          fix: typo ? fixes[0] : undefined,
          suggest: typo ? [] : fixes,
        });
      }
    }
  },
});
