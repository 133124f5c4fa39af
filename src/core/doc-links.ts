// The provider documentation pages hovers and completions link to (docs (shared) domain.md, canonical pages).
export const LINKS = {
  anthropicRules: 'https://platform.claude.com/docs/en/api/admin/federation_rules',
  anthropicIssuers: 'https://platform.claude.com/docs/en/api/admin/federation_issuers',
  anthropicServiceAccounts: 'https://platform.claude.com/docs/en/api/admin/service_accounts',
  anthropicReference: 'https://platform.claude.com/docs/en/manage-claude/wif-reference',
  openai: 'https://developers.openai.com/api/docs/guides/workload-identity-federation',
  codex: 'https://developers.openai.com/codex/enterprise/workload-identity',
  awsInbound: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
  awsOutbound: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html',
} as const;
