import { type Json, insertPair, removePair, setScalar } from '../../edit';
import type { Fix } from '../../model';
import { createRule } from '../../rule';
import { type MapNode, type PairNode, deref, getScalar, pairOf, str, toValue } from '../../tree';
import { GATEWAY_FEDERATION_KEYS, GATEWAY_STATIC_KEYS } from '../../workload/anthropic-config';
import { nameSpanOf } from '../../workload/yaml-env';

// Profiles (domain.md §1.9): `configs/<name>.json` is non-secret and meant to be committed; secrets live in
// `credentials/<name>.json` (mode 0600). An `oidc_federation` profile names the rule (`authentication.federation_rule_id`),
// the organization (top-level `organization_id`) and the token (`authentication.identity_token` {source: "file", path});
// fields it omits are filled from the environment. Gateway `upstreams[].auth` takes federation fields or a static
// `api_key`/`oauth_token`.

const PLACEHOLDER: Readonly<Record<string, string>> = {
  federation_rule_id: '<federation rule id, fdrl_...>',
  organization_id: '<organization UUID>',
  identity_token_file: '<path to the identity token file>',
  path: '<path to the identity token file>',
};

type Edits = Omit<Fix, 'preferred'>;

export default createRule({
  id: 'workload/profile-config',
  domain: 'workload',
  description: 'Check Anthropic SDK profiles and gateway upstreams: complete federation settings, no secrets in configs, no static key beside federation.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    missingRuleId:
      'This `oidc_federation` profile has no `federation_rule_id`: the SDK takes it from `ANTHROPIC_FEDERATION_RULE_ID` when that is set and otherwise cannot federate. Put the rule id in the profile so it is complete on its own.',
    missingOrganization:
      'This `oidc_federation` profile has no top-level `organization_id`: the SDK takes it from `ANTHROPIC_ORGANIZATION_ID` when that is set and otherwise cannot federate. Put the organization\'s UUID in the profile so it is complete on its own.',
    misplacedOrganization:
      '`organization_id` is inside `authentication`, but a profile keeps it at the top level, which is where the SDK reads it: federation then lacks the organization unless the environment supplies it. Move it up a level.',
    missingIdentityToken:
      'This `oidc_federation` profile has no `identity_token`: the SDK then needs `ANTHROPIC_IDENTITY_TOKEN_FILE` or `ANTHROPIC_IDENTITY_TOKEN` in the environment and cannot federate without one. Add `identity_token` with `source: file` and the token\'s `path`.',
    tokenSource: '`identity_token.source` must be `file`, the only source profiles support; with any other value the profile cannot read a token. Use `file` with a `path`.',
    missingTokenPath: '`identity_token` has no `path`: the SDK cannot know which file holds the identity token. Add the path (for example the projected token\'s file).',
    credentialInConfig:
      '`{{field}}` is a secret, and this is a profile config: `configs/` files are meant to be shared and committed, while secrets belong in `credentials/<profile>.json` (mode 0600). Move the value out of this file and rotate it if the file was ever committed.',
    gatewayStaticAndFederation:
      'This upstream\'s `auth` has both `{{field}}` and federation settings ({{federation}}): the static credential wins or the configuration is ambiguous, so federation is not what authenticates. Remove `{{field}}` to use federation.',
    gatewayMissing: 'This upstream\'s federation `auth` lacks {{fields}}: the gateway cannot exchange a token without {{what}}. Add {{them}}.',
  },
  check(ctx) {
    const text = ctx.text;
    const addPair = (map: MapNode, key: string, value: Json): Edits => ({ title: `Add \`${key}\``, edits: [insertPair(text, map, key, value)] });
    const removeIt = (map: MapNode, pair: PairNode): Edits => ({ title: `Remove \`${String(pair.key.value)}\``, edits: [removePair(text, map, pair)] });

    for (const p of ctx.model.profiles) {
      for (const c of p.credentials) {
        ctx.report({ span: nameSpanOf(c.pair.key), messageId: 'credentialInConfig', severity: 'error', data: { field: String(c.pair.key.value) }, suggest: [removeIt(c.map, c.pair)] });
      }
      if (str(p.type) !== 'oidc_federation') continue;
      const anchor = nameSpanOf(p.authKey);
      if (!pairOf(p.auth, 'federation_rule_id')) {
        ctx.report({ span: anchor, messageId: 'missingRuleId', suggest: [addPair(p.auth, 'federation_rule_id', PLACEHOLDER.federation_rule_id!)] });
      }
      const nestedOrg = pairOf(p.auth, 'organization_id');
      if (!pairOf(p.root, 'organization_id')) {
        if (nestedOrg) {
          const value = toValue(nestedOrg.value) as Json;
          ctx.report({
            span: nameSpanOf(nestedOrg.key),
            messageId: 'misplacedOrganization',
            suggest: [{ title: 'Move `organization_id` to the top level', edits: [removePair(text, p.auth, nestedOrg), insertPair(text, p.root, 'organization_id', value)] }],
          });
        } else {
          ctx.report({ span: anchor, messageId: 'missingOrganization', suggest: [addPair(p.root, 'organization_id', PLACEHOLDER.organization_id!)] });
        }
      }
      const itPair = pairOf(p.auth, 'identity_token');
      const it = deref(itPair?.value);
      if (!itPair) {
        ctx.report({ span: anchor, messageId: 'missingIdentityToken', suggest: [addPair(p.auth, 'identity_token', { source: 'file', path: PLACEHOLDER.path! })] });
      } else if (it?.kind === 'map') {
        const source = getScalar(it, 'source');
        const hasPath = !!pairOf(it, 'path');
        if (source && source.value !== 'file') {
          const edits = [setScalar(source, 'file'), ...(hasPath ? [] : [insertPair(text, it, 'path', PLACEHOLDER.path!)])];
          ctx.report({ span: source.span, messageId: 'tokenSource', severity: 'error', suggest: [{ title: 'Use `source: file`', edits }] });
        } else if (!hasPath) {
          ctx.report({ span: nameSpanOf(itPair.key), messageId: 'missingTokenPath', suggest: [addPair(it, 'path', PLACEHOLDER.path!)] });
        }
      }
    }

    for (const g of ctx.model.gateways) {
      const federation = GATEWAY_FEDERATION_KEYS.filter((k) => pairOf(g.auth, k));
      for (const k of GATEWAY_STATIC_KEYS) {
        const pair = pairOf(g.auth, k);
        if (!pair || federation.length === 0) continue;
        ctx.report({
          span: nameSpanOf(pair.key),
          messageId: 'gatewayStaticAndFederation',
          severity: 'error',
          data: { field: k, federation: federation.map((f) => `\`${f}\``).join(', ') },
          suggest: [removeIt(g.auth, pair)],
        });
      }
      if (federation.length === 0) continue;
      const what: Readonly<Record<string, string>> = {
        federation_rule_id: 'the federation rule to exchange against',
        organization_id: 'the organization',
        identity_token_file: 'a file holding the workload\'s identity token',
      };
      const missing = GATEWAY_FEDERATION_KEYS.filter((k) => !federation.includes(k));
      if (missing.length === 0) continue;
      ctx.report({
        span: nameSpanOf(g.authKey),
        messageId: 'gatewayMissing',
        data: { fields: missing.map((k) => `\`${k}\``).join(' and '), what: missing.map((k) => what[k]!).join(' and '), them: missing.length > 1 ? 'them' : 'it' },
        suggest: [{ title: `Add ${missing.map((k) => `\`${k}\``).join(' and ')}`, edits: missing.map((k) => insertPair(text, g.auth, k, PLACEHOLDER[k]!)) }],
      });
    }
  },
});
