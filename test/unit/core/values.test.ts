// Values read from and written into documents stay what they are: a key named `__proto__` is data, and a string
// that some YAML reader would take for a number is written quoted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatScalar } from '../../../src/core/edit';
import { parseStructured } from '../../../src/core/parse';
import { toValue } from '../../../src/core/tree';

describe('toValue', () => {
  it('keeps a key named __proto__ as an ordinary key, without touching the prototype', () => {
    for (const text of ['{"__proto__": {"polluted": true}, "a": 1}', '__proto__:\n  polluted: true\na: 1\n']) {
      const value = toValue(parseStructured(text).documents[0]!.root) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.deepEqual(Object.keys(value), ['__proto__', 'a']);
      assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { polluted: true });
      assert.equal((value as { polluted?: unknown }).polluted, undefined);
    }
  });
});

describe('formatScalar', () => {
  it('quotes strings a YAML reader takes for numbers, and round-trips every one as a string', () => {
    for (const s of ['_0', '1_000', '0x_ff', '0b101', '12', '1.5', '.5', 'true', 'null', '~']) {
      const written = formatScalar(s);
      assert.notEqual(written, s, `${s} is quoted`);
      assert.equal(toValue(parseStructured(`v: ${written}\n`).documents[0]!.root) && (toValue(parseStructured(`v: ${written}\n`).documents[0]!.root) as { v: unknown }).v, s);
    }
  });

  it('leaves plain words plain', () => {
    for (const s of ['acme', 'repo:acme/app', 'https://api.anthropic.com', 'a_b', 'v1_2']) assert.equal(formatScalar(s), s);
  });
});
