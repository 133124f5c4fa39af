import { formatScalar, removeItem, removePair, replaceNode, setScalar } from '../../edit';
import type { Span, TextEdit } from '../../model';
import type { OpenAIProvider, OpenAIRule } from '../../openai/model';
import { createRule } from '../../rule';
import { deref, getScalar, type MapNode, type Node, pairOf, type PairNode } from '../../tree';
import { eolOf, indentAt } from '../../text';

// Field types, ranges and enums the Admin APIs enforce (domain.md §2.1 [S: API Platform schema from a mirror], §2.4).
// A preferred fix only where the value's meaning is certain: a quoted number or boolean, a differently-cased enum
// value, a single audience not in a list, an exact `sub` claim moved to `external_subject`.
const CODEX_SCOPES = ['openid', 'profile', 'email', 'chatgpt.workspace.feature.allow-codex-local-access.access'];

export default createRule({
  id: 'openai/field-range',
  domain: 'openai',
  description: 'Keep OpenAI provider and rule fields within the types, ranges and values the Admin APIs accept.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    outOfRange: '`{{field}}` is {{value}}, outside {{min}}–{{max}}: the Admin API rejects it.{{why}}',
    notInteger: '`{{field}}` must be a whole number of seconds ({{min}}–{{max}}); {{value}} is rejected.',
    quoted: '`{{field}}` is the string {{value}}: the Admin API expects a {{type}}. Write it unquoted.',
    wrongType: '`{{field}}` must be {{type}}: the Admin API rejects {{what}}.',
    badEnum: '`{{field}}` is `{{value}}`: {{allowed}}.',
    unknownType: '`type` is `{{value}}`: API Platform OIDC providers use `oidc` (X.509 providers are set up from the dashboard). This schema comes from a mirror of the API reference; check the value.',
    tooMany: '`{{field}}` has {{count}} entries: the Admin API accepts at most {{max}}.',
    tooFew: '`{{field}}` is empty: {{why}}',
    tooLong: '`{{field}}` is {{length}} {{unit}} long: the limit is {{max}}.',
    emptyString: '`{{field}}` is empty: the Admin API requires a non-empty value.',
    subClaim: '`claims` must not contain `sub`: Codex rejects it. Match the subject with `external_subject` (exact, or a trailing `*` prefix) instead.',
    claimNotScalar: 'Exact claim `{{claim}}` is {{what}}: Codex compares top-level scalar values only (string, number, boolean, null). Use a `condition` for lists and nested claims.',
    unknownScope: '`{{value}}` is not a Codex scope: rules may only narrow to `openid`, `profile`, `email` and `chatgpt.workspace.feature.allow-codex-local-access.access`.',
    restrictedNoScopes: '`permissions.type: restricted` needs at least one scope in `permissions.scopes` (e.g. `api.model.request`): the Admin API rejects an empty restriction.',
  },
  check(ctx) {
    type Data = Record<string, string | number>;
    const report = (span: Span, messageId: Parameters<typeof ctx.report>[0]['messageId'], data: Data = {}, more: { fix?: TextEdit[]; suggest?: [string, TextEdit[]][]; fixTitle?: string } = {}) =>
      ctx.report({
        span,
        messageId,
        data,
        ...(more.fix ? { fix: { title: more.fixTitle ?? 'Fix the value', edits: more.fix } } : {}),
        ...(more.suggest ? { suggest: more.suggest.map(([title, edits]) => ({ title, edits })) } : {}),
      });

    const integer = (owner: MapNode, field: string, min: number, max: number, why = '') => {
      const n = deref(pairOf(owner, field)?.value);
      if (!n) return;
      if (n.kind !== 'scalar') return report(n.span, 'wrongType', { field, type: `a whole number of seconds (${min}–${max})`, what: n.kind === 'seq' ? 'a list' : 'an object' });
      const v = n.value;
      const clamp = (x: number): [string, TextEdit[]][] => [[`Set ${field} to ${Math.min(max, Math.max(min, x))}`, [replaceNode(n, String(Math.min(max, Math.max(min, x))))]]];
      if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) {
        const x = Number(v);
        if (x >= min && x <= max) return report(n.span, 'quoted', { field, value: JSON.stringify(v), type: 'number' }, { fix: [replaceNode(n, String(x))], fixTitle: `Write ${x} as a number` });
        return report(n.span, 'outOfRange', { field, value: x, min, max, why }, { suggest: clamp(x) });
      }
      if (typeof v !== 'number') return report(n.span, 'wrongType', { field, type: `a whole number of seconds (${min}–${max})`, what: v === null ? 'null' : `a ${typeof v}` });
      if (!Number.isInteger(v)) return report(n.span, 'notInteger', { field, value: v, min, max }, { suggest: clamp(Math.round(v)) });
      if (v < min || v > max) report(n.span, 'outOfRange', { field, value: v, min, max, why }, { suggest: clamp(v) });
    };

    const boolean = (owner: MapNode, field: string) => {
      const n = deref(pairOf(owner, field)?.value);
      if (!n || (n.kind === 'scalar' && typeof n.value === 'boolean')) return;
      if (n.kind === 'scalar' && typeof n.value === 'string' && /^(true|false)$/i.test(n.value.trim())) {
        const b = n.value.trim().toLowerCase() === 'true';
        return report(n.span, 'quoted', { field, value: JSON.stringify(n.value), type: 'boolean' }, { fix: [replaceNode(n, String(b))], fixTitle: `Write ${b} as a boolean` });
      }
      const what = n.kind === 'scalar' ? (n.value === null ? 'null' : `the ${typeof n.value} ${JSON.stringify(n.value)}`) : n.kind === 'seq' ? 'a list' : 'an object';
      report(n.span, 'wrongType', { field, type: '`true` or `false`', what }, { suggest: [['Set to true', [replaceNode(n, 'true')]], ['Set to false', [replaceNode(n, 'false')]]] });
    };

    const oneOf = (owner: MapNode | undefined, field: string, allowed: readonly string[], label = field) => {
      const n = getScalar(owner, field);
      if (!n || typeof n.value !== 'string' || allowed.includes(n.value)) return;
      const v = n.value;
      const canon = allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase());
      const list = `allowed values are ${allowed.map((a) => `\`${a}\``).join(', ')}`;
      if (canon) return report(n.span, 'badEnum', { field: label, value: v, allowed: `values are case-sensitive; write \`${canon}\`` }, { fix: [setScalar(n, canon)], fixTitle: `Write ${canon}` });
      report(n.span, 'badEnum', { field: label, value: v, allowed: `the Admin API rejects it (${list})` }, { suggest: allowed.map((a): [string, TextEdit[]] => [`Set ${label} to ${a}`, [setScalar(n, a)]]) });
    };

    const text = (owner: MapNode, field: string, max: number, label: string, bytes = false) => {
      const n = getScalar(owner, field);
      if (!n || typeof n.value !== 'string') return;
      if (n.value === '') return report(n.span, 'emptyString', { field: label });
      const length = bytes ? new TextEncoder().encode(n.value).length : n.value.length;
      if (length > max) report(n.span, 'tooLong', { field: label, length, unit: bytes ? 'bytes' : 'characters', max: `${max} ${bytes ? 'bytes' : 'characters'}` });
    };

    for (const p of ctx.model.providers) checkProvider(p);
    for (const r of ctx.model.rules) (r.product === 'codex' ? checkCodexRule : checkApiRule)(r);

    function checkProvider(p: OpenAIProvider) {
      boolean(p.node, 'enabled');
      const name = getScalar(p.node, 'name');
      if (name?.value === '') report(name.span, 'emptyString', { field: 'name' });
      if (p.product === 'codex') {
        oneOf(p.node, 'type', ['oidc', 'spiffe_jwt']);
        integer(p.node, 'max_assertion_lifetime_seconds', 1, 176400, ' It must cover the full `exp − iat` of your issuer\'s tokens.');
        boolean(p.node, 'check_jti');
        boolean(p.node, 'jwks_local');
        return;
      }
      const type = getScalar(p.node, 'type');
      if (typeof type?.value === 'string' && type.value !== 'oidc' && !/x\.?509/i.test(type.value)) {
        if (type.value.toLowerCase() === 'oidc') oneOf(p.node, 'type', ['oidc']);
        else ctx.report({ span: type.span, messageId: 'unknownType', severity: 'warning', data: { value: type.value } });
      }
      oneOf(p.verification, 'type', ['discovery', 'uploaded_jwks'], 'verification.type');
      const ts = deref(p.attributeTransformations);
      if (!ts) return;
      if (ts.kind !== 'seq') return report(ts.span, 'wrongType', { field: 'attribute_transformations', type: 'a list of `{attribute, expression}`', what: ts.kind === 'map' ? 'an object' : 'a scalar' });
      if (ts.items.length > 20) report(pairOf(p.node, 'attribute_transformations')!.key.span, 'tooMany', { field: 'attribute_transformations', count: ts.items.length, max: 20 });
      for (const t of ts.items) {
        const m = deref(t);
        if (m?.kind !== 'map') continue;
        text(m, 'attribute', 256, 'attribute');
        text(m, 'expression', 4096, 'expression');
      }
    }

    function checkApiRule(r: OpenAIRule) {
      boolean(r.node, 'enabled');
      const am = deref(r.attributeMatchers);
      if (am && am.kind !== 'map') report(am.span, 'wrongType', { field: 'attribute_matchers', type: 'an object of claim -> value', what: am.kind === 'seq' ? 'a list' : 'a scalar' });
      const perm = deref(r.permissions);
      if (!perm) return;
      if (perm.kind !== 'map') return report(perm.span, 'wrongType', { field: 'permissions', type: 'an object (`{type: restricted, scopes: [...]}`)', what: perm.kind === 'seq' ? 'a list' : 'a scalar' });
      oneOf(perm, 'type', ['service_account_default', 'restricted'], 'permissions.type');
      if (getScalar(perm, 'type')?.value !== 'restricted') return;
      const scopes = deref(pairOf(perm, 'scopes')?.value);
      if (!scopes || (scopes.kind === 'seq' && scopes.items.length === 0)) report(scopes?.span ?? getScalar(perm, 'type')!.span, 'restrictedNoScopes');
    }

    function checkCodexRule(r: OpenAIRule) {
      boolean(r.node, 'enabled');
      integer(r.node, 'access_token_lifetime_seconds', 60, 3600);
      text(r.node, 'external_subject', 4096, 'external_subject', true);
      const auds = deref(r.audiences);
      if (auds?.kind === 'scalar' && typeof auds.value === 'string') {
        report(auds.span, 'wrongType', { field: 'audiences', type: 'a list of audience strings', what: 'a single string' }, {
          fix: [replaceNode(auds, `[${formatScalar(auds.value, undefined, true)}]`)],
          fixTitle: 'Make it a one-item list',
        });
      } else if (auds?.kind === 'seq') {
        if (auds.items.length === 0) report(auds.span, 'tooFew', { field: 'audiences', why: 'Codex requires 1–32 accepted audiences (omit the field to use the provider\'s audience).' });
        if (auds.items.length > 32) report(pairOf(r.node, 'audiences')!.key.span, 'tooMany', { field: 'audiences', count: auds.items.length, max: 32 });
      } else if (auds) report(auds.span, 'wrongType', { field: 'audiences', type: 'a list of audience strings', what: 'an object' });
      checkClaims(r);
      const scopes = deref(r.scopes);
      if (scopes?.kind !== 'seq') return;
      for (const item of scopes.items) {
        const s = deref(item);
        if (s?.kind === 'scalar' && typeof s.value === 'string' && !CODEX_SCOPES.includes(s.value))
          report(s.span, 'unknownScope', { value: s.value }, { suggest: [[`Remove ${s.value}`, [removeItem(ctx.text, scopes, item)]]] });
      }
    }

    function checkClaims(r: OpenAIRule) {
      const claims = deref(r.claims);
      if (!claims) return;
      if (claims.kind !== 'map') return report(claims.span, 'wrongType', { field: 'claims', type: 'an object of claim -> value', what: claims.kind === 'seq' ? 'a list' : 'a scalar' });
      if (claims.pairs.length > 32) report(pairOf(r.node, 'claims')!.key.span, 'tooMany', { field: 'claims', count: claims.pairs.length, max: 32 });
      for (const pair of claims.pairs) {
        const v = deref(pair.value);
        if (v && v.kind !== 'scalar') report(v.span, 'claimNotScalar', { claim: String(pair.key.value), what: v.kind === 'seq' ? 'a list' : 'an object' });
        if (pair.key.value === 'sub') subClaim(r, claims, pair, v);
      }
    }

    function subClaim(r: OpenAIRule, claims: MapNode, pair: PairNode, v: Node | undefined) {
      const value = v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
      const claimsPair = pairOf(r.node, 'claims')!;
      if (value === undefined || r.externalSubject || value.includes('*')) {
        return report(pair.key.span, 'subClaim', {}, { suggest: [['Remove sub from claims', [removePair(ctx.text, claims, pair)]]] });
      }
      // exact in `claims` is exact in `external_subject` (the value has no `*`): moving it keeps the rule's meaning
      const edits =
        claims.pairs.length === 1
          ? [{ span: { start: claimsPair.key.span.start, end: claimsPair.span.end }, newText: `${keyText(claimsPair, r.node, 'external_subject')}: ${formatScalar(value, undefined, r.node.flow)}` }]
          : [removePair(ctx.text, claims, pair), insertBefore(ctx.text, r.node, claimsPair, 'external_subject', value)];
      report(pair.key.span, 'subClaim', {}, { fix: edits, fixTitle: 'Move sub to external_subject' });
    }
  },
});

/** A key in the style of a sibling key (quoted in JSON and flow maps). */
function keyText(sibling: PairNode, map: MapNode, key: string): string {
  return sibling.key.style === 'double' || map.flow ? JSON.stringify(key) : key;
}

/** Insert `key: value` into a map just before an existing pair (so it never collides with edits inside that pair). */
function insertBefore(text: string, map: MapNode, before: PairNode, key: string, value: string): TextEdit {
  const at = before.key.span.start;
  const k = keyText(before, map, key);
  const v = formatScalar(value, undefined, map.flow);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, at));
  const sep = map.flow ? ',' : '';
  const next = ownLine ? eolOf(text) + indentAt(text, at) : map.flow ? ' ' : eolOf(text) + ' '.repeat(at - lineStart);
  return { span: { start: at, end: at }, newText: `${k}: ${v}${sep}${next}` };
}
