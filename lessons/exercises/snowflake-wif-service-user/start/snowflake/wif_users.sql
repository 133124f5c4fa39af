-- Service user for the analytics deploy job in GitHub Actions (run as SECURITYADMIN).
CREATE USER svc_gha_deploy
  TYPE = LEGACY_SERVICE
  DEFAULT_ROLE = deployer
  WORKLOAD_IDENTITY = (
    TYPE = OIDC
    ISSUER = 'https://token.actions.githubusercontent.com'
    SUBJECT = 'repo:acme/analytics:environment:prod'
  )
  RSA_PUBLIC_KEY = 'MIIBIjANBgkqh-exercise-key-truncated';

-- Kept KEYPAIR "just in case" during the migration.
CREATE AUTHENTICATION POLICY wif_only
  AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR')
  CLIENT_TYPES = ('DRIVERS', 'SNOWFLAKE_CLI')
  WORKLOAD_IDENTITY_POLICY = (
    ALLOWED_PROVIDERS = ('OIDC')
    ALLOWED_OIDC_ISSUERS = ('https://token.actions.githubusercontent.com')
  );

ALTER USER svc_gha_deploy SET AUTHENTICATION POLICY wif_only;
