// Reading a walked file for the CLI: size limit, binary detection, a BOM dropped (columns as editors count them),
// and I/O errors as one-line reasons. Shared by `keyless check` and `keyless scan`.
import { promises as fs } from 'node:fs';
import { looksBinary } from '../core/candidates';

export type ReadResult =
  | { readonly kind: 'text'; readonly text: string; readonly bom: boolean }
  | { readonly kind: 'binary' }
  | { readonly kind: 'skipped'; readonly reason: string };

export async function readTextFile(absolute: string, maxBytes: number, tooLarge: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const st = await fs.stat(absolute);
    if (st.size > maxBytes) return { kind: 'skipped', reason: tooLarge };
    bytes = await fs.readFile(absolute);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { kind: 'skipped', reason: code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'disappeared while it was being read' : (e as Error).message };
  }
  if (looksBinary(bytes)) return { kind: 'binary' };
  const text = bytes.toString('utf8');
  const bom = text.charCodeAt(0) === 0xfeff;
  return { kind: 'text', text: bom ? text.slice(1) : text, bom };
}
