import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, LineIndex, minimalEdit } from '../../../src/core/text';
import { GitignoreRules } from '../../../src/core/gitignore';

describe('text', () => {
  it('minimalEdit reproduces the target with the smallest replaced range', () => {
    for (const [a, b] of [['abcdef', 'abXdef'], ['abc', 'abc!'], ['abc', 'bc'], ['', 'x'], ['same', 'same'], ['aaaa', 'aa']] as const) {
      const e = minimalEdit(a, b);
      assert.equal(e ? applyEdits(a, [e]) : a, b);
    }
    assert.deepEqual(minimalEdit('key: 1\nx: 2\n', 'key: 1\ny: 2\n'), { span: { start: 7, end: 8 }, newText: 'y' });
  });

  it('LineIndex handles LF, CRLF and lone CR', () => {
    const t = 'a\r\nb\nc\rd';
    const li = new LineIndex(t);
    assert.equal(li.lineCount, 4);
    assert.deepEqual(li.positionAt(t.indexOf('d')), { line: 3, character: 0 });
    assert.equal(li.offsetAt({ line: 1, character: 0 }), t.indexOf('b'));
  });
});

describe('gitignore rules', () => {
  const rules = new GitignoreRules().add('', 'generated/\n*.log\n!keep.log\n').add('infra', 'secret-*.json\n/local\n');
  for (const [path, ignored] of [
    ['generated/rule.json', true],
    ['src/generated/rule.json', true],
    ['debug.log', true],
    ['keep.log', false],
    ['infra/secret-prod.json', true],
    ['secret-prod.json', false],
    ['infra/local/x.yaml', true],
    ['infra/sub/local/x.yaml', false],
    ['federation/rule.json', false],
  ] as const) {
    it(`${path} is ${ignored ? '' : 'not '}ignored`, () => assert.equal(rules.ignores(path), ignored));
  }
});
