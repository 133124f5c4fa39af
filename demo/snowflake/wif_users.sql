-- Service users for the analytics pipelines (run as SECURITYADMIN).
use role securityadmin;

create user svc_dbt_ci
  type = legacy_service
  default_role = transformer
  workload_identity = (
    type = oidc
    issuer = 'https://token.actions.githubusercontent.com'
    subject = 'repo:acme/analytics:pull_request'
  );

CREATE USER svc_loader TYPE = SERVICE DEFAULT_ROLE = loader
  WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' )
  RSA_PUBLIC_KEY = 'MIIBIjANBgkqh-demo-key-truncated';

CREATE AUTHENTICATION POLICY analytics.policies.service_users
  AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR')
  CLIENT_TYPES = ('DRIVERS', 'SNOWFLAKE_CLI');

ALTER USER svc_loader SET AUTHENTICATION POLICY analytics.policies.service_users;

-- Unrelated to identity: Keyless passes these over.
CREATE TABLE IF NOT EXISTS raw.events (id NUMBER, payload VARIANT);
GRANT SELECT ON ALL TABLES IN SCHEMA raw TO ROLE transformer;
