import { type Resource, anchorOf, isResponse, looksLikeUpdate, manifestMembers, present, resourceLabel, resources, setField } from '../../anthropic/fields';
import type { Json } from '../../edit';
import type { Fix } from '../../model';
import { createRule } from '../../rule';
import { type MapNode, deref, get, pairOf, str } from '../../tree';

// Fields the Admin API requires on create (domain.md §1.2, §1.3, §1.5). `match` is match-constraint's; read-only
// response fields (`id`, `type`, `issuer_name`, `service_account_name`, timestamps) are never required.
const MESSAGE_ID = {
  name: 'missingName',
  issuer_url: 'missingIssuerUrl',
  issuer_id: 'missingIssuerId',
  target: 'missingTarget',
  oauth_scope: 'missingOauthScope',
  service_account_id: 'missingServiceAccountId',
} as const;

type Field = keyof typeof MESSAGE_ID;

const PLACEHOLDER: Readonly<Partial<Record<Field, string>>> = {
  name: '<lowercase-name>',
  issuer_url: '<https://… the iss claim of the tokens>',
  issuer_id: '<fdis_… issuer id>',
  service_account_id: '<svac_… service account id>',
};

const REQUIRED: Readonly<Record<Resource['kind'], readonly Field[]>> = {
  issuer: ['name', 'issuer_url'],
  'service-account': ['name'],
  rule: ['name', 'issuer_id', 'target', 'oauth_scope'],
};

const JWKS_TYPES = ['discovery', 'explicit_url', 'inline'] as const;

export default createRule({
  id: 'anthropic/required-fields',
  domain: 'anthropic',
  description: 'Require the fields the Admin API needs to create an issuer, a service account or a federation rule.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    missingName: '{{object}} has no `name` (a lower-case slug, unique in the organization): the Admin API rejects the create request (400).',
    missingIssuerUrl:
      '{{object}} has no `issuer_url` (exactly the `iss` claim of its tokens): the Admin API rejects the create request (400).',
    missingIssuerId:
      '{{object}} has no `issuer_id` (the `fdis_…` issuer whose tokens it accepts): the Admin API rejects the create request (400).',
    missingTarget:
      '{{object}} has no `target` (the service account a token may act as): the Admin API rejects the create request (400).',
    missingOauthScope:
      '{{object}} has no `oauth_scope` (the scopes minted tokens get): the Admin API rejects the create request (400). Prefer `workspace:inference` when the workload only calls Messages.',
    missingServiceAccountId:
      '`target` has no `service_account_id` (the `svac_…` service account a token may act as): the Admin API rejects the create request (400).',
    missingTargetType: '`target` has no `type`: the Admin API needs `"type": "service_account"` (the only kind of target).',
    missingJwksType:
      '`jwks` has no `type`: the Admin API needs one of `discovery`, `explicit_url` or `inline` to know where the signing keys come from.',
  },
  check(ctx) {
    const { text, model } = ctx;
    const inManifest = manifestMembers(model);
    const choices: Choices = {
      issuers: referable(model.issuers.filter((i) => inManifest.has(i.node))),
      serviceAccounts: referable(model.serviceAccounts.filter((s) => inManifest.has(s.node))),
    };
    for (const res of resources(model)) {
      const node = res.node;
      if (isResponse(node) || pairOf(node, 'id')) continue; // an existing resource, not a create body
      const manifest = inManifest.has(node);
      if (!manifest && looksLikeUpdate(res.kind, node)) continue;
      const label = resourceLabel(res.kind, node);
      for (const field of REQUIRED[res.kind]) {
        if (present(node, field)) continue;
        ctx.report({
          span: anchorOf(node),
          messageId: MESSAGE_ID[field],
          data: { object: label },
          suggest: suggestionsFor(text, choices, node, field, manifest),
        });
      }
      if (res.kind === 'rule') {
        const targetPair = pairOf(node, 'target');
        const target = deref(targetPair?.value);
        if (targetPair && target?.kind === 'map') {
          if (!present(target, 'type')) {
            ctx.report({
              span: targetPair.key.span,
              messageId: 'missingTargetType',
              fix: { title: 'Add "type": "service_account"', edits: [setField(text, target, 'type', 'service_account')] },
            });
          }
          if (!present(target, 'service_account_id')) {
            ctx.report({
              span: targetPair.key.span,
              messageId: 'missingServiceAccountId',
              suggest: suggestionsFor(text, choices, target, 'service_account_id', manifest),
            });
          }
        }
      }
      if (res.kind === 'issuer') {
        const jwksPair = pairOf(node, 'jwks');
        const jwks = deref(jwksPair?.value);
        if (jwksPair && jwks?.kind === 'map' && !present(jwks, 'type')) {
          const signals = [pairOf(jwks, 'discovery_base') && 'discovery', pairOf(jwks, 'url') && 'explicit_url', pairOf(jwks, 'keys') && 'inline'].filter(
            (s): s is string => !!s,
          );
          const add = (t: string): Omit<Fix, 'preferred'> => ({ title: `Add "type": "${t}"`, edits: [setField(text, jwks, 'type', t)] });
          ctx.report({
            span: jwksPair.key.span,
            messageId: 'missingJwksType',
            // one telling field (`keys`, `url`, `discovery_base`) says which variant was meant
            ...(signals.length === 1 ? { fix: add(signals[0]!) } : { suggest: JWKS_TYPES.map(add) }),
          });
        }
      }
    }
  },
});

/** Names a manifest rule may refer to (computed once per document). */
interface Choices {
  readonly issuers: readonly string[];
  readonly serviceAccounts: readonly string[];
}

function suggestionsFor(text: string, choices: Choices, node: MapNode, field: Field, manifest: boolean): Omit<Fix, 'preferred'>[] {
  const set = (title: string, value: Json) => ({ title, edits: [setField(text, node, field, value)] });
  const sas = manifest ? choices.serviceAccounts : [];
  if (field === 'oauth_scope') {
    return [set('Add oauth_scope "workspace:inference" (Messages and Models only)', 'workspace:inference'),
      set('Add oauth_scope "workspace:developer" (every non-admin API of the workspace)', 'workspace:developer')];
  }
  if (field === 'target') {
    return sas.map((n) => set(`Target service account "${n}"`, { type: 'service_account', service_account_id: n }))
      .concat(set('Add a target to fill in', { type: 'service_account', service_account_id: PLACEHOLDER.service_account_id! }));
  }
  if (manifest && field === 'issuer_id' && choices.issuers.length) return choices.issuers.map((n) => set(`Use issuer "${n}"`, n));
  if (field === 'service_account_id' && sas.length) return sas.map((n) => set(`Target service account "${n}"`, n));
  return [set(`Add ${field} to fill in`, PLACEHOLDER[field] ?? `<${field}>`)];
}

/** Names (else ids) of manifest items a rule may refer to, when there are few enough to offer each. */
function referable(items: readonly { node: MapNode }[]): string[] {
  const names = items.map((i) => str(get(i.node, 'name')) ?? str(get(i.node, 'id'))).filter((n): n is string => !!n);
  return names.length <= 5 ? [...new Set(names)] : [];
}
