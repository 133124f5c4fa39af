-- Service user for the dbt job that builds the analytics models from GitHub Actions.
CREATE USER svc_dbt_build TYPE = SERVICE DEFAULT_ROLE = transformer
  WORKLOAD_IDENTITY = (
    TYPE = OIDC
    ISSUER = 'https://token.actions.githubusercontent.com'
    -- Only the build job of the protected `prod` environment (required reviewers) gets in.
    SUBJECT = 'repo:acme/analytics:environment:prod'
    OIDC_AUDIENCE_LIST = ('https://acme-analytics.snowflakecomputing.com')
  );

CREATE AUTHENTICATION POLICY wif_only
  AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
  CLIENT_TYPES = ('DRIVERS')
  WORKLOAD_IDENTITY_POLICY = (
    ALLOWED_PROVIDERS = ('OIDC')
    ALLOWED_OIDC_ISSUERS = ('https://token.actions.githubusercontent.com')
  );

ALTER USER svc_dbt_build SET AUTHENTICATION POLICY wif_only;
