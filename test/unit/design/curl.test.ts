// adminApiCurl: the Admin API requests as a shell script a person reads before running. It must be valid bash, hold no
// secret, and pass every designed value to the API as data: nothing in a value is ever run by the shell. The scripts
// are run here against stub `curl` and `jq` commands (small node scripts) that record what they were given.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { adminApiCurl, type DesignModel, designDocuments } from '../../../src/core/design';
import { parseStructured } from '../../../src/core/parse';
import { toValue } from '../../../src/core/tree';
import { COMBINATIONS, validDesign } from './fixtures';

const work = mkdtempSync(join(tmpdir(), 'keyless-curl-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A stub that appends {tool, args, stdin} to $STUB_LOG, then answers as the script expects. */
const STUB = `
const fs = require('node:fs');
const tool = process.argv[2];
const args = process.argv.slice(3);
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ tool, args, stdin }) + '\\n');
if (tool === 'curl') {
  // the resource's id: what the Admin API answers with
  const url = args.find((a) => a.startsWith('https://'));
  process.stdout.write(JSON.stringify({ id: 'id_of_' + url.split('/').filter(Boolean).pop() }));
} else if (args.includes('-r') && args.includes('.id')) {
  process.stdout.write(JSON.parse(stdin).id + '\\n');
} else if (args.includes('--arg')) {
  // .issuer_id = $issuer | .target.service_account_id = $sa
  const value = (name) => args[args.indexOf(name) + 1];
  const body = JSON.parse(stdin);
  body.issuer_id = value('issuer');
  body.target.service_account_id = value('sa');
  process.stdout.write(JSON.stringify(body));
} else {
  process.stdout.write(stdin);
}
`;
const stubs = join(work, 'bin');
execFileSync('mkdir', ['-p', stubs]);
writeFileSync(join(work, 'stub.js'), STUB);
for (const tool of ['curl', 'jq']) {
  const path = join(stubs, tool);
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${join(work, 'stub.js')}" ${tool} "$@"\n`);
  chmodSync(path, 0o755);
}

interface Call {
  readonly tool: 'curl' | 'jq';
  readonly args: readonly string[];
  readonly stdin: string;
}

let runs = 0;
/** Run a script with the stubs first on PATH (touch and the rest of /usr/bin stay reachable, as they would be). */
function run(script: string, env: Record<string, string>): { status: number | null; stderr: string; calls: Call[] } {
  const n = ++runs;
  const file = join(work, `script-${n}.sh`);
  const log = join(work, `calls-${n}.jsonl`);
  writeFileSync(file, script);
  writeFileSync(log, '');
  const r = spawnSync('bash', [file], { cwd: work, env: { PATH: `${stubs}:/usr/bin:/bin`, STUB_LOG: log, ...env }, encoding: 'utf8' });
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Call);
  return { status: r.status, stderr: r.stderr, calls };
}

function bashSyntaxOk(script: string): void {
  const file = join(work, `syntax-${++runs}.sh`);
  writeFileSync(file, script);
  const r = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `bash -n: ${r.stderr}\n${script}`);
}

const destinationValue = (m: DesignModel) => {
  const doc = designDocuments(m).find((d) => d.side === 'destination')!;
  return toValue(parseStructured(doc.text).documents[0]!.root!) as Record<string, any>;
};

/** Values a shell would run if they reached it unquoted. */
const marker = (name: string) => join(work, name);
const hostile = (tag: string) => `service:$(touch ${marker(`${tag}-dollar`)})-\`touch ${marker(`${tag}-backtick`)}\`-\${HOME}-'q'-"dq"-\\n`;

describe('adminApiCurl: the script', () => {
  for (const [identity, destination] of COMBINATIONS.filter(([, d]) => d !== 'snowflake')) {
    it(`${identity} -> ${destination}: valid bash, no secret, the admin credential from the environment`, () => {
      const script = adminApiCurl(validDesign(identity, destination))!;
      assert.ok(script.startsWith('#!/usr/bin/env bash\n'));
      assert.match(script, /^set -euo pipefail$/m);
      bashSyntaxOk(script);
      const variable = destination === 'anthropic' ? 'ANTHROPIC_ADMIN_TOKEN' : 'OPENAI_ADMIN_KEY';
      assert.ok(script.includes(`"Authorization: Bearer $${variable}"`));
      // nothing credential-shaped in the text: the only bearer is the variable
      assert.doesNotMatch(script, /sk-ant-|sk-proj-|sk-admin-|Bearer (?!\$)/);
      assert.doesNotMatch(script, /<<\s*JSON/, 'no unquoted heredoc');
    });
  }

  it('Snowflake has no Admin API: undefined', () => {
    for (const [identity] of COMBINATIONS.filter(([, d]) => d === 'snowflake')) assert.equal(adminApiCurl(validDesign(identity, 'snowflake')), undefined);
  });
});

describe('adminApiCurl: run against stub curl and jq', () => {
  it('Anthropic: issuer, service account and rule, in order; ids flow into the rule; bodies as designed', () => {
    const m = validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01abc' });
    const { status, stderr, calls } = run(adminApiCurl(m)!, { ANTHROPIC_ADMIN_TOKEN: 'token-from-the-environment' });
    assert.equal(status, 0, stderr);
    const posts = calls.filter((c) => c.tool === 'curl');
    assert.deepEqual(posts.map((c) => c.args.find((a) => a.startsWith('https://'))), [
      'https://api.anthropic.com/v1/organizations/federation_issuers',
      'https://api.anthropic.com/v1/organizations/service_accounts',
      'https://api.anthropic.com/v1/organizations/federation_rules',
    ]);
    for (const c of posts) {
      assert.ok(c.args.includes('Authorization: Bearer token-from-the-environment'), 'the token is read from the environment');
      assert.ok(c.args.includes('anthropic-version: 2023-06-01'));
    }
    const designed = destinationValue(m);
    assert.deepEqual(JSON.parse(posts[0]!.stdin), designed.federation_issuers[0]);
    assert.deepEqual(JSON.parse(posts[1]!.stdin), designed.service_accounts[0]);
    const rule = JSON.parse(posts[2]!.stdin);
    assert.equal(rule.issuer_id, 'id_of_federation_issuers', 'the issuer\'s id from its create response');
    assert.equal(rule.target.service_account_id, 'id_of_service_accounts');
    assert.deepEqual({ ...rule, issuer_id: designed.federation_rules[0].issuer_id, target: designed.federation_rules[0].target }, designed.federation_rules[0]);
  });

  it('OpenAI: the provider, then its mapping under the provider\'s id', () => {
    const m = validDesign('github-actions', 'openai', { workspace: 'proj_abc', pins: { serviceAccountId: 'sa_123' } });
    const { status, stderr, calls } = run(adminApiCurl(m)!, { OPENAI_ADMIN_KEY: 'key-from-the-environment' });
    assert.equal(status, 0, stderr);
    const posts = calls.filter((c) => c.tool === 'curl');
    assert.deepEqual(posts.map((c) => c.args.find((a) => a.startsWith('https://'))), [
      'https://api.openai.com/v1/organization/workload_identity_providers',
      'https://api.openai.com/v1/organization/workload_identity_providers/id_of_workload_identity_providers/federation_rules',
    ]);
    for (const c of posts) assert.ok(c.args.includes('Authorization: Bearer key-from-the-environment'));
    const { federation_rules: mappings, ...provider } = destinationValue(m).workload_identity_providers[0];
    assert.deepEqual(JSON.parse(posts[0]!.stdin), provider);
    assert.deepEqual(JSON.parse(posts[1]!.stdin), mappings[0]);
  });

  for (const destination of ['anthropic', 'openai'] as const) {
    it(`${destination}: $(...), backticks and \${...} in a designed value stay literal`, () => {
      const subject = hostile(destination);
      const m = validDesign('oidc', destination, { pins: { subject } });
      const script = adminApiCurl(m)!;
      bashSyntaxOk(script);
      const { status, stderr, calls } = run(script, { ANTHROPIC_ADMIN_TOKEN: 't', OPENAI_ADMIN_KEY: 'k', HOME: '/home/nobody' });
      assert.equal(status, 0, stderr);
      assert.equal(existsSync(marker(`${destination}-dollar`)), false, '$(...) was run');
      assert.equal(existsSync(marker(`${destination}-backtick`)), false, 'a backtick was run');
      const bodies = calls.filter((c) => c.tool === 'curl').map((c) => JSON.parse(c.stdin));
      const arrived = destination === 'anthropic'
        ? bodies.find((b) => b.match)?.match.subject_prefix
        : bodies.find((b) => b.attribute_matchers)?.attribute_matchers.sub;
      assert.equal(arrived, subject, 'the value reaches the API byte for byte');
    });
  }

  it('the check above can fail: the same script with unquoted heredocs runs the value', () => {
    const script = adminApiCurl(validDesign('oidc', 'anthropic', { pins: { subject: hostile('control') } }))!.replace(/<<'JSON'/g, '<<JSON');
    run(script, { ANTHROPIC_ADMIN_TOKEN: 't' });
    assert.equal(existsSync(marker('control-dollar')), true, 'an unquoted heredoc expands $(...)');
    assert.equal(existsSync(marker('control-backtick')), true, 'and backticks');
  });

  for (const destination of ['anthropic', 'openai'] as const) {
    it(`${destination}: a line break in a name cannot end a comment and start a command`, () => {
      const name = `ci-deployer\ntouch ${marker(`${destination}-newline`)}\n#`;
      const script = adminApiCurl({ ...validDesign('github-actions', destination), serviceAccount: name })!;
      bashSyntaxOk(script);
      assert.doesNotMatch(script, /^touch /m);
      const { status, stderr, calls } = run(script, { ANTHROPIC_ADMIN_TOKEN: 't', OPENAI_ADMIN_KEY: 'k' });
      assert.equal(status, 0, stderr);
      assert.equal(existsSync(marker(`${destination}-newline`)), false, 'the name was run as a command');
      const bodies = calls.filter((c) => c.tool === 'curl').map((c) => JSON.parse(c.stdin));
      assert.ok(bodies.some((b) => b.name === name), 'the name itself reaches the API unchanged');
    });
  }
});
