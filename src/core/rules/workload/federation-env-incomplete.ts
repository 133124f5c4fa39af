import { createRule } from '../../rule';
import type { EnvScope, EnvVar } from '../../workload/model';
import { ID_FORMATS } from '../../workload/vars';

// The SDKs federate from the environment only when ANTHROPIC_FEDERATION_RULE_ID, ANTHROPIC_ORGANIZATION_ID and a token
// source (ANTHROPIC_IDENTITY_TOKEN_FILE or ANTHROPIC_IDENTITY_TOKEN) are all set; otherwise they move on to the next
// credential source (the active profile) or fail. ANTHROPIC_SERVICE_ACCOUNT_ID is documented with them but does not
// gate activation in the Python SDK; ANTHROPIC_WORKSPACE_ID='' is treated as unset (domain.md §1.9).

const RULE = 'ANTHROPIC_FEDERATION_RULE_ID';
const ORG = 'ANTHROPIC_ORGANIZATION_ID';
const FILE = 'ANTHROPIC_IDENTITY_TOKEN_FILE';
const TOKEN = 'ANTHROPIC_IDENTITY_TOKEN';
const SA = 'ANTHROPIC_SERVICE_ACCOUNT_ID';
const WORKSPACE = 'ANTHROPIC_WORKSPACE_ID';

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  [RULE]: '<federation rule id, fdrl_...>',
  [ORG]: '<organization UUID>',
  [FILE]: '<path to the identity token file>',
  [SA]: '<service account id, svac_...>',
};

/** The variable when it is set (in a template, a blank is a slot to fill in, so it counts as set). */
function find(scope: EnvScope, name: string): EnvVar | undefined {
  return scope.vars.find((v) => v.name === name && (v.shape !== 'empty' || scope.template === true));
}

/** Everything this scope's process sees is in this file: nothing can be added by a layer it cannot see. */
function closed(scope: EnvScope): boolean {
  return !scope.partial && scope.external.length === 0 && !find(scope, 'ANTHROPIC_PROFILE') && !find(scope, 'ANTHROPIC_CONFIG_DIR');
}

export default createRule({
  id: 'workload/federation-env-incomplete',
  domain: 'workload',
  description: 'Require the full set of Anthropic federation variables, with well-formed ids, where a workload federates from its environment.',
  type: 'problem',
  defaultSeverity: 'warning',
  fixable: true,
  hasSuggestions: true,
  messages: {
    missingOrganization:
      '`ANTHROPIC_FEDERATION_RULE_ID` is set without `ANTHROPIC_ORGANIZATION_ID` in {{scope}}: the SDK federates only when both are set (with a token source), so it falls back to a profile or fails to authenticate. Add `ANTHROPIC_ORGANIZATION_ID` (the organization\'s UUID).',
    missingRuleId:
      '`{{name}}` is set without `ANTHROPIC_FEDERATION_RULE_ID` in {{scope}}: the SDK never federates without the rule id, so it falls back to a profile or fails to authenticate. Add the id of the federation rule (`fdrl_…`).',
    missingTokenSource:
      'Federation is configured in {{scope}} but no identity token is: without `ANTHROPIC_IDENTITY_TOKEN_FILE` (a path to the workload\'s OIDC token) or `ANTHROPIC_IDENTITY_TOKEN` the SDK skips federation and falls back to a profile or fails. Add the token file.',
    missingServiceAccount:
      '`ANTHROPIC_SERVICE_ACCOUNT_ID` is not set in {{scope}}: the documentation lists it with the federation variables (some SDKs work without it). Set it to the `svac_…` id the federation rule targets.',
    emptyWorkspace:
      '`ANTHROPIC_WORKSPACE_ID` is empty: the SDK treats an empty value as unset, so no workspace is requested. Delete it, or set a workspace id (`wrkspc_…`, or `default`).',
    malformedId: '`{{name}}` does not hold {{expected}}: the token exchange will reject it. Copy the id from the Claude Console or the Admin API.',
  },
  check(ctx) {
    const m = ctx.model;
    // report a missing variable only if no process that sees the trigger has it (a job-level id completed by a step's env is fine)
    const missingEverywhere = (trigger: EnvVar, names: readonly string[]) =>
      m.scopesSeeing(trigger).every((s) => closed(s) && names.every((n) => !find(s, n)));
    const add = (trigger: EnvVar, name: string) => ({ title: `Add \`${name}\``, edits: [trigger.block.insert(name, PLACEHOLDERS[name]!)] });
    // a variable several processes see (a workflow- or job-level env entry) is described by what it is shared in
    const where = (trigger: EnvVar, scope: EnvScope) => {
      const seeing = m.scopesSeeing(trigger);
      if (seeing.length <= 1) return scope.label;
      const job = seeing[0]!.jobId;
      return job !== undefined && seeing.every((s) => s.jobId === job) ? `any step of job "${job}"` : 'any of the places that share it';
    };
    for (const scope of m.scopes) {
      const rule = find(scope, RULE);
      const org = find(scope, ORG);
      const file = find(scope, FILE);
      const token = find(scope, TOKEN);
      const sa = find(scope, SA);
      if (rule && !org && missingEverywhere(rule, [ORG])) {
        ctx.report({ span: rule.nameSpan, messageId: 'missingOrganization', data: { scope: where(rule, scope) }, suggest: [add(rule, ORG)] });
      }
      const intent = file ?? token ?? (org && sa ? org : undefined);
      if (!rule && intent && missingEverywhere(intent, [RULE])) {
        ctx.report({ span: intent.nameSpan, messageId: 'missingRuleId', data: { scope: where(intent, scope), name: intent.name }, suggest: [add(intent, RULE)] });
      }
      if (rule && !file && !token && missingEverywhere(rule, [FILE, TOKEN])) {
        ctx.report({ span: rule.nameSpan, messageId: 'missingTokenSource', data: { scope: where(rule, scope) }, suggest: [add(rule, FILE)] });
      }
      if (rule && !sa && missingEverywhere(rule, [SA])) {
        ctx.report({ span: rule.nameSpan, messageId: 'missingServiceAccount', severity: 'info', data: { scope: where(rule, scope) }, suggest: [add(rule, SA)] });
      }
      if (scope.template) continue; // blanks and placeholder ids are what a template is made of
      const workspace = scope.vars.find((v) => v.name === WORKSPACE);
      if (workspace?.shape === 'empty' && (rule || file || token)) {
        ctx.report({ span: workspace.nameSpan, messageId: 'emptyWorkspace', severity: 'info', fix: { title: `Delete \`${WORKSPACE}\``, edits: [workspace.remove] } });
      }
      for (const v of scope.vars) {
        const format = ID_FORMATS[v.name];
        if (!format || v.shape !== 'literal' || v.value === undefined || format.test(v.value.trim())) continue;
        ctx.report({ span: v.valueSpan ?? v.nameSpan, messageId: 'malformedId', data: { name: v.name, expected: format.expected } });
      }
    }
  },
});
