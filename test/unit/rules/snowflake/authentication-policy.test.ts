import rule from '../../../../src/core/rules/snowflake/authentication-policy';
import { dedent, ruleTester } from '../../helpers/ruleTester';

const GHA_USER = dedent(`
  CREATE USER svc_gha TYPE = SERVICE DEFAULT_ROLE = deploy_role
    WORKLOAD_IDENTITY = ( TYPE = OIDC
      ISSUER  = 'https://token.actions.githubusercontent.com'
      SUBJECT = 'repo:acme/analytics:environment:prod'
      OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );`);

/** A script; a line `@GHA_USER@` stands for the GitHub Actions service user above. */
const script = (code: string) => dedent(code).replace('@GHA_USER@', GHA_USER);
const sql = (code: string, name?: string) => ({ code: script(code), filename: 'users.sql', ...(name ? { name } : {}) });

ruleTester.run(rule, {
  valid: [
    sql(`
      USE ROLE SECURITYADMIN;
      CREATE AUTHENTICATION POLICY sec.policies.wif_only
        AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
        CLIENT_TYPES = ('DRIVERS', 'SNOWFLAKE_CLI');
      @GHA_USER@
      ALTER USER svc_gha SET AUTHENTICATION POLICY sec.policies.wif_only;
    `, 'a WIF-only policy attached to the user'),
    sql(`
      CREATE AUTHENTICATION POLICY wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
      ALTER ACCOUNT SET AUTHENTICATION POLICY wif_only;
      @GHA_USER@
    `, 'a WIF-only policy on the account'),
    sql(`
      @GHA_USER@
      -- sec.policies.wif_only is managed in the platform repository
      ALTER USER svc_gha SET AUTHENTICATION POLICY sec.policies.wif_only;
    `, 'a policy created elsewhere'),
    sql(`
      CREATE AUTHENTICATION POLICY humans AUTHENTICATION_METHODS = ('SAML', 'PASSWORD') MFA_ENROLLMENT = 'REQUIRED';
      ALTER ACCOUNT SET AUTHENTICATION POLICY humans;
      CREATE AUTHENTICATION POLICY wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
      @GHA_USER@
      ALTER USER svc_gha SET AUTHENTICATION POLICY analytics.security.wif_only;
    `, "the user's own WIF-only policy (matched by its last name part) over the account's"),
    sql(`
      create user svc_legacy type = legacy_service
        workload_identity = (type = aws arn = 'arn:aws:iam::123456789012:role/legacy');
    `, 'not a SERVICE user: snowflake/wif-user-type reports it'),
  ],
  invalid: [
    {
      ...sql(`
        -- GitHub Actions deploy user
        @GHA_USER@
        GRANT ROLE deploy_role TO USER svc_gha;
      `, 'no policy at all'),
      errors: [{
        messageId: 'noPolicy', line: 2, column: 13, endColumn: 20, message: 'attached to it or to the account in this file',
        suggestions: [{
          title: 'Create a workload-identity-only authentication policy and attach it to svc_gha',
          output: script(`
            -- GitHub Actions deploy user
            @GHA_USER@
            CREATE AUTHENTICATION POLICY svc_gha_wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
            ALTER USER svc_gha SET AUTHENTICATION POLICY svc_gha_wif_only;
            GRANT ROLE deploy_role TO USER svc_gha;
          `),
        }],
      }],
    },
    {
      name: 'no policy, lower case, CRLF, an unattached WIF-only policy in the file, a trailing comment and no final semicolon',
      filename: 'users.sql',
      code: [
        "create authentication policy wif_only authentication_methods = ('WORKLOAD_IDENTITY');",
        "create user svc_gcp type = service workload_identity = (type = gcp subject = '104892101234567890123') -- batch",
        '',
      ].join('\r\n'),
      errors: [{
        messageId: 'noPolicy', line: 2, column: 13,
        suggestions: [
          {
            title: 'Attach the workload-identity-only policy wif_only to svc_gcp',
            output: [
              "create authentication policy wif_only authentication_methods = ('WORKLOAD_IDENTITY');",
              "create user svc_gcp type = service workload_identity = (type = gcp subject = '104892101234567890123'); -- batch",
              'alter user svc_gcp set authentication policy wif_only;',
              '',
            ].join('\r\n'),
          },
          {
            output: [
              "create authentication policy wif_only authentication_methods = ('WORKLOAD_IDENTITY');",
              "create user svc_gcp type = service workload_identity = (type = gcp subject = '104892101234567890123'); -- batch",
              "create authentication policy svc_gcp_wif_only authentication_methods = ('WORKLOAD_IDENTITY');",
              'alter user svc_gcp set authentication policy svc_gcp_wif_only;',
              '',
            ].join('\r\n'),
          },
        ],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_gcp TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' ); GRANT ROLE etl TO USER svc_gcp;
      `, 'no policy, the next statement on the same line'),
      errors: [{
        messageId: 'noPolicy', line: 1, column: 13, endColumn: 20,
        suggestions: [{ output: script(`
          CREATE USER svc_gcp TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
          CREATE AUTHENTICATION POLICY svc_gcp_wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
          ALTER USER svc_gcp SET AUTHENTICATION POLICY svc_gcp_wif_only;
          GRANT ROLE etl TO USER svc_gcp;
        `) }],
      }],
    },
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY analytics.policies.service_users
          AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR')
          CLIENT_TYPES = ('DRIVERS', 'SNOWFLAKE_CLI');
        @GHA_USER@
        ALTER USER svc_gha SET AUTHENTICATION POLICY analytics.policies.service_users;
      `, 'KEYPAIR allowed'),
      errors: [{
        messageId: 'methodAllowed', line: 2, column: 50, endColumn: 59, message: 'allows KEYPAIR: an RSA key pair still signs in svc_gha',
        suggestions: [{
          title: 'Remove KEYPAIR from AUTHENTICATION_METHODS',
          output: script(`
            CREATE AUTHENTICATION POLICY analytics.policies.service_users
              AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
              CLIENT_TYPES = ('DRIVERS', 'SNOWFLAKE_CLI');
            @GHA_USER@
            ALTER USER svc_gha SET AUTHENTICATION POLICY analytics.policies.service_users;
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE OR REPLACE AUTHENTICATION POLICY svc_policy AUTHENTICATION_METHODS = ('ALL');
        @GHA_USER@
        ALTER USER svc_gha SET AUTHENTICATION POLICY svc_policy;
      `, 'ALL allowed'),
      errors: [{
        messageId: 'methodAllowed', line: 1, column: 78, endColumn: 83, message: 'allows ALL: every method, key pairs and programmatic access tokens included, still signs in',
        suggestions: [{
          title: 'Allow only WORKLOAD_IDENTITY',
          output: script(`
            CREATE OR REPLACE AUTHENTICATION POLICY svc_policy AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
            @GHA_USER@
            ALTER USER svc_gha SET AUTHENTICATION POLICY svc_policy;
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY svc_policy
          AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'PASSWORD', 'PROGRAMMATIC_ACCESS_TOKEN');
        @GHA_USER@
        ALTER USER svc_gha SET AUTHENTICATION POLICY svc_policy;
      `, 'PASSWORD (info) and PROGRAMMATIC_ACCESS_TOKEN allowed'),
      errors: [
        { messageId: 'passwordAllowed', line: 2, column: 50, endColumn: 60, severity: 'info', message: 'Snowflake refuses passwords for TYPE = SERVICE users' },
        {
          messageId: 'methodAllowed', line: 2, column: 62, endColumn: 89, severity: 'warning', message: 'a programmatic access token still signs in svc_gha',
          suggestions: [
            {
              title: 'Remove PROGRAMMATIC_ACCESS_TOKEN from AUTHENTICATION_METHODS',
              output: script(`
                CREATE AUTHENTICATION POLICY svc_policy
                  AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'PASSWORD');
                @GHA_USER@
                ALTER USER svc_gha SET AUTHENTICATION POLICY svc_policy;
              `),
            },
            {
              title: 'Allow only WORKLOAD_IDENTITY',
              output: script(`
                CREATE AUTHENTICATION POLICY svc_policy
                  AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
                @GHA_USER@
                ALTER USER svc_gha SET AUTHENTICATION POLICY svc_policy;
              `),
            },
          ],
        },
      ],
    },
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY svc_policy CLIENT_TYPES = ('DRIVERS');
        @GHA_USER@
        ALTER USER svc_gha SET AUTHENTICATION POLICY svc_policy;
      `, 'AUTHENTICATION_METHODS omitted'),
      errors: [{
        messageId: 'methodsDefault', line: 1, column: 30, endColumn: 40, message: 'sets no AUTHENTICATION_METHODS, so it allows ALL',
        suggestions: [{
          title: 'Allow only WORKLOAD_IDENTITY',
          output: script(`
            CREATE AUTHENTICATION POLICY svc_policy AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY') CLIENT_TYPES = ('DRIVERS');
            @GHA_USER@
            ALTER USER svc_gha SET AUTHENTICATION POLICY svc_policy;
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY account_default AUTHENTICATION_METHODS = ('SAML', 'KEYPAIR');
        ALTER ACCOUNT SET AUTHENTICATION POLICY account_default;
        @GHA_USER@
      `, "KEYPAIR allowed by the account's policy: fixed on the user, not on the account"),
      errors: [{
        messageId: 'methodAllowed', line: 1, column: 80, endColumn: 89, message: 'attached to the account, allows KEYPAIR',
        suggestions: [{
          title: 'Create a workload-identity-only authentication policy and attach it to svc_gha',
          output: script(`
            CREATE AUTHENTICATION POLICY account_default AUTHENTICATION_METHODS = ('SAML', 'KEYPAIR');
            ALTER ACCOUNT SET AUTHENTICATION POLICY account_default;
            @GHA_USER@
            CREATE AUTHENTICATION POLICY svc_gha_wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
            ALTER USER svc_gha SET AUTHENTICATION POLICY svc_gha_wif_only;
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
        @GHA_USER@
        ALTER USER svc_gha SET AUTHENTICATION POLICY wif_only;
        ALTER AUTHENTICATION POLICY wif_only SET AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR');
      `, 'a later ALTER AUTHENTICATION POLICY reopens key pairs'),
      errors: [{
        messageId: 'methodAllowed', line: 8, column: 89, endColumn: 98,
        suggestions: [{ output: script(`
          CREATE AUTHENTICATION POLICY wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
          @GHA_USER@
          ALTER USER svc_gha SET AUTHENTICATION POLICY wif_only;
          ALTER AUTHENTICATION POLICY wif_only SET AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
        `) }],
      }],
    },
  ],
});
