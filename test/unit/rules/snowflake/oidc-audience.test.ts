import rule from '../../../../src/core/rules/snowflake/oidc-audience';
import { dedent, ruleTester } from '../../helpers/ruleTester';

const sql = (code: string, name?: string) => ({ code: dedent(code), filename: 'users.sql', ...(name ? { name } : {}) });

ruleTester.run(rule, {
  valid: [
    sql(`
      CREATE USER svc_gha TYPE = SERVICE DEFAULT_ROLE = deploy_role
        WORKLOAD_IDENTITY = ( TYPE = OIDC
          ISSUER  = 'https://token.actions.githubusercontent.com'
          SUBJECT = 'repo:acme/analytics:environment:prod'
          OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );
      ALTER USER svc_gha ADD WORKLOAD IDENTITY gitlab_ci TYPE = OIDC
        ISSUER = 'https://gitlab.com' SUBJECT = 'project_path:acme/analytics:ref_type:branch:ref:main'
        OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com');
    `, 'account-scoped audiences'),
    sql(`
      CREATE USER svc_loader TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
      CREATE USER svc_gcp TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
    `, 'AWS and GCP identities: their attestations carry Snowflake\'s own audience'),
    sql(`
      CREATE USER svc_gha TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com' SUBJECT = 'repo:acme/app:ref:refs/heads/main' );
      ALTER USER svc_gha UNSET WORKLOAD_IDENTITY;
    `, 'an identity revoked later in the script'),
  ],
  invalid: [
    {
      ...sql(`
        CREATE USER svc_gha TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = OIDC
            ISSUER  = 'https://token.actions.githubusercontent.com'
            SUBJECT = 'repo:acme/analytics:environment:prod' );
      `, 'no audience list, one property a line'),
      errors: [{
        messageId: 'missingAudience', line: 2, column: 3, endColumn: 20, message: 'a token GitHub Actions mints with this subject for another Snowflake account is replayable here',
        suggestions: [{
          title: "Add an account-scoped OIDC_AUDIENCE_LIST (fill in your account's URL)",
          output: dedent(`
            CREATE USER svc_gha TYPE = SERVICE
              WORKLOAD_IDENTITY = ( TYPE = OIDC
                ISSUER  = 'https://token.actions.githubusercontent.com'
                SUBJECT = 'repo:acme/analytics:environment:prod'
                OIDC_AUDIENCE_LIST = ('<https://your-org-your-account.snowflakecomputing.com>') );
          `),
        }],
      }],
    },
    {
      ...sql(`
        create user svc_okta type = service, workload_identity = (type = oidc, issuer = 'https://acme.okta.com/oauth2/aus1a2b3c4', subject = '0oa1b2c3d4e5f6g7h8i9');
      `, 'no audience list, lower case with commas'),
      errors: [{
        messageId: 'missingAudience', line: 1, column: 38, endColumn: 55, message: 'a token Okta mints',
        suggestions: [{ output: dedent(`
          create user svc_okta type = service, workload_identity = (type = oidc, issuer = 'https://acme.okta.com/oauth2/aus1a2b3c4', subject = '0oa1b2c3d4e5f6g7h8i9', oidc_audience_list = ('<https://your-org-your-account.snowflakecomputing.com>'));
        `) }],
      }],
    },
    {
      ...sql(`
        ALTER USER svc_gha ADD WORKLOAD IDENTITY gitlab_ci TYPE = OIDC
          ISSUER = 'https://gitlab.com' SUBJECT = 'project_path:acme/analytics:ref_type:branch:ref:main';
      `, 'a named identity without audience list'),
      errors: [{
        messageId: 'missingAudience', line: 1, column: 24, endColumn: 41, message: 'The OIDC workload identity gitlab_ci of user svc_gha',
        suggestions: [{ output: dedent(`
          ALTER USER svc_gha ADD WORKLOAD IDENTITY gitlab_ci TYPE = OIDC
            ISSUER = 'https://gitlab.com' SUBJECT = 'project_path:acme/analytics:ref_type:branch:ref:main'
            OIDC_AUDIENCE_LIST = ('<https://your-org-your-account.snowflakecomputing.com>');
        `) }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_gha TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com'
          SUBJECT = 'repo:acme/analytics:environment:prod' OIDC_AUDIENCE_LIST = ('snowflakecomputing.com') );
      `, 'the default audience written out'),
      errors: [{
        messageId: 'sharedAudience', line: 2, column: 74, endColumn: 98, message: 'admits snowflakecomputing.com',
        suggestions: [{
          title: "Replace it with your account's audience (fill in your account's URL)",
          output: dedent(`
            CREATE USER svc_gha TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com'
              SUBJECT = 'repo:acme/analytics:environment:prod' OIDC_AUDIENCE_LIST = ('<https://your-org-your-account.snowflakecomputing.com>') );
          `),
        }],
      }],
    },
    {
      ...sql(`
        ALTER USER svc_gha SET WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com'
          SUBJECT = 'repo:acme/analytics:environment:prod'
          OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com', 'SnowflakeComputing.com') );
      `, 'the default audience next to an account-scoped one'),
      errors: [{
        messageId: 'sharedAudience', line: 3, column: 72, endColumn: 96,
        suggestions: [
          {
            title: 'Remove the shared default audience',
            output: dedent(`
              ALTER USER svc_gha SET WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com'
                SUBJECT = 'repo:acme/analytics:environment:prod'
                OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );
            `),
          },
          {
            output: dedent(`
              ALTER USER svc_gha SET WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com'
                SUBJECT = 'repo:acme/analytics:environment:prod'
                OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com', '<https://your-org-your-account.snowflakecomputing.com>') );
            `),
          },
        ],
      }],
    },
    {
      name: 'CRLF line breaks are kept',
      filename: 'users.sql',
      code: "CREATE USER svc_k8s TYPE = SERVICE\r\n  WORKLOAD_IDENTITY = ( TYPE = OIDC\r\n    ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'\r\n    SUBJECT = 'system:serviceaccount:etl:loader' );\r\n",
      errors: [{
        messageId: 'missingAudience', line: 2, column: 3, message: 'a token Amazon EKS mints',
        suggestions: [{ output: "CREATE USER svc_k8s TYPE = SERVICE\r\n  WORKLOAD_IDENTITY = ( TYPE = OIDC\r\n    ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'\r\n    SUBJECT = 'system:serviceaccount:etl:loader'\r\n    OIDC_AUDIENCE_LIST = ('<https://your-org-your-account.snowflakecomputing.com>') );\r\n" }],
      }],
    },
  ],
});
