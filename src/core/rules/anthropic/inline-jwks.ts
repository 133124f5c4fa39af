import { anchorOf, present, setField, trimmedEnd, typeName } from '../../anthropic/fields';
import { removePair } from '../../edit';
import type { Fix, Span, TextEdit } from '../../model';
import { createRule } from '../../rule';
import { type MapNode, type Node, type PairNode, type ScalarNode, type SeqNode, deref, get, getScalar, pairOf, str } from '../../tree';

// domain.md §1.2: `inline` takes the array of a JWKS (not the `{"keys": [...]}` document); tokens must be signed
// with an asymmetric alg (RS*, PS*, ES*; HS* and `none` rejected) and carry a `kid` found in the JWKS.
// `explicit_url` needs its `url`. Private JWK members (RFC 7518 §6.2.2, §6.3.2, §6.4.1) must never be published.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export default createRule({
  id: 'anthropic/inline-jwks',
  domain: 'anthropic',
  description: 'Require inline JWKS keys to be public, asymmetric signing keys with unique kids, and explicit_url to have a url.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    wrapper:
      '`jwks.keys` holds a whole JWKS document (`{"keys": [...]}`): the Admin API takes the array of keys itself. Unwrap it.',
    missingKeys:
      '`jwks` is `inline` but has no `keys`: Anthropic has no key to verify tokens with. Paste the `keys` array of the issuer\'s JWKS (Kubernetes: `kubectl get --raw /openid/v1/jwks`).',
    emptyKeys: '`jwks.keys` is empty: no token of this issuer can be verified. Paste the `keys` array of the issuer\'s JWKS.',
    keysNotList: '`jwks.keys` must be the list of the issuer\'s public keys (JWKs), not {{actual}}.',
    keyNotObject: 'Each entry of `jwks.keys` must be a JWK object, not {{actual}}.',
    symmetric:
      'This key is symmetric (`kty: oct`): Anthropic verifies only asymmetric signatures (RS*, PS*, ES*), and a shared secret must never be published. Use the issuer\'s public signing keys.',
    badAlg: '`alg` "{{alg}}" is rejected: Anthropic accepts only RS256/384/512, PS256/384/512 and ES256/384/512 ({{why}}).',
    privateKey:
      'This key includes private key material ({{members}}): this publishes a private key. Remove those members, and rotate the key, since anyone who read this file can sign tokens the issuer vouches for.',
    missingKid:
      'This key has no `kid`: Anthropic finds the verification key by the token header\'s `kid` and rejects tokens without one, so this key can never verify a token. Add the `kid` the issuer puts in its tokens.',
    duplicateKid: 'Another key in `jwks.keys` already has `kid` "{{kid}}": Anthropic picks the key by `kid`, so tokens signed by one of the two fail.',
    encKey:
      'This key is marked for encryption (`use: enc`), not signatures: a verifier that honours `use` will not check token signatures with it. Publish the issuer\'s signing key (`use: sig`).',
    missingUrl:
      '`jwks` is `explicit_url` but has no `url`: Anthropic does not know where to fetch the keys. Add the https URL of the issuer\'s JWKS.',
  },
  check(ctx) {
    const { text } = ctx;
    for (const issuer of ctx.model.issuers) {
      const jwksPair = pairOf(issuer.node, 'jwks');
      const jwks = deref(jwksPair?.value);
      if (!jwksPair || jwks?.kind !== 'map') continue;
      const type = str(get(jwks, 'type')) ?? (present(jwks, 'keys') ? 'inline' : undefined);
      if (type === 'explicit_url' && !present(jwks, 'url')) {
        ctx.report({
          span: jwksPair.key.span, messageId: 'missingUrl',
          suggest: [{ title: 'Add a url to fill in', edits: [setField(text, jwks, 'url', 'https://<issuer host>/<path>/jwks.json')] }],
        });
      }
      if (type !== 'inline') continue;
      const keysPair = pairOf(jwks, 'keys');
      const keys = deref(keysPair?.value);
      if (!keysPair || !keys || (keys.kind === 'scalar' && keys.value === null)) {
        ctx.report({ span: jwksPair.key.span, messageId: 'missingKeys' });
        continue;
      }
      let list: SeqNode | undefined = keys.kind === 'seq' ? keys : undefined;
      const wrapped = innerKeys(keys);
      if (wrapped) {
        ctx.report({ span: keys.span, messageId: 'wrapper', fix: { title: 'Unwrap the keys array', edits: [unwrap(text, keys, wrapped)] } });
        list = wrapped;
      }
      if (!list) {
        ctx.report({ span: keys.span, messageId: 'keysNotList', data: { actual: typeName(keys) } });
        continue;
      }
      if (list.items.length === 0) {
        ctx.report({ span: list.span, messageId: 'emptyKeys' });
        continue;
      }
      const kids = new Map<string, ScalarNode>();
      for (const item of list.items) {
        const key = deref(item);
        if (key?.kind !== 'map') {
          ctx.report({ span: (key ?? item).span, messageId: 'keyNotObject', data: { actual: typeName(key) } });
          continue;
        }
        checkKey(key, kids);
      }
    }

    function checkKey(key: MapNode, kids: Map<string, ScalarNode>): void {
      const kty = getScalar(key, 'kty');
      const symmetric = str(kty) === 'oct';
      if (symmetric) ctx.report({ span: kty!.span, messageId: 'symmetric' });
      const alg = getScalar(key, 'alg');
      const algValue = str(alg);
      if (alg && algValue && !symmetric && (/^HS\d+$/i.test(algValue) || algValue.toLowerCase() === 'none')) {
        ctx.report({ span: alg.span, messageId: 'badAlg', data: { alg: algValue, why: algValue.toLowerCase() === 'none' ? '`none` means unsigned tokens' : 'HS* is a shared-secret MAC' } });
      }
      const secret = key.pairs.filter((p) => PRIVATE_MEMBERS.includes(String(p.key.value)));
      if (secret.length) {
        const edits = removeAll(text, key, secret);
        ctx.report({
          span: secret[0]!.key.span,
          messageId: 'privateKey',
          data: { members: secret.map((p) => `\`${String(p.key.value)}\``).join(', ') },
          related: secret.slice(1).map((p) => ({ span: p.key.span, message: 'More private key material' })),
          suggest: edits && !symmetric ? [{ title: 'Remove the private members (keep the public key)', edits }] : [],
        });
      }
      const kid = getScalar(key, 'kid');
      const kidValue = kid && kid.value !== null ? String(kid.value) : undefined;
      if (!kid || kidValue === undefined || kidValue === '') {
        const s: Omit<Fix, 'preferred'>[] = [{ title: 'Add a kid to fill in', edits: [setField(text, key, 'kid', '<kid the issuer puts in its token headers>')] }];
        ctx.report({ span: kid && kid.value !== null ? kid.span : anchorOf(key), messageId: 'missingKid', suggest: s });
      } else {
        const first = kids.get(kidValue);
        if (first) ctx.report({ span: kid.span, messageId: 'duplicateKid', data: { kid: kidValue }, related: [{ span: first.span, message: `The first key with kid "${kidValue}"` }] });
        else kids.set(kidValue, kid);
      }
      const use = getScalar(key, 'use');
      if (str(use) === 'enc') ctx.report({ span: use!.span, messageId: 'encKey', severity: 'warning' });
    }
  },
});

/** The real key list inside a pasted JWKS document: `{"keys": [...]}`, or `[{"keys": [...]}]`. */
function innerKeys(keys: Node): SeqNode | undefined {
  const holder = keys.kind === 'map' ? keys : keys.kind === 'seq' && keys.items.length === 1 ? deref(keys.items[0]) : undefined;
  if (holder?.kind !== 'map' || pairOf(holder, 'kty')) return undefined;
  const inner = deref(pairOf(holder, 'keys')?.value);
  return inner?.kind === 'seq' ? inner : undefined;
}

function columnOf(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  return offset - s;
}

function lineIndentAt(text: string, offset: number): number {
  const col = columnOf(text, offset);
  return /^ */.exec(text.slice(offset - col))![0].length;
}

/** Put the inner list where the wrapper was, shifting its continuation lines left so block YAML stays aligned. */
function unwrap(text: string, outer: Node, inner: SeqNode): TextEdit {
  const delta = inner.flow
    ? lineIndentAt(text, inner.span.start) - lineIndentAt(text, outer.span.start)
    : columnOf(text, inner.span.start) - columnOf(text, outer.span.start);
  const body = text.slice(inner.span.start, trimmedEnd(text, inner.span));
  const lines = body.split('\n');
  const shifted = lines.map((l, i) => (i === 0 || delta <= 0 ? l : l.slice(Math.min(delta, /^ */.exec(l)![0].length))));
  const span: Span = { start: outer.span.start, end: trimmedEnd(text, outer.span) };
  return { span, newText: shifted.join('\n') };
}

/** Edits removing several pairs of one map; undefined when they cannot be made without overlapping. */
function removeAll(text: string, map: MapNode, pairs: readonly PairNode[]): TextEdit[] | undefined {
  const gone = new Set(pairs);
  if (gone.size === map.pairs.length) return undefined;
  const edits: TextEdit[] = [];
  if (map.flow) {
    // consecutive runs go at once: from the run's first key to the next survivor (or from the previous survivor)
    for (let i = 0; i < map.pairs.length; i++) {
      if (!gone.has(map.pairs[i]!)) continue;
      let j = i;
      while (j + 1 < map.pairs.length && gone.has(map.pairs[j + 1]!)) j++;
      const next = map.pairs[j + 1];
      const prev = map.pairs[i - 1];
      if (next) edits.push({ span: { start: map.pairs[i]!.span.start, end: next.key.span.start }, newText: '' });
      else if (prev) edits.push({ span: { start: prev.span.end, end: map.pairs[j]!.span.end }, newText: '' });
      i = j;
    }
    return edits;
  }
  for (const p of pairs) edits.push(removePair(text, map, p));
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  return sorted.every((e, k) => k === 0 || e.span.start >= sorted[k - 1]!.span.end) ? edits : undefined;
}
