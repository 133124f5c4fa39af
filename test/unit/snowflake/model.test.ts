import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../../src/core/engine';
import { SourceContext } from '../../../src/core/source';
import { buildSnowflakeModel, governingPolicy, isWifOnly, methodsOf, permits, type SnowflakeModel } from '../../../src/core/snowflake/model';

function model(text: string, path = 'users.sql'): SnowflakeModel {
  const built = buildSnowflakeModel(new SourceContext(text, path));
  assert.ok(built, 'recognised');
  assert.deepEqual(built.kinds, ['snowflake-sql']);
  return built.model;
}

const user = (m: SnowflakeModel, key: string) => {
  const u = m.users.find((x) => x.key === key);
  assert.ok(u, `user ${key}`);
  return u;
};

const GHA = "WORKLOAD_IDENTITY = (TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com' SUBJECT = 'repo:acme/app:environment:prod')";

describe('snowflake model: recognition', () => {
  it('recognises a .sql script with these statements', () => {
    assert.equal(model(`CREATE USER svc_gha TYPE = SERVICE ${GHA};`).users.length, 1);
  });

  it('recognises SQL by content when the file name says nothing', () => {
    const text = `-- provisioning\nCREATE USER svc_gha TYPE = SERVICE ${GHA};\n`;
    assert.deepEqual(check(text, 'provision.txt').kinds, ['snowflake-sql']);
    assert.deepEqual(check(text, 'untitled-1').kinds, ['snowflake-sql']);
  });

  it('does not report YAML parse problems of a SQL script, even one YAML would half-read as a map', () => {
    const text = `CREATE USER svc_gha TYPE = SERVICE COMMENT = 'owner: data: team' ${GHA};\n`;
    for (const path of ['provision.txt', 'users.sql']) {
      const r = check(text, path, { only: ['core/parse-error'], explicit: true });
      assert.deepEqual(r.findings, [], path);
    }
  });

  it('leaves YAML and JSON that hold SQL in a string to their own domains', () => {
    const yaml = `steps:\n  - name: provision\n    sql: |\n      CREATE USER svc_gha TYPE = SERVICE ${GHA};\n`;
    assert.equal(buildSnowflakeModel(new SourceContext(yaml, 'pipeline.yaml')), undefined);
    const json = JSON.stringify({ statements: [`CREATE USER svc_gha TYPE = SERVICE ${GHA};`] });
    assert.equal(buildSnowflakeModel(new SourceContext(json, 'statements.json')), undefined);
  });

  it('skips a .sql file without these statements quietly, and other SQL with no crash', () => {
    const text = "CREATE TABLE t (id INT);\nGRANT SELECT ON t TO ROLE r;\nSELECT 'CREATE USER x TYPE = PERSON' FROM t;\n";
    assert.equal(buildSnowflakeModel(new SourceContext(text, 'schema.sql')), undefined);
    assert.deepEqual(check(text, 'schema.sql'), { kinds: [], findings: [] });
    assert.deepEqual(check(text, 'schema.sql', { explicit: true }).findings, []);
  });

  it('skips dotenv files and Dockerfiles', () => {
    assert.equal(buildSnowflakeModel(new SourceContext('SQL="CREATE USER x TYPE = SERVICE"\n', '.env')), undefined);
  });

  it('reports an unterminated string as a parse error, at its opening quote', () => {
    const text = `CREATE USER svc_gha TYPE = SERVICE ${GHA};\nALTER USER svc_gha SET COMMENT = 'never closed;\n`;
    const r = check(text, 'users.sql', { only: ['core/parse-error'] });
    assert.deepEqual(r.kinds, ['snowflake-sql']);
    assert.deepEqual(
      r.findings.map((f) => [f.span.start, f.span.end, f.message]),
      [[text.indexOf("'never"), text.indexOf("'never") + 1, 'Unterminated string: the quote opened here is never closed (SQL_UNTERMINATED_STRING)']],
    );
  });

  it('reports the parse error of a .sql file whose unterminated string swallowed its statements', () => {
    const text = "SELECT 'oops;\nCREATE USER svc TYPE = SERVICE;\n";
    const r = check(text, 'users.sql', { only: ['core/parse-error'] });
    assert.deepEqual(r.findings.map((f) => [f.span.start, f.messageId]), [[7, 'parseError']]);
  });
});

describe('snowflake model: users as they stand at the end of the script', () => {
  it('collects type, identities, credentials and policy of each user in file order', () => {
    const m = model([
      `CREATE USER svc_gha TYPE = SERVICE ${GHA} RSA_PUBLIC_KEY = 'MIIB';`,
      "ALTER USER svc_gha ADD WORKLOAD IDENTITY gitlab_ci TYPE = OIDC ISSUER = 'https://gitlab.com' SUBJECT = 'project_path:acme/app:ref_type:branch:ref:main';",
      "ALTER USER svc_gha ADD PAT ci_token ROLE_RESTRICTION = 'DEPLOY';",
      'ALTER USER svc_gha SET AUTHENTICATION POLICY sec.policies.wif_only;',
      "CREATE USER \"Svc_Quoted\" TYPE = PERSON WORKLOAD_IDENTITY = (TYPE = GCP SUBJECT = '104892101234567890123');",
    ].join('\n'));
    assert.deepEqual(m.users.map((u) => u.key), ['SVC_GHA', 'Svc_Quoted']);
    const gha = user(m, 'SVC_GHA');
    assert.equal(gha.type?.value, 'SERVICE');
    assert.deepEqual(gha.identities.map((i) => [i.name?.key ?? 'DEFAULT', i.type]), [['DEFAULT', 'OIDC'], ['GITLAB_CI', 'OIDC']]);
    assert.deepEqual(gha.credentials.map((c) => [c.kind, c.label]), [['key-pair', 'RSA_PUBLIC_KEY'], ['pat', 'PAT']]);
    assert.equal(gha.policy?.name.key, 'SEC.POLICIES.WIF_ONLY');
    assert.equal(gha.policy?.policy, undefined, 'the policy is not in this file');
    assert.equal(user(m, 'Svc_Quoted').type?.value, 'PERSON');
  });

  it('applies UNSET, REMOVE and CREATE OR REPLACE', () => {
    const m = model([
      `CREATE USER svc TYPE = SERVICE ${GHA} RSA_PUBLIC_KEY = 'MIIB' RSA_PUBLIC_KEY_2 = 'MIIC';`,
      "ALTER USER svc ADD WORKLOAD IDENTITY extra TYPE = GCP SUBJECT = '104892101234567890123';",
      'ALTER USER svc UNSET RSA_PUBLIC_KEY, WORKLOAD_IDENTITY;',
      'ALTER USER svc REMOVE WORKLOAD IDENTITY extra;',
      "ALTER USER svc SET RSA_PUBLIC_KEY_2 = NULL;",
      `CREATE OR REPLACE USER old TYPE = LEGACY_SERVICE PASSWORD = 'x' ${GHA};`,
      'CREATE OR REPLACE USER old;',
      'ALTER USER svc UNSET TYPE;',
    ].join('\n'));
    const svc = user(m, 'SVC');
    assert.deepEqual(svc.identities, []);
    assert.deepEqual(svc.credentials, []);
    assert.equal(svc.type?.value, 'NULL');
    const old = user(m, 'OLD');
    assert.equal(old.type, undefined);
    assert.deepEqual(old.identities, []);
    assert.deepEqual(old.credentials, []);
  });

  it('ignores CREATE … IF NOT EXISTS of a user the script already created', () => {
    const m = model(`CREATE USER svc TYPE = SERVICE ${GHA};\nCREATE USER IF NOT EXISTS svc TYPE = PERSON;`);
    assert.equal(user(m, 'SVC').type?.value, 'SERVICE');
  });

  it('resolves policies by qualified name, else by their last part, and follows ALTER … SET / UNSET', () => {
    const m = model([
      "CREATE AUTHENTICATION POLICY wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR');",
      "ALTER AUTHENTICATION POLICY wif_only SET AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');",
      `CREATE USER svc TYPE = SERVICE ${GHA};`,
      'ALTER USER svc SET AUTHENTICATION POLICY sec.policies.wif_only;',
      'CREATE AUTHENTICATION POLICY open_policy;',
      'ALTER ACCOUNT SET AUTHENTICATION POLICY open_policy;',
      'ALTER AUTHENTICATION POLICY elsewhere SET COMMENT = \'x\';',
    ].join('\n'));
    const svc = user(m, 'SVC');
    const policy = svc.policy?.policy;
    assert.equal(policy?.name.key, 'WIF_ONLY');
    assert.ok(policy && isWifOnly(policy));
    assert.equal(permits(policy, 'KEYPAIR'), false);
    assert.equal(governingPolicy(m, svc)?.level, 'user');
    const open = m.accountPolicy?.policy;
    assert.equal(open?.name.key, 'OPEN_POLICY');
    assert.deepEqual(methodsOf(open!), { items: [] }, 'no AUTHENTICATION_METHODS: the default, ALL');
    assert.equal(permits(open, 'PROGRAMMATIC_ACCESS_TOKEN'), true);
    const elsewhere = m.policies.find((p) => p.key === 'ELSEWHERE')!;
    assert.equal(methodsOf(elsewhere), undefined, 'a policy only altered here: its methods are unknown');
    assert.equal(permits(elsewhere, 'KEYPAIR'), undefined);
  });

  it('lets the account policy govern a user with none of its own, until it is unset', () => {
    const m = model([
      "CREATE AUTHENTICATION POLICY wif_only AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY');",
      'ALTER ACCOUNT SET AUTHENTICATION POLICY wif_only;',
      `CREATE USER svc TYPE = SERVICE ${GHA};`,
    ].join('\n'));
    assert.equal(governingPolicy(m, user(m, 'SVC'))?.level, 'account');
    const unset = model(`ALTER ACCOUNT SET AUTHENTICATION POLICY wif_only;\nALTER ACCOUNT UNSET AUTHENTICATION POLICY;\nCREATE USER svc TYPE = SERVICE ${GHA};`);
    assert.equal(governingPolicy(unset, user(unset, 'SVC')), undefined);
  });

  it('does not attribute a PAT of the current user (ALTER USER ADD PAT without a name) to anyone', () => {
    const m = model(`CREATE USER svc TYPE = SERVICE ${GHA};\nALTER USER ADD PAT my_token;`);
    assert.deepEqual(user(m, 'SVC').credentials, []);
  });
});
