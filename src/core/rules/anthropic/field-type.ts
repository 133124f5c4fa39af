import { boolValue, intValue, trimmedEnd, typeName } from '../../anthropic/fields';
import { formatScalar, setScalar } from '../../edit';
import type { Fix } from '../../model';
import { type RuleContext, createRule } from '../../rule';
import type { AnthropicModel } from '../../anthropic/model';
import { type MapNode, type Node, deref, pairOf } from '../../tree';

// JSON types and enumerations of the Admin API's create bodies (domain.md §1.2, §1.3, §1.5). Each mismatch is a
// 400 invalid_request_error. Null is left alone: response objects carry nulls for unset optional fields.
const ENUMS = {
  organization_role: ['developer', 'admin'],
  'target.type': ['service_account'],
  'jwks.type': ['discovery', 'explicit_url', 'inline'],
} as const;

type Ctx = RuleContext<AnthropicModel, MessageId>;
type MessageId =
  | 'notInteger' | 'quotedInteger' | 'notBoolean' | 'quotedBoolean' | 'scopeList' | 'notString'
  | 'claimNotString' | 'claimNested' | 'notObject' | 'badEnum' | 'audienceList';

export default createRule({
  id: 'anthropic/field-type',
  domain: 'anthropic',
  description: 'Require the JSON types and values the Admin API accepts for issuer, service-account and rule fields.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    notInteger: '`{{field}}` must be an integer number of seconds, not {{actual}}: the Admin API rejects it with 400.',
    quotedInteger: '`{{field}}` is the string "{{value}}": the Admin API wants a JSON integer. Write {{value}} without quotes.',
    notBoolean: '`{{field}}` must be `true` or `false`, not {{actual}}: the Admin API rejects it with 400.',
    quotedBoolean: '`{{field}}` is the string "{{value}}": the Admin API wants a JSON boolean. Write `{{bool}}` without quotes.',
    scopeList:
      '`oauth_scope` is a list: the Admin API takes one string of space-separated scopes. Write "{{joined}}".',
    notString: '`{{field}}` must be a string, not {{actual}}: the Admin API rejects it with 400.',
    claimNotString:
      '`claims.{{claim}}` is {{actual}}: `claims` matches top-level claims by exact string equality only, and the Admin API rejects other values. Quote it if the token carries the claim as a string, or compare it in `condition` (CEL), e.g. `{{ref}} == {{value}}`.',
    claimNested:
      '`claims.{{claim}}` is {{actual}}: `claims` matches top-level string claims only. Match nested or list values in `condition` (CEL), e.g. `{{example}}`.',
    notObject: '`{{field}}` must be an object, not {{actual}}: the Admin API rejects it with 400.',
    badEnum: '`{{field}}` is "{{value}}": the Admin API accepts only {{allowed}}.',
    audienceList:
      '`match.audience` is a list: it takes one audience string (a token matches when any of its `aud` values equals it). Keep the one audience your workloads request.',
  },
  check(ctx) {
    for (const issuer of ctx.model.issuers) {
      const n = issuer.node;
      strings(ctx, n, ['name', 'issuer_url', 'description']);
      integer(ctx, n, 'max_jwt_lifetime_seconds');
      boolean(ctx, n, 'check_jti');
      const jwks = object(ctx, n, 'jwks', ENUMS['jwks.type']);
      if (jwks) {
        enumField(ctx, jwks, 'type', 'jwks.type', ENUMS['jwks.type']);
        strings(ctx, jwks, ['discovery_base', 'url', 'ca_cert_pem'], 'jwks.');
      }
    }
    for (const sa of ctx.model.serviceAccounts) {
      strings(ctx, sa.node, ['name', 'description']);
      enumField(ctx, sa.node, 'organization_role', 'organization_role', ENUMS.organization_role);
    }
    for (const rule of ctx.model.rules) {
      const n = rule.node;
      strings(ctx, n, ['name', 'issuer_id', 'workspace_id', 'description']);
      integer(ctx, n, 'token_lifetime_seconds');
      boolean(ctx, n, 'applies_to_all_workspaces');
      oauthScope(ctx, n);
      const target = object(ctx, n, 'target');
      if (target) {
        enumField(ctx, target, 'type', 'target.type', ENUMS['target.type']);
        strings(ctx, target, ['service_account_id'], 'target.');
      }
      if (rule.matchMap) {
        strings(ctx, rule.matchMap, ['subject_prefix', 'condition'], 'match.');
        audience(ctx, rule.matchMap);
        claims(ctx, rule.matchMap);
      }
    }
  },
});

function valueOf(map: MapNode, key: string): Node | undefined {
  const v = deref(pairOf(map, key)?.value);
  return v && !(v.kind === 'scalar' && v.value === null) ? v : undefined;
}

function strings(ctx: Ctx, map: MapNode, keys: readonly string[], prefix = ''): void {
  for (const key of keys) {
    const v = valueOf(map, key);
    if (!v || (v.kind === 'scalar' && typeof v.value === 'string')) continue;
    const field = prefix + key;
    // a number written where a string belongs (`name: 2024`): quoting the same characters keeps the meaning
    const fix = v.kind === 'scalar' && typeof v.value === 'number'
      ? { title: 'Quote the value', edits: [{ span: v.span, newText: JSON.stringify(ctx.text.slice(v.span.start, v.span.end)) }] }
      : undefined;
    ctx.report({ span: v.span, messageId: 'notString', data: { field, actual: typeName(v) }, ...(fix ? { fix } : {}) });
  }
}

function integer(ctx: Ctx, map: MapNode, key: string): void {
  const v = valueOf(map, key);
  if (!v || (v.kind === 'scalar' && typeof v.value === 'number' && Number.isInteger(v.value))) return;
  const n = intValue(v);
  if (v.kind === 'scalar' && typeof v.value === 'string' && n !== undefined) {
    ctx.report({
      span: v.span, messageId: 'quotedInteger', data: { field: key, value: String(n) },
      fix: { title: `Write ${n} as a number`, edits: [setScalar(v, n)] },
    });
    return;
  }
  const duration = v.kind === 'scalar' && typeof v.value === 'string' ? /^\s*(\d{1,6})\s*(s|m|h)\s*$/i.exec(v.value) : null;
  const seconds = duration ? Number(duration[1]) * ({ s: 1, m: 60, h: 3600 } as const)[duration[2]!.toLowerCase() as 's' | 'm' | 'h'] : undefined;
  ctx.report({
    span: v.span, messageId: 'notInteger', data: { field: key, actual: v.kind === 'scalar' && typeof v.value === 'string' ? `the string "${v.value}"` : typeName(v) },
    ...(v.kind === 'scalar' && seconds !== undefined ? { suggest: [{ title: `Write ${seconds} (seconds)`, edits: [setScalar(v, seconds)] }] } : {}),
  });
}

function boolean(ctx: Ctx, map: MapNode, key: string): void {
  const v = valueOf(map, key);
  if (!v || (v.kind === 'scalar' && typeof v.value === 'boolean')) return;
  const b = boolValue(v);
  if (v.kind === 'scalar' && typeof v.value === 'string' && b !== undefined) {
    ctx.report({
      span: v.span, messageId: 'quotedBoolean', data: { field: key, value: v.value, bool: String(b) },
      fix: { title: `Write ${b} as a boolean`, edits: [setScalar(v, b)] },
    });
    return;
  }
  ctx.report({ span: v.span, messageId: 'notBoolean', data: { field: key, actual: typeName(v) } });
}

function oauthScope(ctx: Ctx, map: MapNode): void {
  const pair = pairOf(map, 'oauth_scope');
  const v = valueOf(map, 'oauth_scope');
  if (!pair || !v || (v.kind === 'scalar' && typeof v.value === 'string')) return;
  if (v.kind === 'seq' && v.items.length > 0) {
    const items = v.items.map((i) => deref(i));
    if (items.every((i) => i?.kind === 'scalar' && typeof i.value === 'string')) {
      const joined = items.map((i) => (i?.kind === 'scalar' ? String(i.value).trim() : '')).filter(Boolean).join(' ');
      // replace from the end of the key to the end of the list, so a block list collapses onto the key's line
      const span = { start: pair.key.span.end, end: trimmedEnd(ctx.text, v.span) };
      const sep = ctx.text.slice(span.start, v.span.start).match(/^\s*:/)?.[0] ?? ':';
      ctx.report({
        span: v.span, messageId: 'scopeList', data: { joined },
        fix: { title: 'Join the scopes with spaces', edits: [{ span, newText: `${sep} ${formatScalar(joined, undefined, map.flow)}` }] },
      });
      return;
    }
  }
  ctx.report({ span: v.span, messageId: 'notString', data: { field: 'oauth_scope', actual: typeName(v) } });
}

function object(ctx: Ctx, map: MapNode, key: string, wrapTypes?: readonly string[]): MapNode | undefined {
  const v = valueOf(map, key);
  if (!v) return undefined;
  if (v.kind === 'map') return v;
  // `jwks: discovery` means `jwks: {type: discovery}`
  const fix: Omit<Fix, 'preferred'> | undefined = v.kind === 'scalar' && typeof v.value === 'string' && wrapTypes?.includes(v.value)
    ? { title: `Write {"type": "${v.value}"}`, edits: [{ span: v.span, newText: `{ ${formatScalar('type', undefined, map.flow)}: ${formatScalar(v.value, undefined, map.flow)} }` }] }
    : undefined;
  ctx.report({ span: v.span, messageId: 'notObject', data: { field: key, actual: typeName(v) }, ...(fix ? { fix } : {}) });
  return undefined;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

function enumField(ctx: Ctx, map: MapNode, key: string, field: string, allowed: readonly string[]): void {
  const v = valueOf(map, key);
  if (!v) return;
  if (v.kind !== 'scalar' || typeof v.value !== 'string') {
    ctx.report({ span: v.span, messageId: 'notString', data: { field, actual: typeName(v) } });
    return;
  }
  const value = v.value;
  if (allowed.includes(value)) return;
  const same = allowed.find((a) => squash(a) === squash(value));
  const data = { field, value, allowed: allowed.map((a) => `"${a}"`).join(', ').replace(/, ([^,]*)$/, ' or $1') };
  if (same) {
    // a spelling variant of the one accepted value (`Admin`, `explicit-url`, `ServiceAccount`)
    ctx.report({ span: v.span, messageId: 'badEnum', data, fix: { title: `Write "${same}"`, edits: [setScalar(v, same)] } });
    return;
  }
  ctx.report({ span: v.span, messageId: 'badEnum', data, suggest: allowed.map((a) => ({ title: `Write "${a}"`, edits: [setScalar(v, a)] })) });
}

function audience(ctx: Ctx, match: MapNode): void {
  const v = valueOf(match, 'audience');
  if (!v || (v.kind === 'scalar' && typeof v.value === 'string')) return;
  if (v.kind === 'seq') {
    const items = v.items.map((i) => deref(i)).filter((i) => i?.kind === 'scalar' && typeof i.value === 'string');
    const choices = items.length <= 5 ? items : [];
    ctx.report({
      span: v.span, messageId: 'audienceList',
      suggest: choices.map((i) => {
        const s = i!.kind === 'scalar' ? String(i!.value) : '';
        return { title: `Keep only "${s}"`, edits: [{ span: { start: v.span.start, end: trimmedEnd(ctx.text, v.span) }, newText: formatScalar(s, undefined, match.flow) }] };
      }),
    });
    return;
  }
  ctx.report({ span: v.span, messageId: 'notString', data: { field: 'match.audience', actual: typeName(v) } });
}

function claims(ctx: Ctx, match: MapNode): void {
  const v = valueOf(match, 'claims');
  if (!v) return;
  if (v.kind !== 'map') {
    ctx.report({ span: v.span, messageId: 'notObject', data: { field: 'match.claims', actual: typeName(v) } });
    return;
  }
  for (const p of v.pairs) {
    const c = deref(p.value);
    const claim = String(p.key.value);
    if (c?.kind === 'scalar' && typeof c.value === 'string') continue;
    if (c?.kind === 'map' || c?.kind === 'seq') {
      const example = c.kind === 'map' ? `${celRef(claim)}.<field> == "<value>"` : `"<value>" in ${celRef(claim)}`;
      ctx.report({ span: c.span, messageId: 'claimNested', data: { claim, actual: typeName(c), example } });
      continue;
    }
    const span = c?.span ?? p.key.span;
    const raw = c ? ctx.text.slice(c.span.start, c.span.end) : '';
    const value = c?.kind === 'scalar' && c.value !== null ? JSON.stringify(c.value) : 'null';
    ctx.report({
      span, messageId: 'claimNotString', data: { claim, actual: typeName(c), value, ref: celRef(claim) },
      ...(c?.kind === 'scalar' && c.value !== null
        ? { suggest: [{ title: `Quote the value ("${raw}")`, edits: [{ span: c.span, newText: JSON.stringify(raw) }] }] }
        : {}),
    });
  }
}

/** How a CEL condition names a top-level claim: `claims.repository_owner`, or `claims["https://sts.amazonaws.com/"]`. */
function celRef(claim: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(claim) ? `claims.${claim}` : `claims[${JSON.stringify(claim)}]`;
}
