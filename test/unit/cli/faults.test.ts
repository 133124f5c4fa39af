// `keyless scan` and `keyless check` under file-system faults (issue #9): a directory or a file that cannot be read,
// symbolic link loops, a dangling link, named pipes, files that disappear or turn into something else between the walk
// and the read, and one file reached twice. Each fault is reported once (in text, JSON and SARIF), the rest of the tree
// is still read, the exit code is the one a run without the fault would have, and nothing hangs.
//
// The CLI runs as a child process, so a read that blocks (a named pipe opened for reading waits for a writer for ever)
// fails the test by its time limit instead of freezing the test runner. The child is this very bundle: run with
// KEYLESS_FAULTS_CLI set, it is the `keyless` command (src/cli/main.ts) instead of a test file. (dist/cli.js is
// shared by everyone working in the tree and is not rebuilt by the test build, so the tests do not depend on it.) To
// make a file disappear after the walk found it and before it is read, the child replaces fs.readdirSync with one
// that, after listing a given directory, deletes an entry or turns it into a directory or a named pipe: the walk
// sees the file, the read does not.
//
// Root reads files whatever their modes, so as root (CI) the child runs as uid/gid 65534 through setpriv (util-linux);
// the bundle is copied into the temporary directory for that user to read. Keys are assembled from fragments.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { keys } from '../../../src/core/secrets/samples';

/** What the child is asked: the command line, and the entries to change once their directory has been listed. */
interface ChildTask {
  readonly args: readonly string[];
  readonly faults: readonly Fault[];
}
interface Fault {
  /** Absolute path of the entry. */
  readonly path: string;
  readonly into: 'gone' | 'directory' | 'pipe';
}

const CHILD = process.env.KEYLESS_FAULTS_CLI;
if (CHILD !== undefined) runAsCli(JSON.parse(CHILD) as ChildTask);
else faultTests();

function runAsCli(task: ChildTask): void {
  // the module object every bundled `import * as fs` reads its functions from
  const nodeFs = createRequire(__filename)('node:fs') as typeof import('node:fs');
  const list = nodeFs.readdirSync;
  const pending = [...task.faults];
  const afterListing = function (this: unknown, ...args: unknown[]): unknown {
    const entries = (list as (...a: unknown[]) => unknown).apply(this, args);
    const dir = resolve(String(args[0]));
    for (let i = pending.length - 1; i >= 0; i--) {
      const f = pending[i]!;
      if (resolve(f.path, '..') !== dir) continue;
      pending.splice(i, 1);
      unlinkSync(f.path);
      if (f.into === 'directory') mkdirSync(f.path);
      else if (f.into === 'pipe') execFileSync('mkfifo', [f.path]);
    }
    return entries;
  };
  Object.defineProperty(nodeFs, 'readdirSync', { value: afterListing, writable: true, configurable: true });
  void main([...task.args]).then((code) => {
    if (pending.length) {
      process.stderr.write(`faults not applied (their directory was never listed): ${pending.map((f) => f.path).join(', ')}\n`);
      code = 99;
    }
    process.exitCode = code;
  });
}

function faultTests(): void {
  const AUDIENCE_ONLY = JSON.stringify({
    name: 'ci',
    issuer_id: 'fdis_01SDCCSbTxrXDpWc1phhtcfK',
    match: { audience: 'https://api.anthropic.com' },
    target: { type: 'service_account', service_account_id: 'svac_01SDCCSbTxrXDpWc1phhtcfK' },
    workspace_id: 'wrkspc_01SDCCSbTxrXDpWc1phhtcfK',
    oauth_scope: 'workspace:inference',
  }, null, 2);
  const key = keys.anthropic('api03', 'faults');
  const SETPRIV = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  const CHILD_TIME_LIMIT = 20_000;

  let base: string;
  let cli: string;
  /** The command prefix that makes modes deny reads ([] when they do already), or why none could be found. */
  let runner: { prefix: readonly string[] } | { error: string };

  /** A file with mode 000 that this process, then a child under setpriv, try to read. */
  function findRunner(): { prefix: readonly string[] } | { error: string } {
    const probe = join(base, 'probe');
    writeFileSync(probe, 'x');
    chmodSync(probe, 0);
    try {
      readFileSync(probe);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EACCES') return { prefix: [] };
    }
    if (process.getuid?.() !== 0) return { error: 'a file with mode 000 is readable to this process, which is not root (a capability such as CAP_DAC_OVERRIDE?): setpriv cannot drop that, so permission errors cannot be produced' };
    const r = spawnSync(SETPRIV[0]!, [...SETPRIV.slice(1), process.execPath, '-e', `require('fs').readFileSync(${JSON.stringify(probe)})`], { encoding: 'utf8', timeout: CHILD_TIME_LIMIT });
    if (r.error) return { error: `running as root, where file modes do not deny reads, and setpriv (util-linux) cannot be run to drop to uid 65534: ${r.error.message}` };
    if (r.status === 0) return { error: 'as uid 65534 under setpriv, a file with mode 000 is still readable: permission errors cannot be produced' };
    if (!r.stderr.includes('EACCES')) return { error: `setpriv could not run ${process.execPath} as uid 65534 (is it readable and executable by that user?): ${r.stderr.trim().split('\n')[0]}` };
    return { prefix: SETPRIV };
  }

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'keyless-faults-'));
    chmodSync(base, 0o755); // mkdtemp makes it 0700; the unprivileged child has to get in
    mkdirSync(join(base, 'cli'));
    chmodSync(join(base, 'cli'), 0o755); // explicit modes throughout: the umask may be 077
    cli = join(base, 'cli', 'keyless.js');
    copyFileSync(__filename, cli);
    chmodSync(cli, 0o644);
    runner = findRunner();
  });
  /** Paths given mode 000, opened up again before the trees are removed (only root can remove what is inside them). */
  const sealed: string[] = [];
  after(() => {
    for (const p of sealed) chmodSync(p, 0o755);
    rmSync(base, { recursive: true, force: true });
  });

  type Entry = string | { link: string } | { mode: number; content?: string; dir?: boolean } | 'pipe';

  /** A fresh tree for one run (runs change their trees): relative path -> content, link target, mode, or kind. */
  function tree(entries: Record<string, Entry>): string {
    const root = mkdtempSync(join(base, 'tree-'));
    chmodSync(root, 0o755);
    const modes: [string, number][] = [];
    for (const [rel, e] of Object.entries(entries)) {
      const p = join(root, rel);
      for (let d = resolve(p, '..'); d !== root; d = resolve(d, '..')) {
        mkdirSync(d, { recursive: true });
        chmodSync(d, 0o755);
      }
      if (e === 'pipe') execFileSync('mkfifo', [p]);
      else if (typeof e === 'string') {
        writeFileSync(p, e);
        chmodSync(p, 0o644);
      } else if ('link' in e) symlinkSync(e.link, p);
      else {
        if (e.dir) mkdirSync(p, { recursive: true });
        else writeFileSync(p, e.content ?? '');
        modes.push([p, e.mode]);
      }
    }
    // modes last, deepest first: a directory's own mode must not stop its entries being made
    for (const [p, m] of modes.reverse()) {
      chmodSync(p, m);
      sealed.push(p);
    }
    return root;
  }

  interface Run {
    readonly code: number | null;
    readonly out: string;
    readonly err: string;
  }

  function runCli(cwd: string, args: readonly string[], faults: readonly Fault[] = []): Promise<Run> {
    const prefix = 'prefix' in runner ? runner.prefix : [];
    const command = [...prefix, process.execPath, cli];
    const env: NodeJS.ProcessEnv = { ...process.env, KEYLESS_FAULTS_CLI: JSON.stringify({ args, faults } satisfies ChildTask), NO_COLOR: '1' };
    delete env.NODE_TEST_CONTEXT; // the child is not a test file of this run
    return new Promise((done, fail) => {
      const child = spawn(command[0]!, command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`keyless ${args.join(' ')} did not finish within ${CHILD_TIME_LIMIT / 1000} s (a blocked read?); output so far:\n${out}${err}`));
      }, CHILD_TIME_LIMIT);
      child.on('error', (e) => {
        clearTimeout(timer);
        fail(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, out, err });
      });
    });
  }

  function needsUnreadable(): void {
    if ('error' in runner) assert.fail(`cannot test permission errors: ${runner.error}`);
  }

  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** Mentions of a path as a whole (not as part of a longer path or name). */
  const mentions = (text: string, p: string) => (text.match(new RegExp(`(?<![\\w./-])${escape(p)}(?![\\w./-])`, 'g')) ?? []).length;

  type Command = 'scan' | 'check';
  interface Expected {
    /** Every path the run reports as skipped, with its reason: nothing else is reported. */
    readonly skipped: Record<string, string>;
    readonly code: number;
    /** Files scanned (scan) or checked (check). */
    readonly read: number;
    /** Paths that must never be shown (reached twice, or through a link). */
    readonly unseen?: readonly string[];
  }

  /** Runs the command in text, JSON and SARIF (each on a fresh tree) and checks what each says about the faults. */
  async function expectRuns(command: Command, make: () => { root: string; faults?: Fault[] }, args: readonly string[], want: Expected): Promise<void> {
    const run = async (format: string) => {
      const { root, faults } = make();
      const r = await runCli(root, [command, '--format', format, ...args], faults);
      assert.equal(r.err, '', `${command} --format ${format}: nothing on standard error`);
      assert.equal(r.code, want.code, `${command} --format ${format}: exit code\n${r.out}`);
      assert.ok(!r.out.includes(key), `${command} --format ${format}: the output holds a whole key`);
      for (const p of want.unseen ?? []) assert.equal(mentions(r.out, p), 0, `${command} --format ${format}: ${p} is never shown\n${r.out}`);
      return r.out;
    };
    const [text, json, sarif] = await Promise.all([run('text'), run('json'), run('sarif')]);
    const expected = Object.entries(want.skipped).map(([f, m]) => `${f}: ${m}`).sort();

    // text: one `skipped PATH: REASON` line per fault, and no other mention of the path
    assert.deepEqual(text.split('\n').filter((l) => l.startsWith('skipped ')).map((l) => l.slice('skipped '.length)).sort(), expected, `${command} text:\n${text}`);
    for (const p of Object.keys(want.skipped)) assert.equal(mentions(text, p), 1, `${command} text mentions ${p} once:\n${text}`);
    const noun = command === 'scan' ? 'scanned' : 'checked';
    assert.match(text, new RegExp(`\\b${want.read} files? ${noun}\\b`), `${command} text: files ${noun}\n${text}`);

    // JSON: the skipped list
    const j = JSON.parse(json) as { skipped: { file: string; message: string }[]; summary: Record<string, number>; keys?: { file: string; line: number; column: number; detectorId: string }[]; findings?: { file: string; line: number; column: number; ruleId: string }[] };
    assert.deepEqual(j.skipped.map((s) => `${s.file}: ${s.message}`).sort(), expected, `${command} JSON skipped`);
    assert.equal(command === 'scan' ? j.summary.filesScanned : j.summary.filesChecked, want.read, `${command} JSON: files ${noun}`);
    const located = (j.keys ?? j.findings ?? []).map((f) => `${f.file}:${f.line}:${f.column} ${'detectorId' in f ? f.detectorId : f.ruleId}`);
    assert.equal(new Set(located).size, located.length, `${command} JSON: no finding reported twice\n${located.join('\n')}`);

    // SARIF: one tool execution notification per fault, the run still successful
    interface Notification {
      readonly message: { readonly text: string };
      readonly locations: readonly { readonly physicalLocation: { readonly artifactLocation: { readonly uri: string } } }[];
    }
    const s = JSON.parse(sarif) as { runs: { invocations?: { executionSuccessful: boolean; toolExecutionNotifications: Notification[] }[] }[] };
    const invocation = s.runs[0]!.invocations?.[0];
    assert.ok(invocation, `${command} SARIF: an invocation`);
    assert.equal(invocation.executionSuccessful, true);
    const notifications: readonly Notification[] = invocation.toolExecutionNotifications;
    assert.deepEqual(notifications.map((n) => n.message.text).sort(), expected, `${command} SARIF notifications`);
    for (const p of Object.keys(want.skipped)) {
      const about = notifications.filter((n) => n.locations.some((l) => l.physicalLocation.artifactLocation.uri === encodeURI(p)));
      assert.equal(about.length, 1, `${command} SARIF: one notification locates ${p}`);
    }
  }

  const COMMANDS: readonly Command[] = ['scan', 'check'];
  const TIME_LIMIT = { timeout: 3 * CHILD_TIME_LIMIT };

  describe('keyless scan / check under file-system faults', { skip: process.platform === 'win32' ? 'POSIX file modes, symbolic links and named pipes' : false }, () => {
    for (const command of COMMANDS) {
      it(`${command}: a directory and a file it cannot read are reported once each; the rest is read; exit 1 with findings`, TIME_LIMIT, async () => {
        needsUnreadable();
        const make = () => ({
          root: tree({
            'rule.json': AUDIENCE_ONLY,
            'creds.env': `ANTHROPIC_API_KEY=${key}\n`,
            'open/ok.json': '{"greeting": "hello"}\n',
            'locked/inner.json': AUDIENCE_ONLY,
            locked: { mode: 0o000, dir: true },
            'sealed.json': { mode: 0o000, content: AUDIENCE_ONLY },
          }),
        });
        await expectRuns(command, make, ['.'], { skipped: { locked: 'permission denied', 'sealed.json': 'permission denied' }, code: 1, read: 3, unseen: ['locked/inner.json'] });
      });

      it(`${command}: the same faults without findings elsewhere: exit 0`, TIME_LIMIT, async () => {
        needsUnreadable();
        const make = () => ({
          root: tree({
            'notes.json': '{"greeting": "hello"}\n',
            'locked/inner.json': AUDIENCE_ONLY,
            locked: { mode: 0o000, dir: true },
            'sealed.json': { mode: 0o000, content: AUDIENCE_ONLY },
          }),
        });
        // named on the command line as well: still one report each
        await expectRuns(command, make, ['.', 'locked', 'sealed.json'], { skipped: { locked: 'permission denied', 'sealed.json': 'permission denied' }, code: 0, read: 1 });
      });

      it(`${command}: link loops, a dangling link and named pipes are never followed into a hang; a file reached twice is read once`, TIME_LIMIT, async () => {
        const make = () => ({
          root: tree({
            'rule.json': AUDIENCE_ONLY,
            'creds.env': `ANTHROPIC_API_KEY=${key}\n`,
            'sub/real.json': AUDIENCE_ONLY,
            'sub/up': { link: '..' }, // a directory link to an ancestor
            'self-loop': { link: 'self-loop' },
            'dangling.json': { link: 'missing-target.json' },
            'pipe.json': 'pipe',
            'pipe-link.json': { link: 'pipe.json' },
            'alias.json': { link: 'sub/real.json' },
          }),
        });
        // inside directories, links and pipes are passed over without a word; named on the command line, each is
        // reported, except the link to an ancestor (walked already) and the link to a file found in its directory
        await expectRuns(command, make, ['.', 'sub/up', 'self-loop', 'dangling.json', 'pipe.json', 'pipe-link.json', 'alias.json', 'sub'], {
          skipped: { 'self-loop': 'symbolic link loop', 'dangling.json': 'broken symbolic link', 'pipe.json': 'a named pipe; not read', 'pipe-link.json': 'a named pipe; not read' },
          code: 1,
          read: 3,
          unseen: ['alias.json', 'sub/up', 'missing-target.json'],
        });
      });

      it(`${command}: a link to a file named before its directory is read once, shown by the name given`, TIME_LIMIT, async () => {
        const content = command === 'scan' ? JSON.stringify({ api_key: key }) : AUDIENCE_ONLY; // a finding for each command
        const make = () => ({ root: tree({ 'sub/real.json': content, 'alias.json': { link: 'sub/real.json' } }) });
        await expectRuns(command, make, ['alias.json', 'sub', '.'], { skipped: {}, code: 1, read: 1, unseen: ['sub/real.json'] });
      });

      it(`${command}: nothing named can be read: exit 2, each reason once; a named directory with nothing readable in it is a normal run`, TIME_LIMIT, async () => {
        needsUnreadable();
        const make = () => ({ root: tree({ 'locked/inner.json': AUDIENCE_ONLY, locked: { mode: 0o000, dir: true }, 'pipe.json': 'pipe' }) });
        const r = await runCli(make().root, [command, 'locked', 'pipe.json', './pipe.json']);
        assert.equal(r.code, 2, r.out + r.err);
        assert.equal(r.out, '');
        assert.equal(r.err, 'keyless: locked: permission denied\npipe.json: a named pipe; not read\n');
        // the directory itself was read: what is below it is skipped, and the run reports as usual
        await expectRuns(command, make, ['.', 'pipe.json'], { skipped: { locked: 'permission denied', 'pipe.json': 'a named pipe; not read' }, code: 0, read: 0 });
      });

      it(`${command}: files that disappear, or turn into a directory or a named pipe, after the walk found them`, TIME_LIMIT, async () => {
        const make = () => {
          const root = tree({
            'rule.json': AUDIENCE_ONLY,
            'creds.env': `ANTHROPIC_API_KEY=${key}\n`,
            'race/steady.json': '{"greeting": "hello"}\n',
            'race/vanish.json': AUDIENCE_ONLY,
            'race/morph.json': AUDIENCE_ONLY,
            'race/trap.json': AUDIENCE_ONLY,
          });
          chmodSync(join(root, 'race'), 0o777); // the child (perhaps uid 65534) changes its entries
          const at = (name: string) => join(root, 'race', name);
          return { root, faults: [{ path: at('vanish.json'), into: 'gone' }, { path: at('morph.json'), into: 'directory' }, { path: at('trap.json'), into: 'pipe' }] satisfies Fault[] };
        };
        await expectRuns(command, make, ['.'], {
          skipped: {
            'race/vanish.json': 'disappeared while it was being read',
            'race/morph.json': 'no longer a file (now a directory); not read',
            'race/trap.json': 'no longer a file (now a named pipe); not read',
          },
          code: 1,
          read: 3,
        });
      });
    }
  });
}
