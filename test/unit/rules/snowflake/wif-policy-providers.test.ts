import rule from '../../../../src/core/rules/snowflake/wif-policy-providers';
import { dedent, ruleTester } from '../../helpers/ruleTester';

const GHA_USER = dedent(`
  CREATE USER svc_gha TYPE = SERVICE
    WORKLOAD_IDENTITY = ( TYPE = OIDC
      ISSUER  = 'https://token.actions.githubusercontent.com'
      SUBJECT = 'repo:acme/analytics:environment:prod'
      OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );
  ALTER USER svc_gha SET AUTHENTICATION POLICY sec.policies.wif_only;`);

/** A script; a line `@GHA_USER@` stands for the GitHub Actions service user above, attached to wif_only. */
const script = (code: string) => dedent(code).replace('@GHA_USER@', GHA_USER);
const sql = (code: string, name?: string) => ({ code: script(code), filename: 'users.sql', ...(name ? { name } : {}) });

ruleTester.run(rule, {
  valid: [
    sql(`
      CREATE AUTHENTICATION POLICY sec.policies.wif_only
        AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
        WORKLOAD_IDENTITY_POLICY = ( ALLOWED_PROVIDERS = ('OIDC'),
                                     ALLOWED_OIDC_ISSUERS = ('https://token.actions.githubusercontent.com') );
      @GHA_USER@
    `, 'providers and issuers pinned'),
    sql(`
      CREATE AUTHENTICATION POLICY sec.policies.wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
      @GHA_USER@
    `, 'no WORKLOAD_IDENTITY_POLICY at all'),
    sql(`
      CREATE AUTHENTICATION POLICY sec.policies.wif_only
        AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
        WORKLOAD_IDENTITY_POLICY = ( ALLOWED_PROVIDERS = ('ALL') );
      CREATE TABLE raw.events (id NUMBER);
    `, 'no workload identity user in the file to compare with'),
    sql(`
      create authentication policy etl_policy
        authentication_methods = ('WORKLOAD_IDENTITY')
        workload_identity_policy = (allowed_providers = ('AWS'), allowed_aws_accounts = ('123456789012'));
      create user svc_loader type = service workload_identity = (type = aws arn = 'arn:aws:iam::123456789012:role/etl-task-role');
      alter user svc_loader set authentication policy etl_policy;
    `, 'AWS accounts pinned, lower case'),
  ],
  invalid: [
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY sec.policies.wif_only
          AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
          WORKLOAD_IDENTITY_POLICY = ( ALLOWED_PROVIDERS = ('ALL') );
        @GHA_USER@
      `, "ALLOWED_PROVIDERS = ('ALL') and no issuer pin"),
      errors: [
        {
          messageId: 'unpinned', line: 3, column: 3, endColumn: 27, severity: 'info', message: 'allows OIDC workload identities without ALLOWED_OIDC_ISSUERS',
          suggestions: [{
            title: 'Pin ALLOWED_OIDC_ISSUERS to the OIDC issuers in use',
            output: script(`
              CREATE AUTHENTICATION POLICY sec.policies.wif_only
                AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
                WORKLOAD_IDENTITY_POLICY = ( ALLOWED_PROVIDERS = ('ALL') ALLOWED_OIDC_ISSUERS = ('https://token.actions.githubusercontent.com') );
              @GHA_USER@
            `),
          }],
        },
        {
          messageId: 'allProviders', line: 3, column: 53, endColumn: 58, severity: 'info', message: "(ALLOWED_PROVIDERS = ('ALL')), while the workload identity users it governs in this file use only OIDC",
          suggestions: [{
            title: 'Allow only OIDC',
            output: script(`
              CREATE AUTHENTICATION POLICY sec.policies.wif_only
                AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
                WORKLOAD_IDENTITY_POLICY = ( ALLOWED_PROVIDERS = ('OIDC') );
              @GHA_USER@
            `),
          }],
        },
      ],
    },
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY sec.policies.wif_only
          AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
          WORKLOAD_IDENTITY_POLICY = (
            ALLOWED_OIDC_ISSUERS = ('https://token.actions.githubusercontent.com'),
            ALLOWED_AWS_ACCOUNTS = ('123456789012')
          );
        @GHA_USER@
        ALTER USER svc_gha ADD WORKLOAD IDENTITY aws_batch TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/batch';
      `, 'ALLOWED_PROVIDERS omitted, two providers in use'),
      errors: [{
        messageId: 'allProviders', line: 3, column: 3, endColumn: 27, message: '(no ALLOWED_PROVIDERS), while the workload identity users it governs in this file use only AWS, OIDC',
        suggestions: [{
          title: 'Allow only AWS, OIDC',
          output: script(`
            CREATE AUTHENTICATION POLICY sec.policies.wif_only
              AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')
              WORKLOAD_IDENTITY_POLICY = (
                ALLOWED_OIDC_ISSUERS = ('https://token.actions.githubusercontent.com'),
                ALLOWED_AWS_ACCOUNTS = ('123456789012'),
                ALLOWED_PROVIDERS = ('AWS', 'OIDC')
              );
            @GHA_USER@
            ALTER USER svc_gha ADD WORKLOAD IDENTITY aws_batch TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/batch';
          `),
        }],
      }],
    },
    {
      ...sql(`
        create authentication policy etl_policy
          authentication_methods = ('WORKLOAD_IDENTITY')
          workload_identity_policy = (allowed_providers = ('AWS'));
        create user svc_loader type = service workload_identity = (type = aws arn = 'arn:aws:iam::123456789012:role/etl-task-role');
        create user svc_export type = service workload_identity = (type = aws arn = 'arn:aws:iam::210987654321:role/export');
        alter account set authentication policy etl_policy;
      `, 'AWS accounts not pinned, account-level policy, lower case'),
      errors: [{
        messageId: 'unpinned', line: 3, column: 3, endColumn: 27, message: 'use 123456789012, 210987654321: pin ALLOWED_AWS_ACCOUNTS to them',
        suggestions: [{ output: script(`
          create authentication policy etl_policy
            authentication_methods = ('WORKLOAD_IDENTITY')
            workload_identity_policy = (allowed_providers = ('AWS') allowed_aws_accounts = ('123456789012', '210987654321'));
          create user svc_loader type = service workload_identity = (type = aws arn = 'arn:aws:iam::123456789012:role/etl-task-role');
          create user svc_export type = service workload_identity = (type = aws arn = 'arn:aws:iam::210987654321:role/export');
          alter account set authentication policy etl_policy;
        `) }],
      }],
    },
  ],
});
