// The designer's messages from the page: a webview is a page, and a page is not trusted. readPageMessage accepts each
// message type in the shape it has and nothing else; readTab falls back to the first tab.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newDesign } from '../../../src/core/design';
import { MAX_PASTED_TOKEN, type PageMessage, readPageMessage, readTab, TABS } from '../../../src/webview/designer/protocol';

const VALID: readonly PageMessage[] = [
  { type: 'ready' },
  { type: 'change', model: newDesign('github-actions', 'anthropic', 'ci-deployer'), seq: 1 },
  { type: 'token', input: { kind: 'sample' } },
  { type: 'token', input: { kind: 'pasted', jwt: 'header.payload.signature' } },
  { type: 'save', document: 'anthropic-manifest', mode: 'new' },
  { type: 'save', document: 'github-workflow', mode: 'existing' },
  { type: 'copy', document: 'workload-notes' },
  { type: 'copyCurl' },
  { type: 'openRule', ruleId: 'anthropic/subject-prefix-scope' },
  { type: 'inspected', id: 3, regions: { form: 'Repository acme/payments', findings: '' } },
];

describe('readPageMessage: valid messages', () => {
  for (const message of VALID) {
    it(`${message.type}${'input' in message ? ` (${message.input.kind})` : ''}${'mode' in message ? ` (${message.mode})` : ''}`, () => {
      // as it arrives: structured-cloned JSON
      assert.deepEqual(readPageMessage(JSON.parse(JSON.stringify(message))), message);
    });
  }

  it('every type of PageMessage is covered above', () => {
    assert.deepEqual([...new Set(VALID.map((m) => m.type))].sort(), ['change', 'copy', 'copyCurl', 'inspected', 'openRule', 'ready', 'save', 'token']);
  });

  it('a pasted token of exactly the longest length', () => {
    const jwt = 'a'.repeat(MAX_PASTED_TOKEN);
    assert.deepEqual(readPageMessage({ type: 'token', input: { kind: 'pasted', jwt } }), { type: 'token', input: { kind: 'pasted', jwt } });
  });

  it('change keeps its sequence number, which the host sends back with its views', () => {
    const model = newDesign('aws-sts', 'openai');
    assert.deepEqual(readPageMessage({ type: 'change', model, seq: 4711 }), { type: 'change', model, seq: 4711 });
    assert.deepEqual(readPageMessage({ type: 'change', model, seq: Number.MAX_SAFE_INTEGER }), { type: 'change', model, seq: Number.MAX_SAFE_INTEGER });
  });

  it('members a type does not have are dropped', () => {
    assert.deepEqual(readPageMessage({ type: 'ready', extra: '<script>' }), { type: 'ready' });
    assert.deepEqual(readPageMessage({ type: 'copyCurl', model: {} }), { type: 'copyCurl' });
    assert.deepEqual(readPageMessage({ type: 'token', input: { kind: 'sample', jwt: 'x.y.z' } }), { type: 'token', input: { kind: 'sample' } });
    assert.deepEqual(readPageMessage({ type: 'save', document: 'a', mode: 'new', path: '/etc/passwd' }), { type: 'save', document: 'a', mode: 'new' });
  });

  it('inspected: only string regions are kept', () => {
    const m = readPageMessage({ type: 'inspected', id: 1, regions: { a: 'text', b: 7, c: null, d: { x: 1 }, e: 'x'.repeat(1_000_001) } });
    assert.deepEqual(m, { type: 'inspected', id: 1, regions: { a: 'text' } });
  });

  it('inspected: a __proto__ region pollutes nothing', () => {
    const m = readPageMessage(JSON.parse('{"type":"inspected","id":2,"regions":{"__proto__":{"polluted":"yes"},"a":"b"}}'));
    assert.ok(m && m.type === 'inspected');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((m.regions as Record<string, unknown>).polluted, undefined);
  });
});

describe('readPageMessage: malformed messages', () => {
  const rejected: readonly [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ready'],
    ['a number', 1],
    ['an array', [{ type: 'ready' }]],
    ['no type', {}],
    ['a type that is not a string', { type: 1 }],
    ['an unknown type', { type: 'eval', code: '1' }],
    ['a host message', { type: 'init', state: {} }],
    ['an Object.prototype member as type', { type: 'toString' }],
    ['change without a model', { type: 'change' }],
    ['change with a model that is not an object', { type: 'change', model: 'github-actions' }],
    ['change with an array model', { type: 'change', model: [] }],
    ['change with a null model', { type: 'change', model: null, seq: 1 }],
    ['change without a sequence number', { type: 'change', model: newDesign('github-actions', 'anthropic') }],
    ['change with sequence number 0', { type: 'change', model: newDesign('github-actions', 'anthropic'), seq: 0 }],
    ['change with a negative sequence number', { type: 'change', model: newDesign('github-actions', 'anthropic'), seq: -1 }],
    ['change with a fractional sequence number', { type: 'change', model: newDesign('github-actions', 'anthropic'), seq: 1.5 }],
    ['change with a sequence number as text', { type: 'change', model: newDesign('github-actions', 'anthropic'), seq: '1' }],
    ['change with an unsafe sequence number', { type: 'change', model: newDesign('github-actions', 'anthropic'), seq: 2 ** 53 }],
    ['token without input', { type: 'token' }],
    ['token with input not an object', { type: 'token', input: 'sample' }],
    ['token of an unknown kind', { type: 'token', input: { kind: 'fetch', url: 'https://example.com' } }],
    ['pasted without a jwt', { type: 'token', input: { kind: 'pasted' } }],
    ['pasted jwt not a string', { type: 'token', input: { kind: 'pasted', jwt: ['a', 'b', 'c'] } }],
    ['pasted token over the limit', { type: 'token', input: { kind: 'pasted', jwt: 'a'.repeat(MAX_PASTED_TOKEN + 1) } }],
    ['save without a mode', { type: 'save', document: 'anthropic-manifest' }],
    ['save with an unknown mode', { type: 'save', document: 'anthropic-manifest', mode: 'overwrite' }],
    ['save without a document', { type: 'save', mode: 'new' }],
    ['save with a document that is not a string', { type: 'save', document: 1, mode: 'new' }],
    ['save with an oversize document id', { type: 'save', document: 'x'.repeat(257), mode: 'new' }],
    ['copy without a document', { type: 'copy' }],
    ['copy with a document that is not a string', { type: 'copy', document: { id: 'x' } }],
    ['openRule without a rule id', { type: 'openRule' }],
    ['openRule with a path', { type: 'openRule', ruleId: '../../etc/passwd' }],
    ['openRule with a URL', { type: 'openRule', ruleId: 'https://example.com/x' }],
    ['openRule with upper case', { type: 'openRule', ruleId: 'Anthropic/Rule' }],
    ['openRule without a group', { type: 'openRule', ruleId: 'subject-prefix-scope' }],
    ['openRule with a trailing line', { type: 'openRule', ruleId: 'anthropic/x\n' }],
    ['openRule oversize', { type: 'openRule', ruleId: `a/${'b'.repeat(300)}` }],
    ['inspected without an id', { type: 'inspected', regions: {} }],
    ['inspected with a string id', { type: 'inspected', id: '1', regions: {} }],
    ['inspected without regions', { type: 'inspected', id: 1 }],
    ['inspected with regions as a list', { type: 'inspected', id: 1, regions: ['a'] }],
  ];
  for (const [what, raw] of rejected) it(what, () => assert.equal(readPageMessage(raw), undefined));
});

describe('readTab', () => {
  it('a known tab is kept', () => {
    for (const tab of TABS) assert.equal(readTab(tab), tab);
  });

  it('anything else is the first tab', () => {
    for (const v of [undefined, null, '', 'Playground', 'settings', 1, {}, ['attacks'], 'constructor']) assert.equal(readTab(v), 'documents', String(v));
    assert.equal(TABS[0], 'documents');
  });
});
