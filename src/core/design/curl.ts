// "Copy the Admin API request as curl": the requests that create what the destination document describes, as a
// shell script a person can read before running. The admin credential is read from an environment variable and
// never part of the text; ids the API assigns flow from one response into the next request through jq.
// Facts: domain.md §1.10 (Anthropic Admin API), §2.1 (OpenAI workload identity providers, secondary source).
import { parseStructured } from '../parse';
import { toValue } from '../tree';
import { designDocuments } from './documents';
import type { DesignModel } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/**
 * A name for a comment line: a line break in it would end the comment and make the rest a command (the names come
 * from the design, which "Open in designer" reads from a file in the workspace), so control characters become spaces.
 */
const named = (v: unknown): string => JSON.stringify(String(v).replace(/[\x00-\x1f\x7f\u2028\u2029]+/g, ' '));

/** `command <<'JSON' rest-of-pipeline`, then the JSON body: a quoted heredoc, so the shell expands nothing in it. */
function withBody(command: string, body: unknown, pipeline = ''): string {
  return `${command} <<'JSON'${pipeline}\n${JSON.stringify(body, null, 2)}\nJSON`;
}

function anthropic(doc: Obj): string {
  const base = 'https://api.anthropic.com/v1/organizations';
  const headers = '-H "Authorization: Bearer $ANTHROPIC_ADMIN_TOKEN" -H "anthropic-version: 2023-06-01" -H "content-type: application/json"';
  const post = (path: string) => `curl -sS --fail-with-body ${base}/${path} ${headers} -d @-`;
  const out = [
    '#!/usr/bin/env bash',
    '# Create the Anthropic federation issuer, service account and rule designed in Keyless (Admin API).',
    '# Needs an org:admin OAuth token in ANTHROPIC_ADMIN_TOKEN (Admin API keys are not accepted on these endpoints), and jq.',
    'set -euo pipefail',
  ];
  for (const issuer of list(doc.federation_issuers)) {
    out.push('', `# the issuer ${named(issuer.name)}`, `ISSUER_ID=$(${withBody(post('federation_issuers'), issuer, ' | jq -r .id')}`, ')', 'echo "issuer: $ISSUER_ID"');
  }
  for (const sa of list(doc.service_accounts)) {
    out.push('', `# the service account ${named(sa.name)}`, `SERVICE_ACCOUNT_ID=$(${withBody(post('service_accounts'), sa, ' | jq -r .id')}`, ')', 'echo "service account: $SERVICE_ACCOUNT_ID"');
  }
  for (const rule of list(doc.federation_rules)) {
    // the manifest names the issuer and service account; the API wants the ids the two requests above returned
    out.push(
      '',
      `# the federation rule ${named(rule.name)}: give its id (fdrl_...) and the service account's to the workload`,
      withBody(`jq --arg issuer "$ISSUER_ID" --arg sa "$SERVICE_ACCOUNT_ID" '.issuer_id = $issuer | .target.service_account_id = $sa'`, rule, ` | ${post('federation_rules')} | jq '{id, name, issuer_id, oauth_scope, token_lifetime_seconds}'`),
    );
  }
  return out.join('\n') + '\n';
}

function openai(doc: Obj): string {
  const base = 'https://api.openai.com/v1/organization/workload_identity_providers';
  const headers = '-H "Authorization: Bearer $OPENAI_ADMIN_KEY" -H "content-type: application/json"';
  const out = [
    '#!/usr/bin/env bash',
    '# Create the OpenAI workload identity provider and its service account mapping designed in Keyless (Admin API;',
    '# the request shapes come from a mirror of OpenAI\'s API reference). Needs an admin key in OPENAI_ADMIN_KEY, and jq.',
    'set -euo pipefail',
  ];
  for (const provider of list(doc.workload_identity_providers)) {
    const { federation_rules: rules, ...body } = provider;
    out.push('', `# the provider ${named(provider.name)}`, `PROVIDER_ID=$(${withBody(`curl -sS --fail-with-body ${base} ${headers} -d @-`, body, ' | jq -r .id')}`, ')', 'echo "provider: $PROVIDER_ID"');
    for (const rule of list(rules)) {
      out.push('', `# the mapping ${named(rule.name)}`, withBody(`curl -sS --fail-with-body "${base}/$PROVIDER_ID/federation_rules" ${headers} -d @-`, rule));
    }
  }
  return out.join('\n') + '\n';
}

/** The Admin API requests for the design's destination document, or undefined for Snowflake (SQL, no HTTP API). */
export function adminApiCurl(model: DesignModel): string | undefined {
  if (model.destination === 'snowflake') return undefined;
  const doc = designDocuments(model).find((d) => d.side === 'destination' && d.language !== 'sql');
  const root = doc && parseStructured(doc.text).documents[0]?.root;
  const value = root && toValue(root);
  if (!isObj(value)) return undefined;
  return model.destination === 'anthropic' ? anthropic(value) : openai(value);
}
