import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Span } from '../../../src/core/model';
import type { ParseProblem } from '../../../src/core/parse';
import { lex } from '../../../src/core/snowflake/lexer';
import { type SqlProp, type Statement, listItems, propOf, scalarText } from '../../../src/core/snowflake/ast';
import { parseStatement, splitStatements } from '../../../src/core/snowflake/parse';

function parse(text: string): { statements: Statement[]; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const statements = splitStatements(text, lex(text).tokens)
    .map((raw) => parseStatement(raw, text, problems))
    .filter((s): s is Statement => !!s);
  return { statements, problems };
}

function one<K extends Statement['kind']>(text: string, kind: K): Extract<Statement, { kind: K }> {
  const { statements, problems } = parse(text);
  assert.deepEqual(problems, []);
  assert.equal(statements.length, 1, `one statement in ${JSON.stringify(text)}`);
  assert.equal(statements[0]!.kind, kind);
  return statements[0] as Extract<Statement, { kind: K }>;
}

const slice = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const props = (text: string, list: readonly SqlProp[]) => list.map((p) => [p.key, slice(text, p.keySpan), slice(text, p.value?.span)]);

describe('snowflake statement parser', () => {
  it('reads CREATE USER with its properties and the WORKLOAD_IDENTITY group, without commas', () => {
    const text = [
      'CREATE OR REPLACE USER IF NOT EXISTS svc_gha TYPE = SERVICE DEFAULT_ROLE = deploy_role',
      '  WORKLOAD_IDENTITY = ( TYPE = OIDC',
      "    ISSUER  = 'https://token.actions.githubusercontent.com'",
      "    SUBJECT = 'repo:acme/analytics:environment:prod'",
      "    OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com', 'api://snowflake') );",
    ].join('\n');
    const s = one(text, 'create-user');
    assert.equal(s.orReplace, true);
    assert.equal(s.ifNotExists, true);
    assert.equal(s.name.key, 'SVC_GHA');
    assert.equal(slice(text, s.name.span), 'svc_gha');
    assert.deepEqual(s.span, { start: 0, end: text.length - 1 });
    assert.equal(s.end, text.length);
    assert.deepEqual(props(text, s.props).map((p) => p[0]), ['TYPE', 'DEFAULT_ROLE', 'WORKLOAD_IDENTITY']);
    const wif = propOf(s.props, 'WORKLOAD_IDENTITY')!.value!;
    assert.equal(wif.kind, 'props');
    assert.ok(wif.kind === 'props');
    assert.equal(slice(text, wif.span)?.startsWith('( TYPE'), true);
    assert.deepEqual(props(text, wif.props), [
      ['TYPE', 'TYPE', 'OIDC'],
      ['ISSUER', 'ISSUER', "'https://token.actions.githubusercontent.com'"],
      ['SUBJECT', 'SUBJECT', "'repo:acme/analytics:environment:prod'"],
      ['OIDC_AUDIENCE_LIST', 'OIDC_AUDIENCE_LIST', "('https://myorg-myacct.snowflakecomputing.com', 'api://snowflake')"],
    ]);
    const aud = listItems(propOf(wif.props, 'OIDC_AUDIENCE_LIST')!.value);
    assert.deepEqual(aud.map(scalarText), ['https://myorg-myacct.snowflakecomputing.com', 'api://snowflake']);
    assert.deepEqual(aud.map((a) => a.kind === 'string' && slice(text, a.contentSpan)), ['https://myorg-myacct.snowflakecomputing.com', 'api://snowflake']);
    assert.ok(wif.props.every((p) => !p.commaBefore));
  });

  it('reads the same properties separated by commas, in lower case, and records the commas', () => {
    const text = "create user svc_gcp type = service, workload_identity = (type = gcp, subject = '104892101234567890123')";
    const s = one(text, 'create-user');
    assert.deepEqual(props(text, s.props), [
      ['TYPE', 'type', 'service'],
      ['WORKLOAD_IDENTITY', 'workload_identity', "(type = gcp, subject = '104892101234567890123')"],
    ]);
    assert.equal(slice(text, s.props[1]!.commaBefore), ',');
    assert.equal(scalarText(s.props[0]!.value), 'SERVICE');
    const group = s.props[1]!.value!;
    assert.ok(group.kind === 'props');
    assert.equal(group.props[1]!.commaBefore?.start, text.indexOf(', subject'));
    assert.equal(s.semicolon, undefined);
    assert.equal(s.end, text.length);
  });

  it('keeps quoted names case-sensitive and qualified names whole', () => {
    const text = 'CREATE AUTHENTICATION POLICY sec."Policies".wif_only AUTHENTICATION_METHODS = (\'WORKLOAD_IDENTITY\');';
    const s = one(text, 'create-policy');
    assert.equal(s.name.key, 'SEC.Policies.WIF_ONLY');
    assert.equal(s.name.lastKey, 'WIF_ONLY');
    assert.equal(s.name.text, 'sec."Policies".wif_only');
    assert.deepEqual(s.name.parts.map((p) => [p.value, p.quoted]), [['sec', false], ['Policies', true], ['wif_only', false]]);
    const user = one('ALTER USER "svc_GHA" SET TYPE = SERVICE', 'alter-user-set');
    assert.equal(user.name.key, 'svc_GHA');
  });

  it('reads the ALTER USER forms', () => {
    const add = "ALTER USER IF EXISTS svc_gha ADD WORKLOAD IDENTITY gitlab_ci TYPE = OIDC ISSUER = 'https://gitlab.com' SUBJECT = 'project_path:acme/analytics:ref_type:branch:ref:main';";
    const a = one(add, 'alter-user-add-identity');
    assert.equal(a.name.key, 'SVC_GHA');
    assert.equal(a.identity.key, 'GITLAB_CI');
    assert.equal(slice(add, a.anchor), 'WORKLOAD IDENTITY');
    assert.deepEqual(a.props.map((p) => p.key), ['TYPE', 'ISSUER', 'SUBJECT']);

    const set = one("ALTER USER svc SET TYPE = SERVICE RSA_PUBLIC_KEY = 'MIIB' COMMENT = 'x'", 'alter-user-set');
    assert.deepEqual(set.props.map((p) => p.key), ['TYPE', 'RSA_PUBLIC_KEY', 'COMMENT']);

    const policy = 'alter user svc set authentication policy sec.policies.wif_only force;';
    assert.equal(slice(policy, one(policy, 'alter-user-set-policy').policy.span), 'sec.policies.wif_only');

    const unset = 'ALTER USER svc UNSET RSA_PUBLIC_KEY, WORKLOAD_IDENTITY, AUTHENTICATION POLICY';
    assert.deepEqual(one(unset, 'alter-user-unset').keys.map((k) => [k.key, slice(unset, k.span)]), [
      ['RSA_PUBLIC_KEY', 'RSA_PUBLIC_KEY'],
      ['WORKLOAD_IDENTITY', 'WORKLOAD_IDENTITY'],
      ['AUTHENTICATION POLICY', 'AUTHENTICATION POLICY'],
    ]);

    const remove = one('ALTER USER svc REMOVE WORKLOAD IDENTITY gitlab_ci', 'alter-user-remove-identity');
    assert.equal(remove.identity.key, 'GITLAB_CI');
  });

  it('reads ADD PAT and ADD PROGRAMMATIC ACCESS TOKEN, with or without a user name', () => {
    const text = "ALTER USER svc_loader ADD PROGRAMMATIC ACCESS TOKEN etl_token ROLE_RESTRICTION = 'LOADER' DAYS_TO_EXPIRY = 30";
    const pat = one(text, 'alter-user-add-pat');
    assert.equal(pat.name?.key, 'SVC_LOADER');
    assert.equal(pat.token?.key, 'ETL_TOKEN');
    assert.equal(slice(text, pat.anchor), 'PROGRAMMATIC ACCESS TOKEN');
    assert.deepEqual(pat.props.map((p) => [p.key, scalarText(p.value)]), [['ROLE_RESTRICTION', 'LOADER'], ['DAYS_TO_EXPIRY', '30']]);
    const bare = one('ALTER USER ADD PAT my_token', 'alter-user-add-pat');
    assert.equal(bare.name, undefined);
    assert.equal(bare.token?.key, 'MY_TOKEN');
    assert.equal(one('ALTER USER svc REMOVE PAT etl_token', 'alter-user-remove-pat').token?.key, 'ETL_TOKEN');
  });

  it('reads account-level attachment and authentication policies with nested groups', () => {
    assert.equal(one('ALTER ACCOUNT SET AUTHENTICATION POLICY sec.policies.default_policy', 'alter-account-set-policy').policy.key, 'SEC.POLICIES.DEFAULT_POLICY');
    one('ALTER ACCOUNT UNSET AUTHENTICATION POLICY', 'alter-account-unset-policy');
    const text = [
      'CREATE AUTHENTICATION POLICY wif_only',
      "  AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY')",
      "  CLIENT_POLICY = ( DRIVERS = ( MINIMUM_VERSION = '3.0.0' ) )",
      "  MFA_POLICY = ( ALLOWED_METHODS = ('PASSKEY'), ENFORCE_MFA_ON_EXTERNAL_AUTHENTICATION = NONE )",
      '  PAT_POLICY = ( DEFAULT_EXPIRY_IN_DAYS = 7, MAX_EXPIRY_IN_DAYS = 30 )',
      "  WORKLOAD_IDENTITY_POLICY = ( ALLOWED_PROVIDERS = ('OIDC'), ALLOWED_OIDC_ISSUERS = ('https://token.actions.githubusercontent.com') )",
      "  COMMENT = 'workloads only';",
    ].join('\n');
    const p = one(text, 'create-policy');
    assert.deepEqual(p.props.map((x) => x.key), ['AUTHENTICATION_METHODS', 'CLIENT_POLICY', 'MFA_POLICY', 'PAT_POLICY', 'WORKLOAD_IDENTITY_POLICY', 'COMMENT']);
    const wip = propOf(p.props, 'WORKLOAD_IDENTITY_POLICY')!.value!;
    assert.ok(wip.kind === 'props');
    assert.deepEqual(wip.props.map((x) => [x.key, listItems(x.value).map(scalarText)]), [
      ['ALLOWED_PROVIDERS', ['OIDC']],
      ['ALLOWED_OIDC_ISSUERS', ['https://token.actions.githubusercontent.com']],
    ]);
    const set = one("ALTER AUTHENTICATION POLICY IF EXISTS wif_only SET AUTHENTICATION_METHODS = ('WORKLOAD_IDENTITY', 'KEYPAIR')", 'alter-policy-set');
    assert.deepEqual(listItems(set.props[0]!.value).map(scalarText), ['WORKLOAD_IDENTITY', 'KEYPAIR']);
    assert.deepEqual(one('ALTER AUTHENTICATION POLICY wif_only UNSET AUTHENTICATION_METHODS', 'alter-policy-unset').keys.map((k) => k.key), ['AUTHENTICATION_METHODS']);
  });

  it('passes over every other statement, and strings that mention CREATE USER', () => {
    const text = [
      'USE ROLE SECURITYADMIN;',
      'CREATE TABLE IF NOT EXISTS raw.events (id NUMBER, payload VARIANT);',
      'GRANT ROLE loader TO USER svc_loader;',
      "SELECT 'CREATE USER evil WORKLOAD_IDENTITY = (TYPE = OIDC);' AS s, \"CREATE USER\" FROM t;",
      "CREATE PROCEDURE p() RETURNS STRING LANGUAGE SQL AS $$ CREATE USER hidden TYPE = PERSON; $$;",
      'CREATE USER IDENTIFIER($new_user) TYPE = SERVICE;',
      'CREATE ROLE deploy_role; ALTER WAREHOUSE wh SET WAREHOUSE_SIZE = XSMALL; ALTER SESSION SET QUERY_TAG = \'x\';',
      'DESCRIBE USER svc_loader; SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS FOR USER svc_gha;',
      'ALTER USER svc_loader RESET PASSWORD; ALTER USER svc_loader RENAME TO svc_etl;',
    ].join('\n');
    assert.deepEqual(parse(text), { statements: [], problems: [] });
  });

  it('ends a SnowSQL client command at its line, so the next statement is read', () => {
    const text = '!set variable_substitution=true\nCREATE USER svc TYPE = SERVICE;';
    const { statements } = parse(text);
    assert.deepEqual(statements.map((s) => [s.kind, s.span.start]), [['create-user', 32]]);
  });

  it('reports an unclosed parenthesis in a statement it reads, and still reads it', () => {
    const text = "CREATE USER svc WORKLOAD_IDENTITY = ( TYPE = OIDC ISSUER = 'https://x';\nALTER USER svc SET TYPE = SERVICE;";
    const { statements, problems } = parse(text);
    assert.deepEqual(problems.map((p) => [p.code, p.span.start, p.span.end]), [['SQL_UNCLOSED_PAREN', 36, 37]]);
    assert.deepEqual(statements.map((s) => s.kind), ['create-user', 'alter-user-set']);
  });

  it('passes over a statement swallowed by an unterminated string', () => {
    const text = "CREATE USER a TYPE = SERVICE;\nCREATE USER b COMMENT = 'oops TYPE = SERVICE;";
    assert.deepEqual(parse(text).statements.map((s) => (s.kind === 'create-user' ? s.name.key : s.kind)), ['A']);
  });

  it('keeps spans exact across CRLF line breaks', () => {
    const text = "CREATE USER svc\r\n  TYPE = SERVICE\r\n  RSA_PUBLIC_KEY = 'MIIB';\r\n";
    const s = one(text, 'create-user');
    assert.deepEqual(props(text, s.props), [['TYPE', 'TYPE', 'SERVICE'], ['RSA_PUBLIC_KEY', 'RSA_PUBLIC_KEY', "'MIIB'"]]);
    assert.equal(s.props[1]!.prevEnd, text.indexOf('SERVICE') + 'SERVICE'.length);
    assert.equal(s.end, text.indexOf(';') + 1);
  });
});
