// The keyword prefilter: one Aho-Corasick automaton over every active detector's keywords, matched ASCII
// case-insensitively in a single pass over the text. The pass costs two table lookups per character whatever the
// number of keywords, so the scan is linear and the regexes only ever see lines that hold a keyword.

export interface Automaton {
  /** Character class of every UTF-16 code unit (0: a character no keyword contains). */
  readonly classOf: Uint8Array;
  readonly shift: number;
  /**
   * `row + class` -> the next state's row (`state << shift`), negative (bit 31 set) when that state ends a keyword.
   * Rows rather than state numbers save a shift per character in the pass.
   */
  readonly delta: Int32Array;
  /** Per state, the ids of the keywords that end there (including shorter ones through failure links). */
  readonly outputs: readonly (readonly number[])[];
  readonly lengths: readonly number[];
}

const MAX_STATES = 0x7fff;
const ROW = 0x7fffffff;

/** Keywords must be non-empty lower-case ASCII without line breaks. */
export function buildAutomaton(keywords: readonly string[]): Automaton {
  const classOf = new Uint8Array(65536);
  let classes = 1;
  for (const k of keywords) {
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      if (c >= 128 || c === 10 || c === 13 || (c >= 65 && c <= 90)) throw new Error(`keyword ${JSON.stringify(k)} must be lower-case ASCII`);
      if (classOf[c] === 0) classOf[c] = classes++;
    }
  }
  for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32]!;
  let shift = 1;
  while (1 << shift < classes) shift++;
  const width = 1 << shift;

  // trie
  const next: number[][] = [new Array<number>(width).fill(-1)];
  const out: number[][] = [[]];
  keywords.forEach((k, id) => {
    let s = 0;
    for (let i = 0; i < k.length; i++) {
      const cls = classOf[k.charCodeAt(i)]!;
      if (next[s]![cls]! < 0) {
        next[s]![cls] = next.length;
        next.push(new Array<number>(width).fill(-1));
        out.push([]);
      }
      s = next[s]![cls]!;
    }
    out[s]!.push(id);
  });
  if (next.length > MAX_STATES) throw new Error('too many keywords for the prefilter');

  // failure links by breadth-first search, completing the transition table as we go
  const fail = new Array<number>(next.length).fill(0);
  const queue: number[] = [];
  for (let c = 0; c < width; c++) {
    const t = next[0]![c]!;
    if (t < 0) next[0]![c] = 0;
    else queue.push(t);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    out[s]!.push(...out[fail[s]!]!);
    for (let c = 0; c < width; c++) {
      const t = next[s]![c]!;
      if (t < 0) next[s]![c] = next[fail[s]!]![c]!;
      else {
        fail[t] = next[fail[s]!]![c]!;
        queue.push(t);
      }
    }
  }

  const delta = new Int32Array(next.length * width);
  for (let s = 0; s < next.length; s++) {
    for (let c = 0; c < width; c++) {
      const t = next[s]![c]!;
      delta[(s << shift) | c] = (t << shift) | (out[t]!.length > 0 ? ~ROW : 0);
    }
  }
  return { classOf, shift, delta, outputs: out, lengths: keywords.map((k) => k.length) };
}

/**
 * Call `onHit(keywordId, start)` for every keyword occurrence, in order of where the occurrences end. A keyword never
 * spans a line break (no keyword holds one), so `start` and the end are on the same line.
 */
export function forEachKeyword(a: Automaton, text: string, onHit: (keyword: number, start: number) => void): void {
  const { classOf, delta, shift, outputs, lengths } = a;
  const n = text.length;
  for (let i = nextHit(classOf, delta, text, 0, 0); i < n; ) {
    const row = hitRow;
    const out = outputs[row >> shift]!;
    for (let j = 0; j < out.length; j++) onHit(out[j]!, i + 1 - lengths[out[j]!]!);
    i = nextHit(classOf, delta, text, i + 1, row);
  }
}

/** The row of the state after the character `nextHit` stopped at. */
let hitRow = 0;

/**
 * The automaton from `from` in the state of `row` up to the next character that ends a keyword: its index (the row
 * of the state after it in `hitRow`), or the text's length. The hot loop of the scan, kept apart from the calls made
 * on a hit: V8 compiles a loop with a call in it (even one taken only on a hit) to code about a third slower.
 */
function nextHit(classOf: Uint8Array, delta: Int32Array, text: string, from: number, row: number): number {
  const n = text.length;
  for (let i = from; i < n; i++) {
    const t = delta[row + classOf[text.charCodeAt(i)]!]!;
    row = t & ROW;
    if (t < 0) {
      hitRow = row;
      return i;
    }
  }
  return n;
}
