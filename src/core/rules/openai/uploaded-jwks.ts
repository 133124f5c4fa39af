import { removePair } from '../../edit';
import type { Severity } from '../../model';
import { anchorOf, type OpenAIProvider, providerLabel } from '../../openai/model';
import { createRule } from '../../rule';
import { deref, get, getScalar, type MapNode, type Node, pairOf, str } from '../../tree';

// An uploaded JWKS (API `verification: {type: uploaded_jwks, jwks}`, Codex `jwks_local: true` + `jwks`) must be a
// public key set: a non-empty `keys` array, no private material, a unique non-empty `kid` per key (domain.md §2.1);
// Codex allows at most 100 keys and 1 MiB (§2.4). Token signatures must be asymmetric, so `oct` keys and HS*/none
// algorithms cannot verify anything and expose a shared secret. Messages never echo key material.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const MAX_CODEX_KEYS = 100;
const MAX_CODEX_BYTES = 1024 * 1024;

export default createRule({
  id: 'openai/uploaded-jwks',
  domain: 'openai',
  description: 'Require an uploaded JWKS to hold only public, asymmetric keys with unique `kid`s.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    missing: '{{provider}} uses an uploaded JWKS but has no {{where}}: OpenAI cannot verify any token. Add the issuer\'s public JWKS (`{"keys": [...]}`).',
    notObject: 'The uploaded JWKS must be an object with a `keys` array (`{"keys": [...]}`){{hint}}.',
    noKeys: 'The uploaded JWKS has no `keys` array: OpenAI requires a non-empty list of public keys.',
    emptyKeys: 'The uploaded JWKS has an empty `keys` array: OpenAI rejects it, and no token could be verified. Add the issuer\'s public signing keys.',
    tooManyKeys: 'The uploaded JWKS has {{count}} keys: Codex accepts at most 100. Publish only the keys in current use.',
    tooLarge: 'The uploaded JWKS is larger than 1 MiB: Codex rejects it. Keep only the public keys in current use.',
    privateMember:
      'JWK member `{{member}}` is private key material: OpenAI rejects a JWKS that contains it, and anyone who reads this file can sign tokens this provider trusts. Remove it (upload only the public key) and rotate the key.',
    missingKid: 'This key has no `kid`: {{why}} Add the `kid` your issuer puts in token headers.',
    duplicateKid: '`kid` `{{kid}}` is used by more than one key: each key needs a unique `kid`, or OpenAI cannot tell which key signed a token.',
    symmetric:
      '`kty: oct` is a symmetric key: token signatures must be asymmetric (RSA or EC), and a shared secret here lets anyone who reads it mint tokens. Upload the issuer\'s public RSA/EC keys instead.',
    symmetricAlg: '`alg: {{alg}}` is not an asymmetric signature algorithm: OpenAI only verifies RS*/ES*/PS* signatures. Use the algorithm your issuer signs with (e.g. RS256).',
  },
  check(ctx) {
    for (const p of ctx.model.providers) {
      const codex = p.product === 'codex';
      const jwks = deref(p.jwks);
      if (!jwks) {
        const trigger = uploadedTrigger(p);
        if (trigger) ctx.report({ span: trigger.span, messageId: 'missing', data: { provider: providerLabel(p), where: codex ? '`jwks`' : '`verification.jwks`' } });
        continue;
      }
      if (jwks.kind !== 'map') {
        const flowList = jwks.kind === 'seq' && jwks.flow;
        ctx.report({
          span: jwks.span,
          messageId: 'notObject',
          data: { hint: jwks.kind === 'seq' ? ': this is the bare key list; wrap it as `{"keys": [...]}`' : '' },
          ...(flowList ? { fix: { title: 'Wrap the keys as {"keys": [...]}', edits: [{ span: jwks.span, newText: `{"keys": ${ctx.text.slice(jwks.span.start, jwks.span.end)}}` }] } } : {}),
        });
        continue;
      }
      if (codex && jwks.span.end - jwks.span.start > MAX_CODEX_BYTES) ctx.report({ span: pairOf(p.node, 'jwks')!.key.span, messageId: 'tooLarge' });
      const keysPair = pairOf(jwks, 'keys');
      const keys = deref(keysPair?.value);
      if (!keysPair || keys?.kind !== 'seq') {
        ctx.report({ span: keys?.span ?? anchorOf({ node: jwks }), messageId: 'noKeys' });
        continue;
      }
      if (keys.items.length === 0) ctx.report({ span: keys.span, messageId: 'emptyKeys' });
      if (codex && keys.items.length > MAX_CODEX_KEYS) ctx.report({ span: keysPair.key.span, messageId: 'tooManyKeys', data: { count: keys.items.length } });
      const seen = new Map<string, Node>();
      for (const item of keys.items) {
        const key = deref(item);
        if (key?.kind !== 'map') continue;
        checkKey(key, codex, seen);
      }
    }

    function checkKey(key: MapNode, codex: boolean, seen: Map<string, Node>) {
      for (const pair of key.pairs) {
        const member = String(pair.key.value);
        if (PRIVATE_MEMBERS.includes(member)) {
          ctx.report({
            span: pair.key.span,
            messageId: 'privateMember',
            data: { member },
            suggest: [{ title: `Remove \`${member}\` (then rotate this key)`, edits: [removePair(ctx.text, key, pair)] }],
          });
        }
      }
      const kty = getScalar(key, 'kty');
      if (typeof kty?.value === 'string' && kty.value.toLowerCase() === 'oct') ctx.report({ span: kty.span, messageId: 'symmetric' });
      const alg = getScalar(key, 'alg');
      if (typeof alg?.value === 'string' && /^(HS\d+|none)$/i.test(alg.value)) ctx.report({ span: alg.span, messageId: 'symmetricAlg', data: { alg: alg.value } });
      if (str(get(key, 'use')) === 'x509-svid') return; // SPIFFE bundle entries for X.509-SVIDs carry no `kid`
      const kidNode = getScalar(key, 'kid');
      const kid = kidNode?.value;
      const soft: Severity | undefined = codex ? 'warning' : undefined;
      if (kid === undefined || kid === null || String(kid).trim() === '') {
        ctx.report({
          span: kidNode?.span ?? pairOf(key, 'kty')?.key.span ?? anchorOf({ node: key }),
          messageId: 'missingKid',
          severity: soft,
          data: { why: codex ? 'tokens are matched to keys by `kid`.' : 'OpenAI requires a unique, non-empty `kid` on every uploaded key.' },
        });
        return;
      }
      const first = seen.get(String(kid));
      if (first) {
        ctx.report({ span: kidNode!.span, messageId: 'duplicateKid', severity: soft, data: { kid: String(kid) }, related: [{ span: first.span, message: 'first key with this kid' }] });
      } else seen.set(String(kid), kidNode!);
    }
  },
});

/** The setting that says the provider verifies with an uploaded JWKS: API `verification.type`, Codex `jwks_local`. */
function uploadedTrigger(p: OpenAIProvider): Node | undefined {
  if (p.product === 'api') {
    const t = getScalar(p.verification, 'type');
    return t?.value === 'uploaded_jwks' ? t : undefined;
  }
  const local = deref(p.jwksLocal);
  return local?.kind === 'scalar' && local.value === true ? local : undefined;
}
