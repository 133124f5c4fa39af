import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadBundle } from '../../../src/loader';

// A child process loads the bundle: within one process V8 reuses what it compiled before whatever the cache says, so
// only a fresh process shows what the cache on disk does.
const CHILD = process.env.KEYLESS_LOADER_CHILD;
if (CHILD) {
  const { file, storage } = JSON.parse(CHILD) as { file: string; storage: string };
  const l = loadBundle<{ answer(): number }>(file, storage, '1.0.0', 0);
  const alive = setInterval(() => {}, 1000);
  void l.cacheWritten.then(() => {
    clearInterval(alive);
    console.log(JSON.stringify({ via: l.via, answer: l.exports.answer() }));
  });
}
const loadInChild = (file: string, storage: string): { via: string; answer: number } =>
  JSON.parse(execFileSync(process.execPath, [__filename], { env: { ...process.env, KEYLESS_LOADER_CHILD: JSON.stringify({ file, storage }) }, encoding: 'utf8' }).trim().split('\n').pop()!);

if (!CHILD) describe('loader: the bundle through V8 code cache', () => {
  let dir: string;
  let n = 0;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyless-loader-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // each test its own file name: require() caches modules by path
  function bundle(body = 'exports.answer = () => 41 + 1; exports.sep = require("node:path").sep; exports.file = __filename;'): string {
    const file = join(dir, `bundle${n++}.js`);
    writeFileSync(file, body);
    return file;
  }
  // the loader's write timer does not hold the process open (unref): the test does, while it waits
  async function written(l: { cacheWritten: Promise<void> }): Promise<void> {
    const alive = setInterval(() => {}, 1000);
    try {
      await l.cacheWritten;
    } finally {
      clearInterval(alive);
    }
  }
  const caches = (storage: string) => readdirSync(storage).filter((f) => f.endsWith('.v8cache'));

  it('compiles the first time, writes the cache, and loads from it the next time', () => {
    const file = bundle();
    const storage = join(dir, 'storage');
    assert.deepEqual(loadInChild(file, storage), { via: 'compiled', answer: 42 });
    assert.equal(caches(storage).length, 1);
    assert.deepEqual(loadInChild(file, storage), { via: 'cache', answer: 42 });
  });

  it('exports what the bundle exports, with its own __filename and a working require', async () => {
    const file = bundle();
    const l = loadBundle<{ answer(): number; sep: string; file: string }>(file, join(dir, 'storage'), '1.0.0', 0);
    assert.equal(l.exports.answer(), 42);
    assert.equal(l.exports.sep, '/');
    assert.equal(l.exports.file, file);
    await written(l);
  });

  it('a rebuilt bundle of the same length never runs the cached old code', () => {
    const file = bundle('exports.answer = () => 41 + 1;');
    const storage = join(dir, 'storage');
    assert.deepEqual(loadInChild(file, storage), { via: 'compiled', answer: 42 });
    writeFileSync(file, 'exports.answer = () => 41 + 2;'); // same length, other code, written later
    utimesSync(file, new Date(), new Date(Date.now() + 2000));
    assert.deepEqual(loadInChild(file, storage), { via: 'compiled', answer: 43 });
    assert.deepEqual(loadInChild(file, storage), { via: 'cache', answer: 43 });
    assert.equal(caches(storage).length, 1, 'the old build\'s cache is gone');
  });

  it('survives a corrupt cache: compiles again and replaces it', () => {
    const file = bundle();
    const storage = join(dir, 'storage');
    loadInChild(file, storage);
    const [name] = caches(storage);
    writeFileSync(join(storage, name!), 'not a V8 code cache');
    assert.deepEqual(loadInChild(file, storage), { via: 'compiled', answer: 42 });
    assert.deepEqual(loadInChild(file, storage), { via: 'cache', answer: 42 });
  });

  it('a new version replaces the old cache', async () => {
    const file = bundle();
    const storage = join(dir, 'storage');
    await written(loadBundle(file, storage, '1.0.0', 0));
    await written(loadBundle(file, storage, '1.1.0', 0));
    assert.deepEqual(caches(storage).map((f) => f.includes('-1.1.0-')), [true]);
  });

  it('without storage, or when the storage cannot be written, it is a plain require', async () => {
    const file = bundle();
    const plain = loadBundle<{ answer(): number }>(file, undefined, '1.0.0', 0);
    assert.equal(plain.via, 'require');
    assert.equal(plain.exports.answer(), 42);
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const noDir = loadBundle<{ answer(): number }>(bundle(), join(blocked, 'storage'), '1.0.0', 0);
    assert.equal(noDir.exports.answer(), 42);
    await written(noDir); // settles, writes nothing
  });

  it('a bundle that throws while loading throws as require() would', () => {
    assert.throws(() => loadBundle(bundle('throw new Error("broken bundle")'), join(dir, 'storage'), '1.0.0', 0), /broken bundle/);
  });
});
