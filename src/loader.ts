// The extension's entry point: loads the real bundle (keyless.js, next to this file) through V8's code cache, so a
// window that activates Keyless does not compile ~500 KB of JavaScript again. Compiling the bundle is most of the
// cost of activation; with the cache V8 deserialises the code it compiled last time instead, including the functions
// the first check ran. The cache lives in the extension's global storage, one file per build of the bundle (named by
// its length and modification time); V8 also rejects a cache made by another V8 or with other flags (then it is rebuilt).
//
// Whatever goes wrong here (no storage, unreadable or corrupt cache, a full disk) only costs speed: the bundle is then
// loaded with a plain require().
import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type * as vscode from 'vscode';

declare const KEYLESS_VERSION: string;

type Extension = typeof import('./extension');

/** When the cache is written: after activation has had time to compile the code the first diagnostics need. */
export const CACHE_WRITE_DELAY_MS = 3000;

let loaded: Extension | undefined;

export function activate(context: vscode.ExtensionContext): ReturnType<Extension['activate']> {
  const storage = context.globalStorageUri?.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  loaded ??= loadBundle<Extension>(path.join(__dirname, 'keyless.js'), storage, KEYLESS_VERSION, CACHE_WRITE_DELAY_MS).exports;
  return loaded.activate(context);
}

export function deactivate(): void {
  loaded?.deactivate();
}

export interface Loaded<T> {
  readonly exports: T;
  /** How the code was compiled: from the cache, compiled afresh (a cache is written later), or by plain require(). */
  readonly via: 'cache' | 'compiled' | 'require';
  /** Settles once the cache is written (or was not needed, or could not be written). */
  readonly cacheWritten: Promise<void>;
}

/** Loads a CommonJS bundle through V8's code cache kept in `storage` (no cache without storage). */
export function loadBundle<T>(bundle: string, storage: string | undefined, version: string, writeDelayMs: number): Loaded<T> {
  const plain = (): Loaded<T> => ({ exports: require(bundle) as T, via: 'require', cacheWritten: Promise.resolve() });
  if (!storage) return plain();
  let source: string;
  try {
    source = readFileSync(bundle, 'utf8');
  } catch {
    return plain();
  }
  // V8 checks a cache against the source's length only (a same-length build would run the old code): the name
  // carries the file's modification time too, so another build never finds this cache (hashing the source would
  // cost more than the cache saves on a slow machine's first activation)
  let stamp: string;
  try {
    stamp = `${source.length}-${Math.trunc(statSync(bundle).mtimeMs)}`;
  } catch {
    return plain();
  }
  const cacheFile = path.join(storage, `${path.basename(bundle, '.js')}-${version}-${stamp}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    /* first activation of this version */
  }
  let script: vm.Script;
  const module = { exports: {} as T };
  try {
    // the same wrapper Node puts around a CommonJS module; `require` is this module's, so `require('vscode')` in the
    // bundle resolves as the editor expects for a file of this extension
    script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
    (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, require, module, bundle, path.dirname(bundle));
  } catch {
    return plain();
  }
  if (cachedData && !script.cachedDataRejected) return { exports: module.exports, via: 'cache', cacheWritten: Promise.resolve() };
  const cacheWritten = new Promise<void>((resolve) => {
    const timer = setTimeout(() => void writeCache(script, storage, cacheFile).then(resolve), writeDelayMs);
    timer.unref?.();
  });
  return { exports: module.exports, via: 'compiled', cacheWritten };
}

async function writeCache(script: vm.Script, storage: string, cacheFile: string): Promise<void> {
  try {
    const data = script.createCachedData();
    await fs.mkdir(storage, { recursive: true });
    // older caches of this bundle are of no use any more
    const prefix = `${path.basename(cacheFile).split('-')[0]}-`;
    for (const name of await fs.readdir(storage)) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache') && path.join(storage, name) !== cacheFile) await fs.rm(path.join(storage, name), { force: true });
    }
    const temp = `${cacheFile}.${process.pid}.tmp`;
    await fs.writeFile(temp, data);
    await fs.rename(temp, cacheFile); // whole or not at all: a reader never sees half a cache
  } catch {
    /* speed only */
  }
}
