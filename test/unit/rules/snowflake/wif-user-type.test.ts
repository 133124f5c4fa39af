import rule from '../../../../src/core/rules/snowflake/wif-user-type';
import { dedent, ruleTester } from '../../helpers/ruleTester';

const sql = (code: string, name?: string) => ({ code: dedent(code), filename: 'users.sql', ...(name ? { name } : {}) });

ruleTester.run(rule, {
  valid: [
    sql(`
      -- GitHub Actions deploy user (run as SECURITYADMIN)
      USE ROLE SECURITYADMIN;

      CREATE AUTHENTICATION POLICY sec.policies.wif_only
        AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');

      CREATE USER svc_gha TYPE = SERVICE DEFAULT_ROLE = deploy_role
        WORKLOAD_IDENTITY = ( TYPE = OIDC
          ISSUER  = 'https://token.actions.githubusercontent.com'
          SUBJECT = 'repo:acme/analytics:environment:prod'
          OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );

      ALTER USER svc_gha SET AUTHENTICATION POLICY sec.policies.wif_only;
    `, 'a SERVICE user with a WIF-only policy'),
    { name: 'lower case, commas, CRLF', filename: 'users.sql', code: "create user svc_loader type = service,\r\n  workload_identity = (type = aws, arn = 'arn:aws:iam::123456789012:role/etl-task-role');\r\n" },
    sql(`
      -- the user was created by the platform team; this script only adds a second identity
      ALTER USER svc_gha ADD WORKLOAD IDENTITY gitlab_ci TYPE = OIDC
        ISSUER = 'https://gitlab.com' SUBJECT = 'project_path:acme/analytics:ref_type:branch:ref:main';
    `, 'a user only altered here: its TYPE is not known'),
    sql(`
      CREATE USER alice EMAIL = 'alice@acme.example' DEFAULT_ROLE = analyst;
      GRANT ROLE analyst TO USER alice;
    `, 'a person user without workload identity'),
    sql(`
      CREATE USER svc_gcp WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
      ALTER USER svc_gcp SET TYPE = SERVICE;
    `, 'TYPE set by a later ALTER USER'),
    sql(`
      CREATE USER svc_old TYPE = LEGACY_SERVICE
        WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/old' );
      ALTER USER svc_old UNSET WORKLOAD_IDENTITY;
    `, 'workload identity revoked later in the script'),
  ],
  invalid: [
    {
      ...sql(`
        create user svc_dbt_ci
          type = legacy_service
          default_role = transformer
          workload_identity = (
            type = oidc
            issuer = 'https://token.actions.githubusercontent.com'
            subject = 'repo:acme/analytics:ref:refs/heads/main'
            oidc_audience_list = ('https://myorg-myacct.snowflakecomputing.com')
          );
      `, 'LEGACY_SERVICE, lower case'),
      errors: [{
        messageId: 'notService', line: 2, column: 10, endColumn: 24, severity: 'error', message: 'can still sign in with a password and with SAML SSO',
        suggestions: [{
          title: 'Set TYPE = SERVICE (the user can no longer sign in with a password or SAML SSO)',
          output: dedent(`
            create user svc_dbt_ci
              type = service
              default_role = transformer
              workload_identity = (
                type = oidc
                issuer = 'https://token.actions.githubusercontent.com'
                subject = 'repo:acme/analytics:ref:refs/heads/main'
                oidc_audience_list = ('https://myorg-myacct.snowflakecomputing.com')
              );
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_azure TYPE = PERSON, WORKLOAD_IDENTITY = (TYPE = AZURE, ISSUER = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', SUBJECT = '8d2b1c4e-0000-4000-8000-1234567890ab');
      `, 'PERSON, with commas'),
      errors: [{
        messageId: 'notService', line: 1, column: 30, endColumn: 36, message: 'TYPE = PERSON: a PERSON user is a human user',
        suggestions: [{ output: dedent(`
          CREATE USER svc_azure TYPE = SERVICE, WORKLOAD_IDENTITY = (TYPE = AZURE, ISSUER = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', SUBJECT = '8d2b1c4e-0000-4000-8000-1234567890ab');
        `) }],
      }],
    },
    {
      ...sql(`
        -- GCP batch job
        CREATE USER svc_gcp
          WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
      `, 'no TYPE on CREATE USER'),
      errors: [{
        messageId: 'typeUnset', line: 2, column: 13, endColumn: 20, severity: 'warning', message: 'its CREATE USER sets no TYPE',
        suggestions: [{
          title: 'Add TYPE = SERVICE (the user can no longer sign in with a password or SAML SSO)',
          output: dedent(`
            -- GCP batch job
            CREATE USER svc_gcp TYPE = SERVICE
              WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
          `),
        }],
      }],
    },
    {
      name: 'no TYPE, quoted name, lower case, CRLF',
      filename: 'users.sql',
      code: "create user if not exists \"svc-azure\"\r\n  workload_identity = (type = aws arn = 'arn:aws:iam::123456789012:role/az');\r\n",
      errors: [{
        messageId: 'typeUnset', line: 1, column: 27, endColumn: 38,
        suggestions: [{ output: "create user if not exists \"svc-azure\" type = service\r\n  workload_identity = (type = aws arn = 'arn:aws:iam::123456789012:role/az');\r\n" }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_loader TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
        -- later, someone "fixes" a login problem
        ALTER USER svc_loader SET TYPE = PERSON COMMENT = 'temporary';
      `, 'a later ALTER USER makes it a person'),
      errors: [{
        messageId: 'notService', line: 4, column: 34, endColumn: 40,
        suggestions: [{ output: dedent(`
          CREATE USER svc_loader TYPE = SERVICE
            WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
          -- later, someone "fixes" a login problem
          ALTER USER svc_loader SET TYPE = SERVICE COMMENT = 'temporary';
        `) }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_gcp TYPE = NULL WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
      `, 'TYPE = NULL'),
      errors: [{
        messageId: 'typeUnset', line: 1, column: 28, endColumn: 32, severity: 'warning', message: 'its TYPE is set to NULL',
        suggestions: [{ output: dedent(`
          CREATE USER svc_gcp TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
        `) }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_gcp TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
        ALTER USER svc_gcp UNSET TYPE;
      `, 'UNSET TYPE'),
      errors: [{ messageId: 'typeUnset', line: 2, column: 26, endColumn: 30, severity: 'warning', message: 'this statement unsets its TYPE' }],
    },
  ],
});
