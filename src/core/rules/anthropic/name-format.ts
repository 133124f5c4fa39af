import { type ResourceKind, kindWord, resourceLabel, resources, slugify } from '../../anthropic/fields';
import { setScalar } from '../../edit';
import type { RelatedLocation, TextEdit } from '../../model';
import { createRule } from '../../rule';
import { type MapNode, type ScalarNode, deref, getScalar, getSeq, str } from '../../tree';

// domain.md §1.2, §1.3, §1.5: issuer, service-account and rule names are slugs `^[a-z0-9-]+$` of 1–255 characters,
// unique in the organization (a duplicate is 409 Conflict).
const SLUG = /^[a-z0-9-]+$/;
const MAX = 255;

const LISTS: readonly [string, ResourceKind][] = [
  ['federation_issuers', 'issuer'],
  ['service_accounts', 'service-account'],
  ['federation_rules', 'rule'],
];

export default createRule({
  id: 'anthropic/name-format',
  domain: 'anthropic',
  description: 'Require issuer, service-account and rule names to be unique lower-case slugs of 1–255 characters.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  messages: {
    notSlug:
      'The name of {{object}} has characters the Admin API rejects (400): names are lower-case slugs of `a-z`, `0-9` and `-`.{{hint}}',
    empty: 'The name of this {{kind}} is empty: the Admin API needs 1–255 characters of `a-z`, `0-9` and `-`.',
    tooLong: 'The name of {{object}} is {{length}} characters long: the Admin API allows at most 255.',
    duplicate:
      'Another {{kind}} in this manifest is already named "{{name}}": names are unique in an organization, so creating this one fails with 409 Conflict. Give it a different name.',
  },
  check(ctx) {
    const { model } = ctx;
    // every name and every would-be slug, per kind: a rename must not land on a sibling's name (or on another rename);
    // built only when a name needs renaming (most files have none)
    let takenMap: Map<string, number> | undefined;
    const taken = () => {
      if (takenMap) return takenMap;
      takenMap = new Map<string, number>();
      for (const r of resources(model)) {
        const n = str(r.name);
        if (n === undefined) continue;
        const keys = new Set([`${r.kind}\0${n}`, `${r.kind}\0${slugify(n)}`]);
        for (const k of keys) takenMap.set(k, (takenMap.get(k) ?? 0) + 1);
      }
      return takenMap;
    };
    for (const r of resources(model)) {
      const name = r.name;
      const value = str(name);
      if (!name || value === undefined) continue;
      if (value === '') {
        ctx.report({ span: name.span, messageId: 'empty', data: { kind: kindWord(r.kind) } });
        continue;
      }
      if (value.length > MAX) {
        ctx.report({ span: name.span, messageId: 'tooLong', data: { object: resourceLabel(r.kind, r.node), length: value.length } });
      }
      if (SLUG.test(value)) continue;
      const slug = slugify(value);
      // the slug must be a new, valid name: renaming onto a sibling's name would trade a 400 for a 409
      const usable = slug !== '' && slug.length <= MAX && taken().get(`${r.kind}\0${slug}`) === 1;
      ctx.report({
        span: name.span,
        messageId: 'notSlug',
        data: { object: resourceLabel(r.kind, r.node), hint: usable ? ` Rename it "${slug}".` : '' },
        ...(usable ? { fix: { title: `Rename to "${slug}"`, edits: [setScalar(name, slug), ...referenceEdits(model, r.kind, r.node, value, slug)] } } : {}),
      });
    }
    for (const manifest of model.manifests) {
      for (const [key, kind] of LISTS) {
        const first = new Map<string, ScalarNode>();
        for (const item of getSeq(manifest, key)?.items ?? []) {
          const name = getScalar(deref(item), 'name');
          const value = str(name);
          if (!name || !value) continue;
          const earlier = first.get(value);
          if (!earlier) {
            first.set(value, name);
            continue;
          }
          const related: RelatedLocation[] = [{ span: earlier.span, message: `The first ${kindWord(kind)} named "${value}"` }];
          ctx.report({ span: name.span, messageId: 'duplicate', data: { kind: kindWord(kind), name: value }, related });
        }
      }
    }
  },
});

/** Rules in the same file that name this issuer or service account by its old name follow the rename. */
function referenceEdits(model: Parameters<typeof resources>[0], kind: ResourceKind, node: MapNode, from: string, to: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const rule of model.rules) {
    if (kind === 'issuer' && rule.issuer?.node === node && rule.issuerId && str(rule.issuerId) === from) edits.push(setScalar(rule.issuerId, to));
    if (kind === 'service-account' && rule.serviceAccount?.node === node && rule.serviceAccountId && str(rule.serviceAccountId) === from)
      edits.push(setScalar(rule.serviceAccountId, to));
  }
  return edits;
}
