// Anthropic client configuration files (domain.md §1.9): SDK profiles (`configs/<name>.json`: `version`,
// `authentication` {type, federation_rule_id, identity_token...}, `organization_id`...) and the Claude apps gateway
// YAML (`upstreams[].auth` with federation fields or a static `api_key`/`oauth_token`).
import { type MapNode, type Node, type PairNode, deref, getMap, getScalar, getSeq, pairOf, str } from '../tree';
import type { AnthropicProfile, GatewayUpstream } from './types';

const PROFILE_TYPES = ['oidc_federation', 'user_oauth'];
/** Secrets that belong in `credentials/<profile>.json`, never in a shareable profile config. */
export const PROFILE_CREDENTIAL_KEYS: readonly string[] = ['access_token', 'refresh_token', 'api_key'];

export function isProfile(root: MapNode): boolean {
  const auth = getMap(root, 'authentication');
  if (!auth || !(pairOf(root, 'version') || pairOf(root, 'organization_id'))) return false;
  const type = str(pairOf(auth, 'type')?.value);
  return (type !== undefined && PROFILE_TYPES.includes(type)) || !!pairOf(auth, 'federation_rule_id') || !!pairOf(auth, 'identity_token');
}

export function readProfile(root: MapNode): AnthropicProfile {
  const authPair = pairOf(root, 'authentication')!;
  const auth = deref(authPair.value) as MapNode;
  const credentials: { map: MapNode; pair: PairNode }[] = [];
  for (const map of [root, auth]) {
    for (const pair of map.pairs) if (typeof pair.key.value === 'string' && PROFILE_CREDENTIAL_KEYS.includes(pair.key.value)) credentials.push({ map, pair });
  }
  return { root, authKey: authPair.key, auth, type: getScalar(auth, 'type'), credentials };
}

export const GATEWAY_FEDERATION_KEYS: readonly string[] = ['federation_rule_id', 'organization_id', 'identity_token_file'];
export const GATEWAY_STATIC_KEYS: readonly string[] = ['api_key', 'oauth_token'];

function gatewayAuth(item: Node): { node: MapNode; authPair: PairNode; auth: MapNode } | undefined {
  const node = deref(item);
  if (node?.kind !== 'map') return undefined;
  const authPair = pairOf(node, 'auth');
  const auth = deref(authPair?.value);
  if (!authPair || auth?.kind !== 'map') return undefined;
  return { node, authPair, auth };
}

export function isGateway(root: MapNode): boolean {
  return (getSeq(root, 'upstreams')?.items ?? []).some((i) => {
    const g = gatewayAuth(i);
    return !!g && [...GATEWAY_FEDERATION_KEYS, ...GATEWAY_STATIC_KEYS].some((k) => pairOf(g.auth, k));
  });
}

export function readGateway(root: MapNode): GatewayUpstream[] {
  const out: GatewayUpstream[] = [];
  for (const i of getSeq(root, 'upstreams')?.items ?? []) {
    const g = gatewayAuth(i);
    if (g) out.push({ node: g.node, authKey: g.authPair.key, auth: g.auth });
  }
  return out;
}
