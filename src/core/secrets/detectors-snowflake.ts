// Snowflake has no public token format (docs/domain §6): its credentials are found by context. Passwords in
// `snowflake://` and JDBC URLs, secrets in the connector's `connections.toml` / `config.toml`, dbt `profiles.yml`
// passwords under `type: snowflake`, and the SNOWFLAKE_PASSWORD / _PAT / _TOKEN / _PRIVATE_KEY_PASSPHRASE variables.
// Template references ({{ env_var('X') }}, ${X}) are not secrets.
import { isReference, literalValue, weakValue } from './checks';
import { tomlTableAt, yamlSiblingMatches } from './context';
import { keys, mark } from './samples';
import type { ExampleDocument, SecretDetector } from './types';

const SNOWFLAKE_RESET = 'Set a new password for the user ([ALTER USER](https://docs.snowflake.com/en/sql-reference/sql/alter-user))';
const SNOWFLAKE_PAT = 'revoke a programmatic access token with `ALTER USER <user> REMOVE PROGRAMMATIC ACCESS TOKEN <name>` ([remove a PAT](https://docs.snowflake.com/en/sql-reference/sql/alter-user-remove-programmatic-access-token))';
const SNOWFLAKE_KEYPAIR = 'rotate the key pair whose passphrase leaked ([key-pair rotation](https://docs.snowflake.com/en/user-guide/key-pair-auth))';
const SNOWFLAKE_HISTORY = 'The user\'s login history shows where it was used.';

const pw = (seed = 'sf', length = 18): string => keys.password(seed, length);
const doc = (path: string, text: string): ExampleDocument => ({ path, text });
const notReferenceOrWeak = (secret: string): boolean => !isReference(secret) && !weakValue(secret);

const urlPassword: SecretDetector = {
  id: 'snowflake-url-password',
  provider: 'Snowflake',
  type: 'Password in a connection URL',
  severity: 'high',
  keywords: ['snowflake://'],
  anchor: 0,
  pattern: /snowflake:\/\/[^\s:/@'"]{1,128}:([^\s@'"/]{1,256})@/i,
  verify: notReferenceOrWeak,
  doc: {
    summary: 'A password in a `snowflake://` connection URL (SQLAlchemy and other connectors): it signs in as the URL\'s user, with that user\'s roles. High.',
    looksLike: 'The password part of a URL written like `snowflake://<user>:<password>@<account_identifier>/<database>`. Placeholders, format fields (`{password}`) and references such as `${SNOWFLAKE_PASSWORD}` are left alone.',
    leaks: 'Engine URLs in Python code and notebooks, Airflow connections, and `.env` files.',
    revoke: `${SNOWFLAKE_RESET}. ${SNOWFLAKE_HISTORY}`,
  },
  examples: {
    truePositives: [
      () => `SNOWFLAKE_URL=snowflake://etl_user:${mark(pw())}@acme-xy12345/analytics/public?warehouse=wh\n`,
      () => doc('etl/engine.py', `engine = create_engine("snowflake://svc_loader:${mark(pw('py'))}@acme/raw")\n`),
    ],
    falsePositives: [
      [() => 'url = "snowflake://user:password@account/db"', 'the word password'],
      [() => doc('engine.py', 'url = f"snowflake://{user}:{password}@{account}/{database}"'), 'format placeholders'],
      [() => 'SNOWFLAKE_URL=snowflake://etl_user:${SNOWFLAKE_PASSWORD}@acme/db', 'environment reference'],
      [() => 'snowflake://<user>:<password>@<account_identifier>/<database>', 'documentation placeholders'],
      [() => 'snowflake://etl_user@acme/db?authenticator=WORKLOAD_IDENTITY', 'no password: workload identity'],
    ],
  },
};

const jdbcPassword: SecretDetector = {
  id: 'snowflake-jdbc-password',
  provider: 'Snowflake',
  type: 'Password in a JDBC URL',
  severity: 'high',
  // matched at the parameter, then checked to be inside a jdbc:snowflake:// URL (a pattern that starts at the URL
  // would need a lazy scan over the parameters: 500 steps per URL-looking prefix)
  keywords: ['password='],
  anchor: 0,
  pattern: /(?<=[?&;])password=([^&\s'";]{1,256})/i,
  verify: (secret, ctx) => {
    const before = ctx.text.slice(Math.max(0, ctx.match.start - 1024), ctx.match.start);
    const url = before.toLowerCase().lastIndexOf('jdbc:snowflake://');
    return url >= 0 && !/[\s'"]/.test(before.slice(url)) && notReferenceOrWeak(secret);
  },
  doc: {
    summary: 'A password in the parameters of a `jdbc:snowflake://` URL: it signs in as the URL\'s user, with that user\'s roles. High.',
    looksLike: 'The `password` parameter of a Snowflake JDBC connection URL. The parameter must be part of the same URL; references such as `${SNOWFLAKE_PASSWORD}` are left alone.',
    leaks: 'Spring `application.properties`, Java code, BI tool and ETL job configurations.',
    revoke: `${SNOWFLAKE_RESET}. ${SNOWFLAKE_HISTORY}`,
  },
  examples: {
    truePositives: [
      () => `spring.datasource.url=jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&password=${mark(pw('jdbc'))}&db=analytics\n`,
      () => `String url = "jdbc:snowflake://acme.snowflakecomputing.com/?warehouse=wh;password=${mark(pw('java'))}";\n`,
    ],
    falsePositives: [
      [() => `url=https://example.org/login?user=etl&password=${pw('http')}`, 'not a Snowflake JDBC URL'],
      [() => `jdbc:snowflake://acme.snowflakecomputing.com/?user=etl "then" ?password=${pw('gap')}`, 'the parameter is outside the URL'],
      [() => 'url=jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&password=${SNOWFLAKE_PASSWORD}', 'environment reference'],
      [() => 'url=jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&authenticator=SNOWFLAKE_JWT&private_key_file=/keys/rsa_key.p8', 'key-pair authentication, no password'],
    ],
  },
};

const CONFIG_PATH = /(?:^|\/)(?:connections|config)\.toml$/i;

const connectionConfig: SecretDetector = {
  id: 'snowflake-connection-config',
  provider: 'Snowflake',
  type: 'Secret in connections.toml / config.toml',
  severity: 'high',
  keywords: ['password', 'token', 'private_key_file_pwd'],
  anchor: 0,
  paths: CONFIG_PATH,
  pattern: /(?<=^[ \t]{0,40})(?:password|token|private_key_file_pwd)[ \t]{0,8}=[ \t]{0,8}["']([^"'\r\n]{1,512})["']/m,
  verify: (secret, ctx) => {
    // config.toml holds many tools' settings: only its [connections.*] tables are Snowflake's
    const table = tomlTableAt(ctx.text, ctx.match.start);
    if (/(?:^|\/)config\.toml$/i.test(ctx.path) && !/^connections(?:\.|$)/.test(table ?? '')) return false;
    return notReferenceOrWeak(secret);
  },
  rate: (_secret, ctx) => (/private_key_file_pwd/.test(ctx.text.slice(ctx.match.start, ctx.span.start)) ? 'medium' : 'high'),
  doc: {
    summary:
      'A password, token (a programmatic access token or an OAuth token) or key-file passphrase in the connector configuration `connections.toml` or `config.toml`: it signs in as the connection\'s user, with that user\'s roles. High; medium for a key-file passphrase, which also needs the key file.',
    looksLike:
      'A quoted `password`, `token` or `private_key_file_pwd` value in `connections.toml`, or in a `[connections.<name>]` table of `config.toml` (other tools\' `config.toml` files are left alone). Empty values, placeholders and references are left alone.',
    leaks: '`~/.snowflake/connections.toml` copied into a project, dev containers and CI images.',
    revoke: `${SNOWFLAKE_RESET}, ${SNOWFLAKE_PAT}, or ${SNOWFLAKE_KEYPAIR}. ${SNOWFLAKE_HISTORY}`,
  },
  examples: {
    truePositives: [
      () => doc('.snowflake/connections.toml', `[etl]\naccount = "acme-xy12345"\nuser = "etl"\npassword = "${mark(pw('toml'))}"\n`),
      () => doc('.snowflake/config.toml', `default_connection_name = "dev"\n\n[connections.dev]\naccount = "acme"\ntoken = '${mark(pw('tok', 40))}'\n`),
      () => doc('connections.toml', `[keypair]\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_file = "rsa_key.p8"\nprivate_key_file_pwd = "${mark(pw('pwd'))}"\n`),
    ],
    falsePositives: [
      [() => doc('config.toml', `[database]\npassword = "${pw('other')}"\n`), 'config.toml of another tool (not under [connections])'],
      [() => doc('connections.toml', '[etl]\npassword = ""\n'), 'empty'],
      [() => doc('connections.toml', '[etl]\npassword = "${SNOWFLAKE_PASSWORD}"\n'), 'environment reference'],
      [() => doc('connections.toml', '[wif]\naccount = "acme"\nauthenticator = "WORKLOAD_IDENTITY"\nworkload_identity_provider = "AWS"\n'), 'workload identity: no secret'],
      [() => doc('settings.toml', `[etl]\npassword = "${pw('elsewhere')}"\n`), 'not a Snowflake connection file'],
    ],
  },
};

const dbtPassword: SecretDetector = {
  id: 'snowflake-dbt-password',
  provider: 'Snowflake',
  type: 'Password in a dbt profile',
  severity: 'high',
  keywords: ['password'],
  anchor: 0,
  paths: /(?:^|\/)profiles\.ya?ml$/i,
  pattern: /(?<=^[ \t]{0,40})password[ \t]{0,8}:[ \t]{0,8}["']?([^\s"'#]{1,256})/m,
  verify: (secret, ctx) => notReferenceOrWeak(secret) && yamlSiblingMatches(ctx.text, ctx.match.start, /^type:[ \t]{0,8}["']?snowflake["']?[ \t]{0,8}(?:#.*)?$/i),
  doc: {
    summary: 'A Snowflake password in a dbt `profiles.yml`: it signs in as the profile\'s user, usually a service user that can write to the warehouse. High.',
    looksLike: 'A `password:` value in an output of a `profiles.yml` that also says `type: snowflake`. `{{ env_var(...) }}` references are left alone.',
    leaks: 'A `profiles.yml` committed inside the dbt project instead of kept in `~/.dbt/`, and CI images.',
    revoke: `${SNOWFLAKE_RESET}, and point the profile at key-pair authentication or workload identity. ${SNOWFLAKE_HISTORY}`,
  },
  examples: {
    truePositives: [
      () => doc('profiles.yml', `analytics:\n  target: dev\n  outputs:\n    dev:\n      type: snowflake\n      account: acme\n      user: dbt\n      password: "${mark(pw('dbt'))}"\n      warehouse: wh\n`),
    ],
    falsePositives: [
      [() => doc('profiles.yml', `analytics:\n  outputs:\n    dev:\n      type: snowflake\n      password: "{{ env_var('DBT_PASSWORD') }}"\n`), 'dbt env_var reference'],
      [() => doc('profiles.yml', `analytics:\n  outputs:\n    dev:\n      type: postgres\n      password: "${pw('pg')}"\n`), 'not a Snowflake profile'],
      [() => doc('profiles.yml', `analytics:\n  outputs:\n    dev:\n      type: snowflake\n      authenticator: oauth\n    other:\n      password: "${pw('sibling')}"\n`), 'password of another output'],
    ],
  },
};

const envSecret: SecretDetector = {
  id: 'snowflake-env-secret',
  provider: 'Snowflake',
  type: 'Password or token in an environment variable',
  severity: 'high',
  keywords: ['snowflake_password', 'snowflake_pat', 'snowflake_token', 'snowflake_private_key_passphrase'],
  anchor: 0,
  pattern:
    /(?<![A-Za-z0-9])SNOWFLAKE_(?:PASSWORD|PAT|TOKEN|PRIVATE_KEY_PASSPHRASE)\b(?:["']?[ \t]{0,4}[:=]|["']?[ \t]{0,4}\r?\n[ \t]{0,40}value[ \t]{0,4}:)[ \t]{0,4}["']?([^\s"'#;,]{1,512})/i,
  verify: (secret, ctx) => literalValue(secret, ctx.text, ctx.span.start, ctx.span.end, ctx.path),
  rate: (_secret, ctx) => (/PASSPHRASE/i.test(ctx.text.slice(ctx.match.start, ctx.span.start)) ? 'medium' : 'high'),
  doc: {
    summary:
      'A password, programmatic access token, token or private-key passphrase in one of the variables the Snowflake connectors read (`SNOWFLAKE_PASSWORD`, `SNOWFLAKE_PAT`, `SNOWFLAKE_TOKEN`, `SNOWFLAKE_PRIVATE_KEY_PASSPHRASE`): it signs in as the user it belongs to. High; medium for a passphrase, which also needs the key file.',
    looksLike:
      'One of those variables set to a literal value in a `.env` file, a shell script, Docker Compose, a Kubernetes `env:` list or code. References (`${{ secrets.X }}`, `$VAR`, `os.environ[...]`, `secretKeyRef`), file paths and placeholders are left alone.',
    leaks: '`.env` files, Compose and Kubernetes manifests, and CI workflow files.',
    revoke: `${SNOWFLAKE_RESET}, ${SNOWFLAKE_PAT}, or ${SNOWFLAKE_KEYPAIR}. ${SNOWFLAKE_HISTORY}`,
  },
  examples: {
    truePositives: [
      () => doc('.env', `SNOWFLAKE_ACCOUNT=acme\nSNOWFLAKE_PASSWORD=${mark(pw('env'))}\n`),
      () => doc('docker-compose.yml', `services:\n  etl:\n    environment:\n      SNOWFLAKE_PAT: "${mark(pw('pat', 48))}"\n`),
      () => doc('k8s/deploy.yaml', `env:\n  - name: SNOWFLAKE_TOKEN\n    value: ${mark(pw('k8s', 40))}\n`),
      () => doc('run.sh', `export DBT_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE='${mark(pw('sh'))}'\n`),
      () => doc('settings.py', `SNOWFLAKE_PASSWORD = "${mark(pw('py'))}"\n`),
    ],
    falsePositives: [
      [() => doc('.github/workflows/etl.yml', 'env:\n  SNOWFLAKE_PASSWORD: ${{ secrets.SNOWFLAKE_PASSWORD }}\n'), 'Actions secret reference'],
      [() => doc('etl.py', 'password = os.environ["SNOWFLAKE_PASSWORD"]\n'), 'reads the environment'],
      [() => doc('etl.py', 'SNOWFLAKE_PASSWORD = get_password()\n'), 'an expression in code'],
      [() => doc('README.md', 'Set SNOWFLAKE_PASSWORD=<your password> before running.'), 'documentation placeholder'],
      [() => doc('k8s/deploy.yaml', 'env:\n  - name: SNOWFLAKE_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: sf, key: password}\n'), 'Kubernetes secret reference'],
      [() => doc('.env', 'SNOWFLAKE_PASSWORD_FILE=/run/secrets/snowflake\n'), 'a file path, not the password'],
      [() => doc('.env', 'SNOWFLAKE_PASSWORD=changeme\n'), 'placeholder'],
      [() => doc('.env', 'SNOWFLAKE_PASSWORD=$SNOWFLAKE_PASSWORD_FROM_VAULT\n'), 'shell variable'],
    ],
  },
};

export const snowflakeDetectors: readonly SecretDetector[] = [connectionConfig, dbtPassword, envSecret, jdbcPassword, urlPassword];
