import { anchorOf, boolValue, capitalized, isResponse, looksLikeUpdate, manifestMembers, setField } from '../../anthropic/fields';
import { removePair, setScalar } from '../../edit';
import { createRule } from '../../rule';
import { deref, getSeq, pairOf } from '../../tree';

// domain.md §1.5: a rule is created either for one workspace (`workspace_id`) or for every workspace
// (`applies_to_all_workspaces: true`). What the API does when both are sent is not documented [?]: warning only.
// Workspace ids are tagged `wrkspc_…`; `default` names the organization's default workspace (§1.1).
export default createRule({
  id: 'anthropic/workspace-binding',
  domain: 'anthropic',
  description: 'Bind a federation rule to exactly one of a workspace_id or applies_to_all_workspaces: true.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    both:
      '{{object}} sets both `workspace_id` and `applies_to_all_workspaces: true`: the Admin API expects exactly one, and which one wins is not documented. Keep the one you mean.',
    neither:
      '{{object}} is bound to no workspace: the Admin API needs a `workspace_id` or `applies_to_all_workspaces: true` to create it. Prefer the one workspace the workload uses.',
    malformed:
      '`workspace_id` "{{value}}" is not a workspace id: ids start with `wrkspc_` (or write `default` for the organization\'s default workspace). The Admin API rejects it with 400.',
  },
  check(ctx) {
    const { text, model } = ctx;
    const inManifest = manifestMembers(model);
    for (const rule of model.rules) {
      const node = rule.node;
      const wsPair = pairOf(node, 'workspace_id');
      const ws = deref(wsPair?.value);
      const wsValue = ws?.kind === 'scalar' && typeof ws.value === 'string' ? ws.value : undefined;
      const allPair = pairOf(node, 'applies_to_all_workspaces');
      const all = deref(allPair?.value);
      const appliesToAll = boolValue(all) === true;
      const label = capitalized('rule', node);

      if (ws?.kind === 'scalar' && wsValue !== undefined && wsValue !== '') {
        const trimmed = wsValue.trim();
        if (trimmed !== 'default' && !/^wrkspc_\S/.test(trimmed)) {
          ctx.report({ span: ws.span, messageId: 'malformed', data: { value: wsValue } });
        } else if (trimmed !== wsValue) {
          ctx.report({ span: ws.span, messageId: 'malformed', data: { value: wsValue }, fix: { title: 'Remove the surrounding spaces', edits: [setScalar(ws, trimmed)] } });
        }
      }

      const hasWorkspace = wsValue !== undefined && wsValue.trim() !== '';
      if (hasWorkspace && appliesToAll && wsPair && allPair && all) {
        if (isResponse(node)) continue; // what the server returned is its own state, not a request
        ctx.report({
          span: all.span,
          messageId: 'both',
          severity: 'warning',
          data: { object: label },
          related: [{ span: ws!.span, message: 'The workspace this rule also names' }],
          suggest: [
            { title: 'Keep only the workspace_id (remove applies_to_all_workspaces)', edits: [removePair(text, node, allPair)] },
            { title: 'Enable it in every workspace (remove workspace_id)', edits: [removePair(text, node, wsPair)] },
          ],
        });
        continue;
      }
      if (hasWorkspace || appliesToAll || getSeq(node, 'workspace_ids')) continue;
      if (!inManifest.has(node) && looksLikeUpdate('rule', node)) continue;
      if (all?.kind === 'scalar' && all.value !== null && boolValue(all) === undefined) continue; // a wrong type: field-type says so
      ctx.report({
        span: all?.kind === 'scalar' && all.value !== null ? all.span : anchorOf(node),
        messageId: 'neither',
        data: { object: label },
        suggest: [
          { title: 'Add a workspace_id to fill in', edits: [setField(text, node, 'workspace_id', '<wrkspc_… workspace id>')] },
          { title: 'Enable it in every workspace (applies_to_all_workspaces: true)', edits: [setField(text, node, 'applies_to_all_workspaces', true)] },
        ],
      });
    }
  },
});
