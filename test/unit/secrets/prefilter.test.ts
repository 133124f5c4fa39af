// The keyword prefilter against a plain search: every occurrence of every keyword, overlapping ones included, in any
// ASCII case, reported in order of where the occurrences end (fast-check over small alphabets, so keywords, their
// prefixes and their overlaps are frequent).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildAutomaton, forEachKeyword } from '../../../src/core/secrets/prefilter';

function naive(keywords: readonly string[], text: string): [number, number][] {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const hits: [number, number][] = [];
  for (let end = 1; end <= text.length; end++) {
    keywords.forEach((k, id) => {
      if (end >= k.length && lower.startsWith(k, end - k.length)) hits.push([id, end - k.length]);
    });
  }
  return hits;
}

function found(keywords: readonly string[], text: string): [number, number][] {
  const hits: [number, number][] = [];
  forEachKeyword(buildAutomaton(keywords), text, (k, start) => hits.push([k, start]));
  return hits;
}

const sortWithinEnd = (keywords: readonly string[], hits: [number, number][]): string[] =>
  hits.map(([k, s]) => `${s + keywords[k]!.length}:${s}:${k}`).sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]) || a.localeCompare(b));

describe('keyword prefilter', () => {
  it('finds what a plain search finds, in order of the ends', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'B', '-', '_', '\n', 'é', '~');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', '-', '_', '~'), minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.string({ unit: alphabet, maxLength: 300 }),
        (keywords, text) => {
          const got = found(keywords, text);
          const ends = got.map(([k, s]) => s + keywords[k]!.length);
          assert.deepEqual(ends, [...ends].sort((x, y) => x - y), 'hits in order of their ends');
          assert.deepEqual(sortWithinEnd(keywords, got), sortWithinEnd(keywords, naive(keywords, text)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hits at the very start and end, back to back, and across case', () => {
    const keywords = ['sk-', 'asia', 'sia', 'eyj'];
    assert.deepEqual(found(keywords, 'sk-ASIAsk-eyJ'), [[0, 0], [1, 3], [2, 4], [0, 7], [3, 10]]);
    assert.deepEqual(found(keywords, ''), []);
    assert.deepEqual(found(keywords, 'nothing here\n'), []);
  });
});
