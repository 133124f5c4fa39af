import rule from '../../../../src/core/rules/snowflake/wif-identity';
import { dedent, ruleTester } from '../../helpers/ruleTester';

const sql = (code: string, name?: string) => ({ code: dedent(code), filename: 'users.sql', ...(name ? { name } : {}) });
const LONG_SUBJECT = `repo:acme/analytics:environment:prod:job_workflow_ref:acme/automation/.github/workflows/${'deploy-'.repeat(26)}x.yml@refs/heads/main`;

ruleTester.run(rule, {
  valid: [
    sql(`
      -- one service user per workload, each pinned to exactly one identity
      CREATE USER svc_loader TYPE = SERVICE
        WORKLOAD_IDENTITY = ( TYPE = AWS  ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
      CREATE USER svc_legacy_iam TYPE = SERVICE
        WORKLOAD_IDENTITY = ( TYPE = AWS  ARN = 'arn:aws-us-gov:iam::123456789012:user/batch/exporter' );
      CREATE USER svc_azure TYPE = SERVICE
        WORKLOAD_IDENTITY = ( TYPE = AZURE
          ISSUER  = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0'
          SUBJECT = '8d2b1c4e-0000-4000-8000-1234567890ab' );
      CREATE USER svc_azure_v1 TYPE = SERVICE
        WORKLOAD_IDENTITY = ( TYPE = AZURE, ISSUER = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/', SUBJECT = '8d2b1c4e-0000-4000-8000-1234567890ab' );
      CREATE USER svc_gcp TYPE = SERVICE
        WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
      CREATE USER svc_gha TYPE = SERVICE
        WORKLOAD_IDENTITY = ( TYPE = OIDC
          ISSUER  = 'https://token.actions.githubusercontent.com'
          SUBJECT = 'repo:acme/analytics:environment:prod'
          OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );
      ALTER USER svc_gha ADD WORKLOAD IDENTITY gitlab_ci TYPE = OIDC
        ISSUER = 'https://gitlab.com' SUBJECT = 'project_path:acme/analytics:ref_type:branch:ref:main'
        COMMENT = 'GitLab deploy job';
    `, 'one well-formed identity of each TYPE'),
    sql(`
      create user svc_gha type = service workload_identity = (type = oidc, issuer = 'https://token.actions.githubusercontent.com', subject = 'repo:acme/app:ref:refs/heads/main');
    `, 'lower case with commas'),
  ],
  invalid: [
    {
      ...sql(`
        CREATE USER svc_loader TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/*' );
      `, 'a wildcard in the ARN'),
      errors: [{ messageId: 'arnWildcard', line: 2, column: 74, endColumn: 75, message: 'the `*` is a literal character' }],
    },
    {
      ...sql(`
        CREATE USER svc_loader TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:sts::123456789012:assumed-role/etl-task-role/i-0abc123def456' );
      `, 'an assumed-role session ARN'),
      errors: [{
        messageId: 'arnSession', line: 2, column: 42, endColumn: 112,
        suggestions: [{
          title: "Use the role ARN arn:aws:iam::123456789012:role/etl-task-role (add the role's path if it has one)",
          output: dedent(`
            CREATE USER svc_loader TYPE = SERVICE
              WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_loader TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::12345:role/etl' );
      `, 'a malformed ARN'),
      errors: [{ messageId: 'arnMalformed', line: 2, column: 42, endColumn: 71, message: 'ARN arn:aws:iam::12345:role/etl is not an IAM role' }],
    },
    {
      ...sql(`
        CREATE USER svc_loader TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = AWS
            SUBJECT = 'arn:aws:iam::123456789012:role/etl-task-role' );
      `, 'AWS with SUBJECT instead of ARN'),
      errors: [
        {
          messageId: 'missingProperty', line: 2, column: 3, endColumn: 20, message: 'The AWS workload identity of user svc_loader has no ARN',
          suggestions: [{
            title: 'Add ARN (fill in the ARN of the IAM role the workload runs as)',
            output: dedent(`
              CREATE USER svc_loader TYPE = SERVICE
                WORKLOAD_IDENTITY = ( TYPE = AWS
                  SUBJECT = 'arn:aws:iam::123456789012:role/etl-task-role'
                  ARN = 'arn:aws:iam::<account-id>:role/<role-name>' );
            `),
          }],
        },
        {
          messageId: 'foreignProperty', line: 3, column: 5, endColumn: 12, message: 'SUBJECT is not a property of a TYPE = AWS workload identity (only of AZURE, GCP, OIDC)',
          suggestions: [{
            title: 'Remove SUBJECT',
            output: dedent(`
              CREATE USER svc_loader TYPE = SERVICE
                WORKLOAD_IDENTITY = ( TYPE = AWS );
            `),
          }],
        },
      ],
    },
    {
      ...sql(`
        create user svc_gcp type = service workload_identity = (type = gcp, subject = 'etl@my-project.iam.gserviceaccount.com');
      `, 'a GCP email subject'),
      errors: [{ messageId: 'gcpEmail', line: 1, column: 79, endColumn: 119, severity: 'error', message: 'not its email etl@my-project.iam.gserviceaccount.com' }],
    },
    {
      ...sql(`
        CREATE USER svc_gcp TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '10489210123' );
      `, 'a GCP subject too short for a unique id'),
      errors: [{ messageId: 'gcpShape', line: 1, column: 79, endColumn: 92, severity: 'warning' }],
    },
    {
      ...sql(`
        CREATE USER svc_gha TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = OIDC
            ISSUER  = 'https://token.actions.githubusercontent.com'
            SUBJECT = 'repo:acme/analytics:ref:refs/heads/*'
            OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );
      `, 'a wildcard in the SUBJECT'),
      errors: [{
        messageId: 'subjectWildcard', line: 4, column: 51, endColumn: 52, severity: 'error',
        message: 'no token\'s subject matches it (and as a wildcard it would have admitted every branch of acme/analytics (anyone with push access can create one))',
      }],
    },
    {
      ...sql(`
        CREATE USER svc_gha TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com' SUBJECT = 'repo:acme/it''s-*' );
      `, 'a wildcard in a SUBJECT written with an escaped quote'),
      errors: [{ messageId: 'subjectWildcard', line: 2, column: 102, endColumn: 121 }],
    },
    {
      ...sql(`
        create user svc_dbt_ci type = service
          workload_identity = (
            type = oidc
            issuer = 'https://token.actions.githubusercontent.com'
            subject = 'repo:acme/analytics:pull_request'
          );
      `, 'a GitHub pull_request subject'),
      errors: [{ messageId: 'pullRequest', line: 5, column: 36, endColumn: 48, severity: 'warning', message: 'including changes nobody has reviewed or merged' }],
    },
    {
      ...sql(`
        CREATE USER svc_gha TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com'
            SUBJECT = '${LONG_SUBJECT}' );
      `, 'a SUBJECT over 255 characters'),
      errors: [{ messageId: 'subjectTooLong', line: 3, column: 15, severity: 'warning', message: `SUBJECT is ${LONG_SUBJECT.length} characters long` }],
    },
    {
      ...sql(`
        ALTER USER svc_jenkins ADD WORKLOAD IDENTITY jenkins TYPE = OIDC ISSUER = 'http://jenkins.internal:8080/oidc' SUBJECT = 'job/deploy';
      `, 'an http OIDC issuer'),
      errors: [{ messageId: 'issuerNotHttps', line: 1, column: 75, endColumn: 110 }],
    },
    {
      ...sql(`
        CREATE USER svc_azure TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = AZURE ISSUER = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47' );
      `, 'an Azure issuer without /v2.0, and no SUBJECT'),
      errors: [
        {
          messageId: 'missingProperty', line: 2, column: 3, message: "has no SUBJECT: Snowflake needs the managed identity's object (principal) id",
          suggestions: [{ output: dedent(`
            CREATE USER svc_azure TYPE = SERVICE
              WORKLOAD_IDENTITY = ( TYPE = AZURE ISSUER = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47' SUBJECT = '<object-principal-id>' );
          `) }],
        },
        { messageId: 'azureIssuer', line: 2, column: 47, severity: 'warning', message: 'is not an Entra ID tenant issuer' },
      ],
    },
    {
      ...sql(`
        CREATE USER svc_x TYPE = SERVICE WORKLOAD_IDENTITY = ( ISSUER = 'https://token.actions.githubusercontent.com' SUBJECT = 'repo:acme/app:ref:refs/heads/main' );
        ALTER USER svc_y ADD WORKLOAD IDENTITY ci TYPE = GITHUB SUBJECT = 'repo:acme/app:ref:refs/heads/main';
      `, 'no TYPE, and an unknown TYPE'),
      errors: [
        { messageId: 'missingType', line: 1, column: 34, endColumn: 51 },
        { messageId: 'unknownType', line: 2, column: 50, endColumn: 56, message: 'TYPE = GITHUB is not a workload identity type' },
      ],
    },
    {
      ...sql(`
        CREATE USER svc_gcp TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = GCP, SUBJECT = '104892101234567890123', OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );
      `, 'OIDC_AUDIENCE_LIST on a GCP identity'),
      errors: [{
        messageId: 'foreignProperty', line: 2, column: 72, endColumn: 90,
        suggestions: [{ output: dedent(`
          CREATE USER svc_gcp TYPE = SERVICE
            WORKLOAD_IDENTITY = ( TYPE = GCP, SUBJECT = '104892101234567890123' );
        `) }],
      }],
    },
  ],
});
