// Reading a walked file for the CLI: size limit, binary detection, a BOM dropped (columns as editors count them),
// and I/O errors as one-line reasons. Shared by `keyless check` (async) and `keyless scan` (synchronous, into a
// reused buffer: a workspace scan reads tens of thousands of small files, and per-file promises, file handles and
// buffers cost more than the reads).
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';

export type ReadResult =
  | { readonly kind: 'text'; readonly text: string; readonly bom: boolean }
  | { readonly kind: 'binary' }
  | { readonly kind: 'skipped'; readonly reason: string };

const BINARY: ReadResult = { kind: 'binary' };

/** What a path that is not a regular file is, for a reason: "a directory", "a named pipe", … */
export function kindOf(st: fs.Stats): string {
  return st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'a special file';
}

/**
 * A failed file system call as a short reason, without the path (the caller shows it) and never with content:
 * `gone` is what a missing path means where the call was made.
 */
export function ioReason(e: unknown, gone = 'no such file or directory'): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
    case 'ENOTDIR':
      return gone;
    case 'ELOOP':
      return 'symbolic link loop';
    default:
      // Node's message without the ", open '/the/path'" it ends with
      return String(err.message ?? e).replace(/, \w+ '.*$/s, '');
  }
}

/** What a path found by the walk and missing when read is reported as. */
export const DISAPPEARED = 'disappeared while it was being read';

/** A walked file found to be something else when read (replaced by a directory, a named pipe…). */
const changedInto = (kind: string): string => `no longer a file (now ${kind}); not read`;
const notAFile = (st: fs.Stats): ReadResult => ({ kind: 'skipped', reason: changedInto(kindOf(st)) });

function failure(e: unknown): ReadResult {
  const code = (e as NodeJS.ErrnoException).code;
  return { kind: 'skipped', reason: code === 'EISDIR' ? changedInto('a directory') : ioReason(e, DISAPPEARED) };
}

/**
 * Files are opened without blocking: opening a named pipe (a file replaced by one after the walk found it) would
 * otherwise wait for a writer for ever. On a regular file the flag changes nothing. (Not defined on Windows.)
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** looksBinary's rule (core/candidates.ts: a NUL in the first 8 KiB), with Buffer's native search (ten times faster). */
const looksBinary = (bytes: Buffer): boolean => bytes.subarray(0, 8192).indexOf(0) !== -1;

function decode(bytes: Buffer): ReadResult {
  if (looksBinary(bytes)) return BINARY;
  // most source files are ASCII: decoded as Latin-1 (the same string, a third faster than the UTF-8 decoder)
  if (isAscii(bytes)) return { kind: 'text', text: bytes.toString('latin1'), bom: false };
  const text = bytes.toString('utf8');
  const bom = text.charCodeAt(0) === 0xfeff;
  return { kind: 'text', text: bom ? text.slice(1) : text, bom };
}

export async function readTextFile(absolute: string, maxBytes: number, tooLarge: string): Promise<ReadResult> {
  let bytes: Buffer;
  let handle: fs.promises.FileHandle | undefined;
  try {
    // the size and kind from the open file, so what is read is what was asked about
    handle = await fs.promises.open(absolute, OPEN_FLAGS);
    const st = await handle.stat();
    if (!st.isFile()) return notAFile(st);
    if (st.size > maxBytes) return { kind: 'skipped', reason: tooLarge };
    bytes = await handle.readFile();
  } catch (e) {
    return failure(e);
  } finally {
    await handle?.close().catch(() => undefined);
  }
  return decode(bytes);
}

/** A buffer reused from one read to the next (it grows to the largest file read). */
export class ReadBuffer {
  bytes = Buffer.allocUnsafe(64 * 1024);
}

/**
 * `readTextFile` without the event loop: open, read to the end into `into`, close. The size is asked (fstat) only
 * when the buffer fills, to refuse a file over the limit without reading all of it: fs.fstatSync builds a Stats object
 * with four Dates, which costs more than the read that finds the end of a small file.
 */
export function readTextFileSync(absolute: string, maxBytes: number, tooLarge: string, into = new ReadBuffer()): ReadResult {
  let fd = -1;
  let n = 0;
  try {
    fd = fs.openSync(absolute, OPEN_FLAGS);
    for (;;) {
      if (n === into.bytes.length) {
        const size = fs.fstatSync(fd).size;
        if (size > maxBytes) return { kind: 'skipped', reason: tooLarge };
        const bigger = Buffer.allocUnsafe(Math.max(size + 1, 2 * into.bytes.length));
        into.bytes.copy(bigger, 0, 0, n);
        into.bytes = bigger;
      }
      const k = fs.readSync(fd, into.bytes, n, into.bytes.length - n, null);
      if (k === 0) {
        // nothing at all: an empty file, or a named pipe without a writer (asked only then: empty files are few)
        if (n === 0) {
          const st = fs.fstatSync(fd);
          if (!st.isFile()) return notAFile(st);
        }
        break;
      }
      n += k;
      if (n > maxBytes) return { kind: 'skipped', reason: tooLarge };
    }
  } catch (e) {
    // EAGAIN: a named pipe with a writer and nothing written yet
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN' && fd >= 0) {
      try {
        const st = fs.fstatSync(fd);
        if (!st.isFile()) return notAFile(st);
      } catch {
        /* the reason below */
      }
    }
    return failure(e);
  } finally {
    if (fd >= 0) {
      try {
        fs.closeSync(fd);
      } catch {
        /* nothing to do: the bytes are read */
      }
    }
  }
  return decode(into.bytes.subarray(0, n));
}
