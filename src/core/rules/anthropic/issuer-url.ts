import { type ParsedUrl, parseUrl, present, replaceInScalar, subSpan, unreachableHost } from '../../anthropic/fields';
import type { AnthropicIssuer } from '../../anthropic/model';
import { insertPair, setScalar } from '../../edit';
import type { Fix } from '../../model';
import { createRule } from '../../rule';
import { type MapNode, type ScalarNode, deref, getScalar, str } from '../../tree';

// domain.md §1.2: `issuer_url` must equal the JWT `iss` byte for byte. Anthropic validates a URL only when it dials
// it (https, port 443, a public DNS name, no IP literal): `issuer_url` in `discovery` mode without `discovery_base`,
// `jwks.discovery_base`, `jwks.url`. Otherwise `issuer_url` is only compared. §1.8/§5: the `iss` of known issuers.
const NO_TRAILING_SLASH = new Set(['github-actions', 'google', 'gitlab', 'eks', 'aws-sts-outbound', 'entra-v2']);

type Suggest = Omit<Fix, 'preferred'>;

export default createRule({
  id: 'anthropic/issuer-url',
  domain: 'anthropic',
  description: 'Require issuer and JWKS URLs that Anthropic can dial and that equal the tokens\' iss byte for byte.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    notUrl: '`{{field}}` "{{value}}" is not an absolute URL: it must be `https://` followed by the host{{what}}.',
    notHttps: '`{{field}}` uses {{scheme}}: Anthropic fetches {{fetches}} over https only, so the Admin API rejects it (400).',
    notHttpsCompared:
      '`issuer_url` uses {{scheme}}: in this JWKS mode Anthropic only compares it to `iss`, and whether it accepts a non-https issuer is not documented. Identity providers issue https issuers; check the tokens\' `iss`.',
    badPort: '`{{field}}` uses port {{port}}: Anthropic dials only port 443, so the Admin API rejects it (400). {{howto}}',
    unreachable: '`{{field}}` points at {{reason}}: Anthropic fetches the signing keys over the public internet, so the Admin API rejects it (400). {{howto}}',
    trailingSlash:
      '`issuer_url` ends with "/", but {{label}} tokens carry `iss` without it: the issuer is compared to `iss` byte for byte, so no token would be accepted.',
    missingSlash:
      '`issuer_url` lacks the trailing "/" that Entra ID v1.0 tokens carry in `iss` (`https://sts.windows.net/<tenant>/`): the issuer is compared byte for byte, so no token would be accepted.',
  },
  check(ctx) {
    const { text } = ctx;
    for (const issuer of ctx.model.issuers) {
      const jwks = deref(issuer.jwks);
      const jwksMap = jwks?.kind === 'map' ? jwks : undefined;
      const mode = jwksMode(jwksMap, jwks !== undefined);
      const node = issuer.issuerUrl;
      const value = str(node);
      if (node && value !== undefined && value !== '') {
        const dialled = mode === 'discovery' && !present(jwksMap, 'discovery_base');
        const howto = 'Keep `issuer_url` equal to the tokens\' `iss`, and let Anthropic get the keys elsewhere: `jwks.discovery_base`, an `explicit_url` or `inline` keys.';
        checkUrl(node, value, 'issuer_url', dialled, howto, issuerSuggestions(text, issuer, jwksMap), ' (exactly the tokens\' `iss`)', 'discovery');
        trailingSlash(node, value, issuer);
      }
      if (jwksMap) {
        const base = getScalar(jwksMap, 'discovery_base');
        const url = getScalar(jwksMap, 'url');
        const howto = 'Publish it on a public https host.';
        if (mode === 'discovery' && base && str(base)) checkUrl(base, str(base)!, 'jwks.discovery_base', true, howto, [], '', 'the discovery document');
        if (mode === 'explicit_url' && url && str(url)) checkUrl(url, str(url)!, 'jwks.url', true, howto, [], '', 'the JWKS');
      }
    }

    function checkUrl(node: ScalarNode, value: string, field: string, dialled: boolean, howto: string, suggest: Suggest[], what: string, fetches: string): void {
      const u = parseUrl(value);
      if (!u) {
        const host = /^[A-Za-z0-9.-]+(?=[/:]|$)/.test(value) && /[A-Za-z0-9]\.[A-Za-z0-9]/.test(value);
        ctx.report({
          span: node.span, messageId: 'notUrl', data: { field, value, what },
          suggest: host ? [{ title: `Use https://${value}`, edits: [replaceInScalar(node, 0, 0, 'https://')] }] : [],
        });
        return;
      }
      if (u.scheme !== 'https') {
        const span = subSpan(node, 0, u.scheme.length);
        const toHttps: Suggest[] = [{ title: 'Use https', edits: [replaceInScalar(node, 0, u.scheme.length, 'https')] }];
        if (dialled) ctx.report({ span, messageId: 'notHttps', data: { field, scheme: u.scheme, fetches }, suggest: toHttps });
        else if (field === 'issuer_url') ctx.report({ span, messageId: 'notHttpsCompared', data: { scheme: u.scheme }, severity: 'warning', suggest: toHttps });
        return;
      }
      if (!dialled) return;
      if (u.port !== undefined && u.port !== '443' && u.portAt !== undefined) {
        ctx.report({ span: subSpan(node, u.portAt - 1, u.portAt + u.port.length), messageId: 'badPort', data: { field, port: u.port || '(empty)', howto }, suggest });
      }
      const reason = unreachableHost(u);
      if (reason) ctx.report({ span: hostSpan(node, u), messageId: 'unreachable', data: { field, reason, howto }, suggest });
    }

    function trailingSlash(node: ScalarNode, value: string, issuer: AnthropicIssuer): void {
      const family = issuer.profile.family;
      if (NO_TRAILING_SLASH.has(family) && value.endsWith('/')) {
        const slashes = value.length - value.replace(/(?<!\/)\/+$/, '').length;
        ctx.report({
          span: subSpan(node, value.length - slashes, value.length),
          messageId: 'trailingSlash',
          data: { label: issuer.profile.label },
          fix: { title: 'Remove the trailing slash', edits: [replaceInScalar(node, value.length - slashes, value.length, '')] },
        });
      }
      if (family === 'entra-v1' && !value.endsWith('/')) {
        ctx.report({
          span: node.span,
          messageId: 'missingSlash',
          fix: { title: 'Add the trailing slash', edits: [node.contentSpan ? { span: { start: node.contentSpan.end, end: node.contentSpan.end }, newText: '/' } : setScalar(node, `${value}/`)] },
        });
      }
    }
  },
});

/** The JWKS variant: its `type`, or (when missing) the one its fields imply; undefined when it cannot be told. */
function jwksMode(jwks: MapNode | undefined, given: boolean): string | undefined {
  if (!given) return 'discovery';
  if (!jwks) return undefined;
  const t = str(getScalar(jwks, 'type'));
  if (t !== undefined) return t;
  if (present(jwks, 'keys')) return 'inline';
  if (present(jwks, 'url')) return 'explicit_url';
  return 'discovery';
}

function hostSpan(node: ScalarNode, u: ParsedUrl) {
  return subSpan(node, u.hostAt, u.hostAt + u.host.length);
}

/** Ways to keep an internal issuer URL: discovery from a public base, or keys from a public JWKS URL. */
function issuerSuggestions(text: string, issuer: AnthropicIssuer, jwks: MapNode | undefined): Suggest[] {
  const base = 'https://<public host serving /.well-known/openid-configuration>';
  const url = 'https://<public host>/<path>/jwks.json';
  if (!jwks) {
    return [
      { title: 'Fetch discovery from a public discovery_base', edits: [insertPair(text, issuer.node, 'jwks', { type: 'discovery', discovery_base: base })] },
      { title: 'Fetch the keys from a public JWKS URL (explicit_url)', edits: [insertPair(text, issuer.node, 'jwks', { type: 'explicit_url', url })] },
    ];
  }
  const type = getScalar(jwks, 'type');
  return [
    { title: 'Fetch discovery from a public discovery_base', edits: [insertPair(text, jwks, 'discovery_base', base)] },
    {
      title: 'Fetch the keys from a public JWKS URL (explicit_url)',
      edits: type ? [setScalar(type, 'explicit_url'), insertPair(text, jwks, 'url', url)] : [insertPair(text, jwks, 'type', 'explicit_url'), insertPair(text, jwks, 'url', url)],
    },
  ];
}
