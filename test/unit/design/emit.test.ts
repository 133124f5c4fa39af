// The designer's YAML and JSON writer: any JSON value reads back as itself through the checker's parser, and the
// shapes follow the demo documents (small flat maps inline, the rest as blocks).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Json, commentKey, toJson, toYaml, toYamlStream, yamlScalar } from '../../../src/core/design/emit';
import { parseStructured } from '../../../src/core/parse';
import { toValue } from '../../../src/core/tree';

type Obj = { [k: string]: Json };

/** What JSON keeps of a value (no -0, no undefined). */
const normal = (v: unknown) => JSON.parse(JSON.stringify(v)) as Obj;

function readBack(text: string): unknown[] {
  const parsed = parseStructured(text);
  assert.deepEqual(parsed.problems, [], text);
  return parsed.documents.map((d) => toValue(d.root));
}

/** Any JSON object, without `__proto__` keys (the located tree's plain objects cannot hold one). */
const objects = fc
  .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 })
  .map(normal)
  .filter((o) => !JSON.stringify(o).includes('"__proto__"'));

describe('emit', () => {
  it('YAML: any JSON object reads back as itself', () => {
    fc.assert(
      fc.property(objects, (o) => {
        assert.deepEqual(readBack(toYaml(o)), [o]);
      }),
      { numRuns: 500 },
    );
  });

  it('YAML: strings that look like something else stay strings', () => {
    const tricky = ['_0', '_1_0', 'True', 'NULL', 'true', 'No', 'on', 'null', '~', '0123', '1e3', '.inf', '-', '- x', 'a: b', 'a #b', '#x', '@x', '`x', '"q"', "it's", 'x:', ' lead', 'trail ',
      '{a}', '[a]', '*ref', '&anchor', '!tag', '%x', '|', '>', '?', ',', 'repo:acme/x:ref:refs/heads/main', 'line\nbreak', 'two\n\nblank\n', '\ttab', '', '${{ vars.X }}'];
    const o = Object.fromEntries(tricky.map((t, i) => [`k${i}`, t]));
    assert.deepEqual(readBack(toYaml({ ...o, list: tricky, map: o })), [{ ...o, list: tricky, map: o }]);
    assert.deepEqual(readBack(toYaml(Object.fromEntries(tricky.filter(Boolean).map((t) => [t, t])))), [Object.fromEntries(tricky.filter(Boolean).map((t) => [t, t]))]);
  });

  it('JSON: any JSON value reads back as itself', () => {
    fc.assert(fc.property(objects, (o) => assert.deepEqual(readBack(toJson(o)), [o])), { numRuns: 300 });
  });

  it('writes the demo documents\' shapes', () => {
    assert.equal(toYaml({ jwks: { type: 'discovery' }, target: { type: 'service_account', service_account_id: 'ci-deployer' } }),
      'jwks: { type: discovery }\ntarget: { type: service_account, service_account_id: ci-deployer }\n');
    assert.equal(toYaml({ match: { subject_prefix: 'repo:acme/x:ref:refs/heads/main' } }), 'match:\n  subject_prefix: repo:acme/x:ref:refs/heads/main\n', 'match is always a block');
    assert.equal(toYaml({ items: [{ a: 1, b: [1, 2] }] }), 'items:\n  - a: 1\n    b: [1, 2]\n');
    assert.equal(toYaml({ [commentKey('note')]: 'a comment', k: 'v' }, ['header']), '# header\n# a comment\nk: v\n');
    assert.equal(toJson({ [commentKey('note')]: 'dropped', k: 'v' }), '{\n  "k": "v"\n}\n', 'the top level is always a block');
    assert.equal(toJson({ Principal: { Federated: 'x' }, Action: 'sts:AssumeRole' }), '{\n  "Principal": { "Federated": "x" },\n  "Action": "sts:AssumeRole"\n}\n');
    assert.equal(toYamlStream([{ a: 1 }, { b: 2 }], ['c']), '# c\na: 1\n---\nb: 2\n');
    assert.equal(yamlScalar('claims["k"] == "v"'), '\'claims["k"] == "v"\'', 'CEL keeps its own quotes');
    assert.equal(yamlScalar('104892101234567890123'), '"104892101234567890123"', 'a numeric id stays a string');
  });
});
