// The environment variables hovers explain: the SDKs' and CLIs' federation settings and the static credentials that
// shadow them. Data only; a hover describes a variable and never shows its value.
// Facts: docs (shared) domain.md §1.9 (Anthropic SDKs, CLI, Claude Code), §2.3-2.4 (OpenAI SDK, Codex), §6.
import { LINKS } from './doc-links';

export interface EnvDoc {
  /** Who reads it, for the hover's heading. */
  readonly reader: string;
  readonly doc: string;
  /** The variable holds a credential: the hover says so, and how to do without it. */
  readonly secret?: boolean;
  readonly link: string;
}

const A = 'Anthropic SDKs and CLI';
const SHADOWS = 'Set, even to an empty string, it outranks profiles and federation: the Python SDK then sends the empty value and prints no warning. Where the workload federates, remove it (`unset`, not `VAR=""`).';

export const ENV_DOCS: Readonly<Record<string, EnvDoc>> = {
  ANTHROPIC_API_KEY: { reader: A, secret: true, link: LINKS.anthropicReference, doc: `A static Anthropic API key. ${SHADOWS}` },
  ANTHROPIC_AUTH_TOKEN: { reader: A, secret: true, link: LINKS.anthropicReference, doc: `A static bearer token for the Anthropic API. ${SHADOWS}` },
  ANTHROPIC_FEDERATION_RULE_ID: {
    reader: A, link: LINKS.anthropicReference,
    doc: 'The federation rule (`fdrl_…`) the identity token is exchanged with. Federation from the environment starts when this, `ANTHROPIC_ORGANIZATION_ID` and an identity token (`ANTHROPIC_IDENTITY_TOKEN_FILE` or `ANTHROPIC_IDENTITY_TOKEN`) are set, and no static key outranks them.',
  },
  ANTHROPIC_ORGANIZATION_ID: { reader: A, link: LINKS.anthropicReference, doc: 'The organization\'s UUID (organizations have no tagged id). Required for federation from the environment.' },
  ANTHROPIC_SERVICE_ACCOUNT_ID: {
    reader: A, link: LINKS.anthropicReference,
    doc: 'The service account (`svac_…`) the workload expects to act as, sent with the exchange as a check of the rule\'s target. The docs list it as required; the Python SDK starts federation without it.',
  },
  ANTHROPIC_IDENTITY_TOKEN_FILE: {
    reader: A, link: LINKS.anthropicReference,
    doc: 'The path of the file holding the workload\'s identity token (a JWT), for example `/var/run/secrets/anthropic.com/token`. It is read again on every exchange, so a rotated token is picked up; it wins over `ANTHROPIC_IDENTITY_TOKEN`.',
  },
  ANTHROPIC_IDENTITY_TOKEN: {
    reader: A, secret: true, link: LINKS.anthropicReference,
    doc: 'The identity token (a JWT) itself. `ANTHROPIC_IDENTITY_TOKEN_FILE` wins when both are set, and is better: a literal token expires, and can be replayed by anyone who reads it until then.',
  },
  ANTHROPIC_WORKSPACE_ID: {
    reader: A, link: LINKS.anthropicReference,
    doc: 'The workspace (`wrkspc_…`, or `default`) the minted token is scoped to. Needed when the rule is enabled in more than one workspace; an empty value counts as unset.',
  },
  ANTHROPIC_SCOPE: { reader: A, link: LINKS.anthropicReference, doc: 'Informational only: the SDK does not send it; the token\'s scope comes from the rule.' },
  ANTHROPIC_PROFILE: {
    reader: A, link: LINKS.anthropicReference,
    doc: 'A named profile, `<config dir>/configs/<name>.json`; a missing profile is an error. A profile chosen this way outranks the federation variables, which then only fill the fields it omits.',
  },
  ANTHROPIC_CONFIG_DIR: {
    reader: A, link: LINKS.anthropicReference,
    doc: 'The config directory (default `~/.config/anthropic`; on Windows `%APPDATA%\\Anthropic`). In the Python SDK, setting it counts as choosing a profile explicitly.',
  },
  ANTHROPIC_BASE_URL: { reader: A, link: LINKS.anthropicReference, doc: 'The API base URL. The token exchange goes to the same base URL as the API calls.' },
  CLAUDE_CODE_OAUTH_TOKEN: {
    reader: 'Claude Code', secret: true, link: LINKS.anthropicReference,
    doc: 'A Claude Code OAuth token. Claude Code uses it ahead of profile and federation credentials.',
  },
  OPENAI_API_KEY: {
    reader: 'OpenAI SDKs and Codex', secret: true, link: LINKS.openai,
    doc: 'A static OpenAI API key. The OpenAI SDKs take either an API key or `workload_identity`, never both; Codex prefers workload identity when `OPENAI_FEDERATION_RULE_ID` or `OPENAI_IDENTITY_TOKEN_FILE` is set.',
  },
  OPENAI_ADMIN_KEY: { reader: 'OpenAI Admin API', secret: true, link: LINKS.openai, doc: 'An OpenAI Admin API key: it manages the organization, its providers and mappings included. Keep it out of workloads.' },
  OPENAI_FEDERATION_RULE_ID: {
    reader: 'Codex', link: LINKS.codex,
    doc: 'The Codex federation rule (`idpm_…`). This or `OPENAI_IDENTITY_TOKEN_FILE` selects workload identity ahead of API keys, access tokens and stored logins; Codex does not pass it to child processes. `codex login status` shows what won.',
  },
  OPENAI_IDENTITY_TOKEN_FILE: {
    reader: 'Codex', link: LINKS.codex,
    doc: 'The absolute path of the file holding the workload\'s identity token. This or `OPENAI_FEDERATION_RULE_ID` selects workload identity in Codex (not in the OpenAI SDKs).',
  },
  OPENAI_WORKLOAD_IDENTITY_CONTEXT: { reader: 'Codex', link: LINKS.codex, doc: 'Optional: attributes the workload\'s activity in audit logs.' },
  OPENAI_ORG_ID: { reader: 'OpenAI SDKs', link: LINKS.openai, doc: 'The organization requests are made for.' },
  OPENAI_PROJECT_ID: { reader: 'OpenAI SDKs', link: LINKS.openai, doc: 'The project requests are made for.' },
  OPENAI_BASE_URL: { reader: 'OpenAI SDKs', link: LINKS.openai, doc: 'The API base URL.' },
  AWS_ACCESS_KEY_ID: {
    reader: 'AWS SDKs and CLI', secret: true, link: LINKS.awsInbound,
    doc: 'The id of an AWS access key: `AKIA…` for a long-term key, `ASIA…` for a temporary one. With `AWS_SECRET_ACCESS_KEY` it is a static credential; a role assumed with the workload\'s identity token needs neither.',
  },
  AWS_SECRET_ACCESS_KEY: {
    reader: 'AWS SDKs and CLI', secret: true, link: LINKS.awsInbound,
    doc: 'The secret half of an AWS access key. A role the workload assumes with its identity token (`sts:AssumeRoleWithWebIdentity`) replaces it.',
  },
};
