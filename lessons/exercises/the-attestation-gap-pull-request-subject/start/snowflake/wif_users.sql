-- Service user for the dbt job that builds the analytics models from GitHub Actions.
CREATE USER svc_dbt_build TYPE = SERVICE DEFAULT_ROLE = transformer
  WORKLOAD_IDENTITY = (
    TYPE = OIDC
    ISSUER = 'https://token.actions.githubusercontent.com'
    -- "Runs on every pull request, so CI can check the models."
    SUBJECT = 'repo:acme/analytics:pull_request'
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
