import { editDistance, manifestMembers } from '../../anthropic/fields';
import type { AnthropicRule } from '../../anthropic/model';
import { setScalar } from '../../edit';
import type { Fix, RelatedLocation } from '../../model';
import { createRule } from '../../rule';
import { type MapNode, type ScalarNode, str } from '../../tree';

// domain.md §1.1, §1.5: a rule names its issuer by `fdis_…` id and its service account by `svac_…` id. A manifest
// may also name them by the `id` or `name` of an item in the same file. Anything else is a typo: the rule cannot
// be created. Outside manifests a non-tagged id is most likely a placeholder or a name pasted by mistake.
const MAX_CHOICES = 5;

interface Ref {
  readonly field: string;
  readonly prefix: string;
  readonly kind: string;
  readonly aKind: string;
  readonly node: ScalarNode | undefined;
  readonly resolved: boolean;
  readonly candidates: readonly { node: MapNode; id?: ScalarNode; name?: ScalarNode }[];
}

export default createRule({
  id: 'anthropic/reference',
  domain: 'anthropic',
  description: 'Require a rule\'s issuer_id and service_account_id to name an existing issuer and service account.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    unknownInManifest:
      '`{{field}}` "{{value}}" is neither a `{{prefix}}…` id nor the name or id of {{aKind}} in this file: the rule cannot be created. Check the spelling.',
    notTagged:
      '`{{field}}` "{{value}}" is not {{aKind}} id: {{kind}} ids start with `{{prefix}}`, and the Admin API rejects anything else.',
  },
  check(ctx) {
    const { model } = ctx;
    const members = manifestMembers(model);
    const issuers = model.issuers.filter((i) => members.has(i.node));
    const serviceAccounts = model.serviceAccounts.filter((s) => members.has(s.node));
    for (const rule of model.rules) {
      const inManifest = members.has(rule.node);
      for (const ref of refsOf(rule, issuers, serviceAccounts)) {
        const value = str(ref.node);
        if (!ref.node || value === undefined || value === '' || value.startsWith(ref.prefix)) continue;
        if (!inManifest) {
          // a name that resolves to an item of this file is still not what the API takes
          ctx.report({ span: ref.node.span, messageId: 'notTagged', severity: 'warning', data: { field: ref.field, value, kind: ref.kind, aKind: ref.aKind, prefix: ref.prefix } });
          continue;
        }
        if (ref.resolved) continue;
        const choices = ref.candidates.length <= MAX_CHOICES ? ref.candidates : [];
        const named = choices
          .map((c) => ({ c, label: str(c.name) ?? str(c.id) }))
          .filter((x): x is { c: (typeof choices)[number]; label: string } => !!x.label)
          .sort((a, b) => editDistance(a.label, value) - editDistance(b.label, value));
        const suggest: Omit<Fix, 'preferred'>[] = named.map(({ label }) => ({ title: `Use ${ref.kind} "${label}"`, edits: [setScalar(ref.node!, label)] }));
        const related: RelatedLocation[] = named.map(({ c, label }) => ({ span: (c.name ?? c.id ?? c.node).span, message: `${cap(ref.kind)} "${label}"` }));
        ctx.report({ span: ref.node.span, messageId: 'unknownInManifest', data: { field: ref.field, value, kind: ref.kind, aKind: ref.aKind, prefix: ref.prefix }, suggest, related });
      }
    }
  },
});

function refsOf(rule: AnthropicRule, issuers: Ref['candidates'], sas: Ref['candidates']): Ref[] {
  return [
    { field: 'issuer_id', prefix: 'fdis_', kind: 'issuer', aKind: 'an issuer', node: rule.issuerId, resolved: !!rule.issuer, candidates: issuers },
    { field: 'target.service_account_id', prefix: 'svac_', kind: 'service account', aKind: 'a service account', node: rule.serviceAccountId, resolved: !!rule.serviceAccount, candidates: sas },
  ];
}

function cap(s: string): string {
  return s.replace(/^./, (c) => c.toUpperCase());
}
