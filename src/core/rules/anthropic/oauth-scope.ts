import { editDistance, isResponse, replaceInScalar, capitalized, setField, subSpan } from '../../anthropic/fields';
import { formatScalar } from '../../edit';
import type { AnthropicRule } from '../../anthropic/model';
import type { Fix, Span, TextEdit } from '../../model';
import { createRule } from '../../rule';
import { type ScalarNode, str } from '../../tree';

// domain.md §1.5: `oauth_scope` is one space-separated string of the scopes below. `org:manage_tunnels` was renamed
// `workspace:manage_tunnels` [uncertain in §1.13, but the Helm chart's upgrade note says so]. `org:admin` can only be
// set from a Console session, like every scope but `workspace:developer`/`workspace:inference` (validity rule 3), and
// needs a service account whose organization_role is admin (rule 4).
const KNOWN = ['workspace:inference', 'workspace:developer', 'workspace:manage_tunnels', 'org:admin'] as const;
const RENAMED: Readonly<Record<string, string>> = { 'org:manage_tunnels': 'workspace:manage_tunnels' };
/** The scopes an API token may put on a rule (validity rule 3); any other needs a Console session. */
const API_GRANTABLE: readonly string[] = ['workspace:inference', 'workspace:developer'];
const ADVICE: Readonly<Record<string, string>> = {
  'org:admin': 'It grants the whole Admin API: keep it to the one rule that bootstraps automation.',
  'workspace:manage_tunnels': 'Create this rule in the Console.',
};

export default createRule({
  id: 'anthropic/oauth-scope',
  domain: 'anthropic',
  description: 'Require known, space-separated OAuth scopes, and an admin service account for org:admin.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    empty:
      '`oauth_scope` is empty: the Admin API needs at least one scope. Use `workspace:inference` (Messages and Models only) or `workspace:developer`.',
    commaSeparated:
      '`oauth_scope` separates scopes with commas: it is one string of space-separated scopes, and "{{value}}" is no scope the Admin API knows. Separate them with spaces.',
    renamed: '`{{scope}}` was renamed `{{to}}`: write the new name (the MCP tunnels API checks `{{to}}`).',
    wrongCase: '`{{scope}}` is not a scope: scopes are lower-case (`{{known}}`).',
    unknown:
      '`{{scope}}` is not an Anthropic OAuth scope: the Admin API rejects it. Known scopes are `workspace:inference`, `workspace:developer`, `workspace:manage_tunnels` and `org:admin`.',
    adminNeedsAdminSa:
      '{{object}} grants `org:admin`, but its service account "{{sa}}" has organization_role `{{role}}`: an `org:admin` rule must target an admin service account, and token exchanges for this one are rejected. Grant a workspace scope instead, or make the service account an admin deliberately.',
    consoleOnly:
      '`{{scope}}` can only be set from a Console session: creating or updating this rule with an API token (OAuth or WIF-minted) fails. {{advice}}',
  },
  check(ctx) {
    const { text } = ctx;
    for (const rule of ctx.model.rules) {
      const node = rule.oauthScope;
      const value = str(node);
      if (!node || value === undefined) continue;
      if (value.trim() === '') {
        ctx.report({
          span: node.span, messageId: 'empty',
          suggest: ['workspace:inference', 'workspace:developer'].map((s) => ({ title: `Use "${s}"`, edits: [{ span: node.span, newText: formatScalar(s, node) }] })),
        });
        continue;
      }
      if (value.includes(',')) {
        ctx.report({ span: node.span, messageId: 'commaSeparated', data: { value }, fix: { title: 'Separate the scopes with spaces', edits: commaEdits(node, value) } });
      }
      const request = !isResponse(rule.node); // a response is the server's state, not something to apply
      for (const m of value.matchAll(/[^\s,]+/g)) {
        const scope = m[0];
        const at = m.index;
        const span = subSpan(node, at, at + scope.length);
        const replace = (to: string): TextEdit => replaceInScalar(node, at, at + scope.length, to);
        if ((KNOWN as readonly string[]).includes(scope)) {
          if (scope === 'org:admin') adminTarget(rule, node, at, span);
          if (request && !API_GRANTABLE.includes(scope)) ctx.report({ span, messageId: 'consoleOnly', severity: 'info', data: { scope, advice: ADVICE[scope] ?? '' } });
          continue;
        }
        const to = RENAMED[scope];
        if (to) {
          // the rename is documented by the tunnels Helm chart, not yet by the API reference (domain.md §1.13): a warning
          ctx.report({ span, messageId: 'renamed', severity: 'warning', data: { scope, to }, fix: { title: `Rename to ${to}`, edits: [replace(to)] } });
          continue;
        }
        const known = KNOWN.find((k) => k === scope.toLowerCase());
        if (known) {
          ctx.report({ span, messageId: 'wrongCase', data: { scope, known }, fix: { title: `Write ${known}`, edits: [replace(known)] } });
          continue;
        }
        ctx.report({ span, messageId: 'unknown', data: { scope }, suggest: closest(scope).map((k) => ({ title: `Use ${k}`, edits: [replace(k)] })) });
      }
    }

    function adminTarget(rule: AnthropicRule, node: ScalarNode, at: number, span: Span): void {
      const sa = rule.serviceAccount;
      const role = sa ? (sa.organizationRole ? str(sa.organizationRole) : 'developer') : undefined;
      if (!sa || role === undefined || role === 'admin') return;
      const suggest: Omit<Fix, 'preferred'>[] = [
        { title: 'Grant workspace:developer instead', edits: [replaceInScalar(node, at, at + 'org:admin'.length, 'workspace:developer')] },
        { title: `Make service account "${str(sa.name) ?? str(sa.id) ?? ''}" an admin`, edits: [setField(text, sa.node, 'organization_role', 'admin')] },
      ];
      ctx.report({
        span, messageId: 'adminNeedsAdminSa',
        data: { object: capitalized('rule', rule.node), sa: str(sa.name) ?? str(sa.id) ?? '?', role },
        related: [{ span: (sa.organizationRole ?? sa.name ?? sa.node).span, message: sa.organizationRole ? 'The service account\'s role' : 'The service account (no organization_role: developer)' }],
        suggest,
      });
    }
  },
});

/** Commas (with the blanks around them) become one space; a leading or trailing one goes away. */
function commaEdits(node: ScalarNode, value: string): TextEdit[] {
  const runs = [...value.matchAll(/[\s,]+/g)].filter((m) => m[0].includes(','));
  const normalized = value.split(/[\s,]+/).filter(Boolean).join(' ');
  if (!node.contentSpan) return [{ span: node.span, newText: formatScalar(normalized, node) }];
  return runs.map((m) => {
    const edge = m.index === 0 || m.index + m[0].length === value.length;
    return { span: subSpan(node, m.index, m.index + m[0].length), newText: edge ? '' : ' ' };
  });
}

/** Known scopes a mistyped one probably meant: same name under another prefix, or a few typos away. */
function closest(scope: string): string[] {
  const lower = scope.toLowerCase();
  const tail = lower.slice(lower.indexOf(':') + 1);
  return KNOWN.filter((k) => k.slice(k.indexOf(':') + 1) === tail || editDistance(k, lower) <= 3);
}
