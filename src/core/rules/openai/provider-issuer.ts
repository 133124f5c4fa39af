import { removePair, setScalar } from '../../edit';
import { type OpenAIProvider, providerLabel } from '../../openai/model';
import { createRule } from '../../rule';
import { deref, get, pairOf, type PairNode, type ScalarNode } from '../../tree';

// Issuer and key-source URLs (domain.md §2.1, §2.4): the issuer is an https URL (a trailing slash is ignored, so it
// is not flagged); a custom discovery URL (`verification.discovery_url`, Codex `custom_url`) and a JWKS URL
// (`jwks_uri`) must be public https with no port, credentials, query or fragment; custom discovery and an uploaded
// JWKS are mutually exclusive.
type UrlProblem = 'notHttps' | 'credentials' | 'port' | 'query' | 'fragment' | 'notPublic';

export default createRule({
  id: 'openai/provider-issuer',
  domain: 'openai',
  description: 'Require https issuers and public https discovery/JWKS URLs, and one key source per OpenAI provider.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    issuerNotHttps:
      '`issuer` `{{value}}` is not an https URL: OpenAI compares it with the token\'s `iss` and discovers keys from it, and accepts only https issuers. Use the exact https issuer your tokens carry.',
    issuerEmpty: '`issuer` is empty: set the exact `iss` value of the tokens this provider trusts.',
    notHttps: '`{{field}}` must use https: OpenAI fetches signing keys from it, and a plain-http source could be tampered with in transit.',
    credentials: '`{{field}}` contains credentials (`user@`): OpenAI rejects them, and they would be stored in the provider configuration. Publish the document without authentication.',
    port: '`{{field}}` has a port (`:{{port}}`): OpenAI accepts only the default https port. Serve the document on port 443.',
    query: '`{{field}}` has a query string: OpenAI rejects it. Publish the document at a plain path.',
    fragment: '`{{field}}` has a fragment (`#…`): OpenAI rejects it. Remove the fragment.',
    notPublic:
      '`{{field}}` points at `{{host}}`, which is not a public host: OpenAI fetches it from the internet and must reach it. Publish the document on a public https host, or upload the JWKS instead.',
    exclusive:
      '{{provider}} sets both custom discovery (`{{discovery}}`) and an uploaded JWKS: they are mutually exclusive, so OpenAI rejects the provider. Keep one key source.',
    alternatives:
      '{{provider}} sets both `jwks_uri` and an uploaded JWKS: Codex treats them as alternative verification modes, and which one applies is not documented. Keep the one you mean.',
  },
  check(ctx) {
    for (const p of ctx.model.providers) {
      const issuer = p.issuer;
      if (issuer && typeof issuer.value === 'string' && !p.spiffe) {
        const v = issuer.value.trim();
        if (v === '') ctx.report({ span: issuer.span, messageId: 'issuerEmpty' });
        else if (!/^https:\/\//i.test(v)) {
          const fixed = /^http:\/\//i.test(v) ? `https://${v.slice(7)}` : /^[a-z0-9.-]+(\/|$)/i.test(v) ? `https://${v}` : undefined;
          ctx.report({
            span: issuer.span,
            messageId: 'issuerNotHttps',
            data: { value: v },
            suggest: fixed ? [{ title: `Use ${fixed}`, edits: [setScalar(issuer, fixed)] }] : [],
          });
        }
      }
      for (const [field, node] of urlFields(p)) {
        if (typeof node.value !== 'string') continue;
        for (const [problem, data] of urlProblems(node.value)) ctx.report({ span: node.span, messageId: problem, data: { field, ...data } });
      }
      const exclusive = conflict(p);
      if (exclusive) {
        const [discoveryPair, jwksPair, owner] = exclusive;
        const field = String(discoveryPair.key.value);
        ctx.report({
          span: jwksPair.key.span,
          messageId: field === 'jwks_uri' ? 'alternatives' : 'exclusive',
          severity: field === 'jwks_uri' ? 'warning' : undefined,
          data: { provider: providerLabel(p), discovery: field },
          related: [{ span: discoveryPair.key.span, message: `\`${field}\` is set here` }],
          suggest: [
            { title: `Keep the uploaded JWKS (remove ${field})`, edits: [removePair(ctx.text, owner, discoveryPair)] },
            { title: `Keep ${field} (remove the uploaded JWKS)`, edits: [removePair(ctx.text, owner, jwksPair)] },
          ],
        });
      }
    }
  },
});

function urlFields(p: OpenAIProvider): [string, ScalarNode][] {
  const out: [string, ScalarNode][] = [];
  if (p.discoveryUrl) out.push(['verification.discovery_url', p.discoveryUrl]);
  if (p.customUrl) out.push(['custom_url', p.customUrl]);
  if (p.jwksUri) out.push(['jwks_uri', p.jwksUri]);
  return out;
}

/** Custom discovery and an uploaded JWKS on the same provider: [discovery pair, JWKS pair, the map holding both]. */
function conflict(p: OpenAIProvider): [PairNode, PairNode, typeof p.node] | undefined {
  if (p.product === 'api') {
    const v = p.verification;
    const discovery = pairOf(v, 'discovery_url');
    const jwks = pairOf(v, 'jwks');
    const d = deref(discovery?.value);
    if (!v || !discovery || !jwks || (d?.kind === 'scalar' && d.value === null)) return undefined;
    return [discovery, jwks, v];
  }
  const discovery = pairOf(p.node, 'custom_url') ?? pairOf(p.node, 'jwks_uri');
  const uploaded = pairOf(p.node, 'jwks');
  const local = deref(get(p.node, 'jwks_local'));
  const jwks = uploaded ?? (local?.kind === 'scalar' && local.value === true ? pairOf(p.node, 'jwks_local') : undefined);
  return discovery && jwks ? [discovery, jwks, p.node] : undefined;
}

const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.svc', '.lan', '.home.arpa'];

/** What is wrong with a discovery/JWKS URL, as OpenAI validates it. Parsed by hand: `URL` normalises ports away. */
export function urlProblems(raw: string): [UrlProblem, Record<string, string>][] {
  const out: [UrlProblem, Record<string, string>][] = [];
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)((?:\/[^?#]*)?)(\?[^#]*)?(#.*)?$/.exec(raw.trim());
  if (!m) return [['notHttps', {}]];
  const [, scheme, authority, , query, fragment] = m;
  if (scheme!.toLowerCase() !== 'https') out.push(['notHttps', {}]);
  const at = authority!.lastIndexOf('@');
  if (at >= 0) out.push(['credentials', {}]);
  const hostPort = authority!.slice(at + 1);
  const close = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : 0;
  const colon = hostPort.indexOf(':', close);
  const host = (colon >= 0 ? hostPort.slice(0, colon) : hostPort).toLowerCase();
  if (colon >= 0) out.push(['port', { port: hostPort.slice(colon + 1) }]);
  if (query !== undefined) out.push(['query', {}]);
  if (fragment !== undefined) out.push(['fragment', {}]);
  if (!isPublicHost(host)) out.push(['notPublic', { host }]);
  return out;
}

function isPublicHost(host: string): boolean {
  if (host === '' || host === 'localhost' || PRIVATE_SUFFIXES.some((s) => host.endsWith(s))) return false;
  if (host.startsWith('[')) return !/^\[(::1?|f[cd][0-9a-f]*:.*|fe80:.*)\]$/.test(host);
  const ip = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (ip) {
    const [a, b] = [Number(ip[1]), Number(ip[2])];
    return !(a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127));
  }
  return host.includes('.');
}
