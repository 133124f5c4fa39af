import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../../../src/core/engine';
import rule from '../../../../src/core/rules/snowflake/static-fallback';
import { dedent, ruleTester } from '../../helpers/ruleTester';

// Not a key: a recognisable, truncated stand-in assembled at test time.
const KEY = ['MIIBIjAN', 'BgkqhkiG', '-truncated-test-key'].join('');
const script = (code: string) => dedent(code).replaceAll('@KEY@', KEY);
const sql = (code: string, name?: string) => ({ code: script(code), filename: 'users.sql', ...(name ? { name } : {}) });

ruleTester.run(rule, {
  valid: [
    sql(`
      CREATE AUTHENTICATION POLICY sec.policies.wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
      CREATE USER svc_gha TYPE = SERVICE
        WORKLOAD_IDENTITY = ( TYPE = OIDC
          ISSUER  = 'https://token.actions.githubusercontent.com'
          SUBJECT = 'repo:acme/analytics:environment:prod'
          OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );
      ALTER USER svc_gha SET AUTHENTICATION POLICY sec.policies.wif_only;
    `, 'no static credential'),
    sql(`
      -- migration window: the key stays until the last client moves, but the policy already refuses it
      CREATE AUTHENTICATION POLICY wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');
      CREATE USER svc_loader TYPE = SERVICE RSA_PUBLIC_KEY = '@KEY@'
        WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
      ALTER USER svc_loader SET AUTHENTICATION POLICY wif_only;
    `, 'a key pair the attached policy excludes'),
    sql(`
      CREATE USER svc_loader TYPE = SERVICE RSA_PUBLIC_KEY = '@KEY@';
      ALTER USER svc_loader ADD PAT nightly ROLE_RESTRICTION = 'LOADER';
    `, 'a key-pair user without workload identity'),
    sql(`
      CREATE USER svc_loader TYPE = SERVICE RSA_PUBLIC_KEY = '@KEY@'
        WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
      -- clients moved to workload identity: retire the key
      ALTER USER svc_loader UNSET RSA_PUBLIC_KEY;
    `, 'a key pair removed later in the script'),
  ],
  invalid: [
    {
      ...sql(`
        CREATE USER svc_loader TYPE = SERVICE DEFAULT_ROLE = loader
          WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' )
          RSA_PUBLIC_KEY = '@KEY@';
      `, 'a key pair next to workload identity'),
      errors: [{
        messageId: 'keyPair', line: 3, column: 3, endColumn: 17, message: 'still has a key pair (RSA_PUBLIC_KEY)',
        suggestions: [{
          title: 'Remove RSA_PUBLIC_KEY (clients that still sign in with the key pair stop working)',
          output: script(`
            CREATE USER svc_loader TYPE = SERVICE DEFAULT_ROLE = loader
              WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_loader TYPE = SERVICE
          WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
        ALTER USER svc_loader SET RSA_PUBLIC_KEY_2 = '@KEY@';
        ALTER USER svc_loader ADD PROGRAMMATIC ACCESS TOKEN nightly ROLE_RESTRICTION = 'LOADER' DAYS_TO_EXPIRY = 30;
      `, 'a second key and a PAT added by ALTER USER'),
      errors: [
        {
          messageId: 'keyPair', line: 3, column: 27, endColumn: 43, message: '(RSA_PUBLIC_KEY_2)',
          suggestions: [{
            title: 'Remove this statement (RSA_PUBLIC_KEY_2 is not set)',
            output: script(`
              CREATE USER svc_loader TYPE = SERVICE
                WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
              ALTER USER svc_loader ADD PROGRAMMATIC ACCESS TOKEN nightly ROLE_RESTRICTION = 'LOADER' DAYS_TO_EXPIRY = 30;
            `),
          }],
        },
        {
          messageId: 'pat', line: 4, column: 27, endColumn: 52, message: 'is given a programmatic access token here',
          suggestions: [{
            title: 'Remove this statement (the token is not issued)',
            output: script(`
              CREATE USER svc_loader TYPE = SERVICE
                WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl-task-role' );
              ALTER USER svc_loader SET RSA_PUBLIC_KEY_2 = '@KEY@';
            `),
          }],
        },
      ],
    },
    {
      ...sql(`
        create user svc_dbt type = legacy_service, password = '<set by the vault>', workload_identity = (type = gcp, subject = '104892101234567890123');
      `, 'a password on a LEGACY_SERVICE user, lower case with commas'),
      errors: [{
        messageId: 'password', line: 1, column: 44, endColumn: 52, message: 'it signs in without federation',
        suggestions: [{
          title: 'Remove PASSWORD (sign-in with the password stops working)',
          output: script(`
            create user svc_dbt type = legacy_service, workload_identity = (type = gcp, subject = '104892101234567890123');
          `),
        }],
      }],
    },
    {
      ...sql(`
        CREATE USER svc_gcp TYPE = SERVICE PASSWORD = '<set by the vault>'
          WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
      `, 'a password on a SERVICE user'),
      errors: [{
        messageId: 'password', line: 1, column: 36, endColumn: 44, message: 'a TYPE = SERVICE user cannot have a password',
        suggestions: [{ output: script(`
          CREATE USER svc_gcp TYPE = SERVICE
            WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
        `) }],
      }],
    },
    {
      ...sql(`
        CREATE AUTHENTICATION POLICY svc_policy AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR');
        CREATE USER svc_loader TYPE = SERVICE RSA_PUBLIC_KEY = '@KEY@' WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl' );
        ALTER USER svc_loader SET AUTHENTICATION POLICY svc_policy;
      `, 'a key pair the attached policy still allows'),
      errors: [{
        messageId: 'keyPair', line: 2, column: 39, endColumn: 53,
        suggestions: [{ output: script(`
          CREATE AUTHENTICATION POLICY svc_policy AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR');
          CREATE USER svc_loader TYPE = SERVICE WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl' );
          ALTER USER svc_loader SET AUTHENTICATION POLICY svc_policy;
        `) }],
      }],
    },
    {
      name: 'CRLF, comma-led layout',
      filename: 'users.sql',
      code: `CREATE USER svc_loader\r\n  TYPE = SERVICE\r\n  , RSA_PUBLIC_KEY = '${KEY}'\r\n  , WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl' );\r\n`,
      errors: [{
        messageId: 'keyPair', line: 3, column: 5,
        suggestions: [{ output: "CREATE USER svc_loader\r\n  TYPE = SERVICE\r\n  , WORKLOAD_IDENTITY = ( TYPE = AWS ARN = 'arn:aws:iam::123456789012:role/etl' );\r\n" }],
      }],
    },
  ],
});

describe('snowflake/static-fallback messages', () => {
  it('never echo the key or the password', () => {
    const text = script(`
      CREATE USER svc TYPE = LEGACY_SERVICE PASSWORD = 'hunter2-not-real' RSA_PUBLIC_KEY = '@KEY@'
        WORKLOAD_IDENTITY = ( TYPE = GCP SUBJECT = '104892101234567890123' );
    `);
    const findings = check(text, 'users.sql', { only: [rule.meta.id] }).findings;
    assert.equal(findings.length, 2);
    for (const f of findings) {
      assert.doesNotMatch(f.message, /hunter2|MIIB/);
      assert.doesNotMatch(f.fixes.map((x) => x.title).join(' '), /hunter2|MIIB/);
    }
  });
});
