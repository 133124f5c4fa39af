// readDesignModel: a design from a webview message, a restored state or a command argument is untrusted data. Every
// design the designer makes is read back as it is; anything else is refused, and nothing rides along.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FIELD_LENGTH, newDesign, readDesignModel } from '../../../src/core/design';
import { COMBINATIONS, validDesign } from './fixtures';

const base = () => JSON.parse(JSON.stringify(validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01abc', lifetimeSeconds: 300 }))) as Record<string, unknown>;
const withPins = (pins: unknown) => ({ ...base(), pins });

describe('readDesignModel: accepts what the designer makes', () => {
  for (const [identity, destination] of COMBINATIONS) {
    it(`${identity} -> ${destination}`, () => {
      for (const m of [newDesign(identity, destination), validDesign(identity, destination), newDesign(identity, destination, 'named')]) {
        // as it crosses into and out of a webview: JSON
        const raw: unknown = JSON.parse(JSON.stringify(m));
        assert.deepEqual(readDesignModel(raw), m);
      }
    });
  }

  it('keeps the optional members when they are there', () => {
    const m = readDesignModel(base())!;
    assert.equal(m.workspace, 'wrkspc_01abc');
    assert.equal(m.lifetimeSeconds, 300);
    const { workspace: _w, lifetimeSeconds: _l, ...bare } = base();
    const read = readDesignModel(bare)!;
    assert.ok(!('workspace' in read) && !('lifetimeSeconds' in read));
  });

  it('accepts a value of exactly the longest length and 64 pins', () => {
    assert.ok(readDesignModel(withPins({ jwksKeys: 'x'.repeat(MAX_FIELD_LENGTH) })));
    const many = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`pin${i}`, 'v']));
    assert.ok(readDesignModel(withPins(many)));
  });

  it('returns a copy: changing the input afterwards changes nothing', () => {
    const raw = base();
    const m = readDesignModel(raw)!;
    (raw.pins as Record<string, string>).repository = 'evil/repo';
    assert.equal(m.pins.repository, 'acme/payments');
    assert.notEqual(m.pins, raw.pins);
  });
});

describe('readDesignModel: refuses what is not a design', () => {
  it('non-objects', () => {
    for (const raw of [undefined, null, 0, 42, 'design', true, [], [base()], () => base()]) assert.equal(readDesignModel(raw), undefined, String(raw));
  });

  it('an unknown identity or destination', () => {
    assert.equal(readDesignModel({ ...base(), identity: 'gitlab' }), undefined);
    assert.equal(readDesignModel({ ...base(), identity: undefined }), undefined);
    assert.equal(readDesignModel({ ...base(), destination: 'gemini' }), undefined);
    assert.equal(readDesignModel({ ...base(), destination: ['anthropic'] }), undefined);
    assert.equal(readDesignModel({ ...base(), identity: 'toString' }), undefined);
  });

  it('pins that are not a map of strings', () => {
    for (const pins of [undefined, null, 'a', [], [['repository', 'acme/payments']]]) assert.equal(readDesignModel(withPins(pins)), undefined, JSON.stringify(pins));
    for (const value of [1, true, null, { v: 'x' }, ['x']]) assert.equal(readDesignModel(withPins({ repository: value })), undefined, JSON.stringify(value));
  });

  it('top-level members of the wrong type', () => {
    assert.equal(readDesignModel({ ...base(), scope: 1 }), undefined);
    assert.equal(readDesignModel({ ...base(), scope: undefined }), undefined);
    assert.equal(readDesignModel({ ...base(), serviceAccount: null }), undefined);
    assert.equal(readDesignModel({ ...base(), workspace: null }), undefined);
    assert.equal(readDesignModel({ ...base(), workspace: 7 }), undefined);
    assert.equal(readDesignModel({ ...base(), lifetimeSeconds: '600' }), undefined);
  });

  it('lifetimes that are not finite numbers', () => {
    for (const life of [NaN, Infinity, -Infinity]) assert.equal(readDesignModel({ ...base(), lifetimeSeconds: life }), undefined, String(life));
  });

  it('oversize values', () => {
    const big = 'x'.repeat(MAX_FIELD_LENGTH + 1);
    assert.equal(readDesignModel(withPins({ jwksKeys: big })), undefined);
    assert.equal(readDesignModel({ ...base(), scope: big }), undefined);
    assert.equal(readDesignModel({ ...base(), serviceAccount: big }), undefined);
    assert.equal(readDesignModel({ ...base(), workspace: big }), undefined);
  });

  it('too many pins', () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`pin${i}`, 'v']));
    assert.equal(readDesignModel(withPins(many)), undefined);
  });

  it('pin keys that no field has', () => {
    for (const key of ['', '1repository', 'repo-sitory', 'repo sitory', 'repo.sitory', '_private', 'a'.repeat(65), 'pin\n']) {
      assert.equal(readDesignModel(withPins({ [key]: 'v' })), undefined, JSON.stringify(key));
    }
    assert.ok(readDesignModel(withPins({ ['a'.repeat(64)]: 'v' })), 'the longest key');
  });

  it('a __proto__ pin, without polluting any prototype', () => {
    const raw = JSON.parse(`{"identity":"github-actions","destination":"anthropic","scope":"workspace:inference","serviceAccount":"x","pins":{"__proto__":{"polluted":"yes"}}}`);
    assert.ok(Object.prototype.hasOwnProperty.call(raw.pins, '__proto__'), 'JSON.parse makes it an own member');
    assert.equal(readDesignModel(raw), undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });
});

describe('readDesignModel: strips what does not belong', () => {
  it('unknown top-level members', () => {
    const m = readDesignModel({ ...base(), html: '<script>', evil: { nested: true }, constructor: 'x' })!;
    assert.deepEqual(Object.keys(m).sort(), ['destination', 'identity', 'lifetimeSeconds', 'pins', 'scope', 'serviceAccount', 'workspace']);
  });

  it('a top-level __proto__ travels no further', () => {
    const raw = JSON.parse(`{"__proto__":{"polluted":"yes"},"identity":"github-actions","destination":"anthropic","scope":"workspace:inference","serviceAccount":"x","pins":{}}`);
    const m = readDesignModel(raw)!;
    assert.ok(m);
    assert.equal(Object.getPrototypeOf(m), Object.prototype);
    assert.equal((m as unknown as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(m.pins), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('pins are plain data: no getters survive', () => {
    let reads = 0;
    const pins = Object.defineProperty({}, 'repository', { enumerable: true, get: () => `acme/payments-${++reads}` });
    const m = readDesignModel(withPins(pins))!;
    const first = m.pins.repository;
    assert.equal(m.pins.repository, first, 'read once, then a plain value');
    assert.equal(Object.getOwnPropertyDescriptor(m.pins, 'repository')!.get, undefined);
  });
});
