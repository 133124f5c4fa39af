// Line helpers shared by the dotenv and Dockerfile readers. `\n`, `\r\n` and a lone `\r` all end a line.

export { lineEndAt, afterLineBreak as afterBreak } from '../text';

export function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Index of the first character at or after `i` that is not a space or a tab. */
export function skipBlanks(text: string, i: number): number {
  let k = i;
  while (k < text.length && isBlank(text.charCodeAt(k))) k++;
  return k;
}
