import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CelExpr, conditionOf, lexCel, parseCel, spanInScalar } from '../../../src/core/cel';
import {
  branchWithout, claimPath, claimUses, constValue, constantCulprit, evaluateWith, isPositive, knownClaim, nodes, onEveryPath, regexAnchoring,
} from '../../../src/core/cel-analysis';
import { anchorPattern, overTrue } from '../../../src/core/cel-scope';
import { parseStructured } from '../../../src/core/parse';
import { type ScalarNode, get } from '../../../src/core/tree';

const root = (src: string): CelExpr => {
  const p = parseCel(src);
  assert.ok(p.root, `${src} should parse: ${p.error?.message}`);
  return p.root;
};
const slice = (src: string, e: CelExpr) => src.slice(e.span.start, e.span.end);

/** The `condition` scalar of a one-rule document, with the text it came from. */
function conditionNode(text: string): ScalarNode {
  const doc = parseStructured(text).documents[0]!.root;
  const node = get(get(doc, 'match'), 'condition');
  assert.equal(node?.kind, 'scalar');
  return node as ScalarNode;
}

describe('parseCel: spans', () => {
  it('gives every subexpression its own text, parentheses outside', () => {
    const src = 'claims.repository_owner == "acme" || (claims.ref == "refs/heads/main")';
    const r = root(src);
    assert.equal(r.kind === 'call' && r.fn, '_||_');
    const [a, b] = (r as Extract<CelExpr, { kind: 'call' }>).args;
    assert.equal(slice(src, a!), 'claims.repository_owner == "acme"');
    assert.equal(slice(src, b!), 'claims.ref == "refs/heads/main"');
    assert.equal(src.slice(b!.outer.start, b!.outer.end), '(claims.ref == "refs/heads/main")');
  });

  it('locates macros, methods, index access, lists and negative numbers', () => {
    const src = 'has(claims.x) && claims.groups.exists(g, g == "ops") && claims["https://sts.amazonaws.com/"].aws_account in ["1", "2"] && -1 < size(claims.y)';
    const texts = [...nodes(root(src))].map((e) => slice(src, e));
    for (const t of ['has(claims.x)', 'claims.groups.exists(g, g == "ops")', 'claims["https://sts.amazonaws.com/"]', 'claims["https://sts.amazonaws.com/"].aws_account', '["1", "2"]', '-1', 'size(claims.y)']) {
      assert.ok(texts.includes(t), `missing ${t} in ${JSON.stringify(texts)}`);
    }
  });

  it('counts offsets in UTF-16 code units', () => {
    const src = 'claims.name == "😀" && claims.ref == "main"';
    const uses = claimUses(root(src)).uses;
    assert.equal(slice(src, uses[1]!.access), 'claims.ref');
  });
});

describe('parseCel: syntax errors point at the mistake', () => {
  const cases: [string, string, RegExp][] = [
    ['claims.a == "x" &&& claims.b == "y"', '&', /`&`/],
    ['claims.a = "x"', '=', /CEL compares with `==`/],
    ['claims.a == "x', '"', /never closed/],
    ['claims.a == "x" && (claims.b == "y"', '(', /never closed/],
    ['claims.a == "x")', ')', /nothing to close/],
    ['claims.a ==', '==', /expected an operand after `==`/],
    ['claims.a "x"', '"x"', /expected an operator/],
    ['claims.', '.', /field name/],
  ];
  for (const [src, at, message] of cases) {
    it(src, () => {
      const p = parseCel(src);
      assert.ok(p.error, 'should not parse');
      assert.equal(src.slice(p.error.span.start, p.error.span.end), at);
      assert.match(p.error.message, message);
    });
  }

  it('lexes comments, raw and triple-quoted strings, bytes and unsigned numbers', () => {
    const { tokens, error } = lexCel('r"a\\d" == """b""" // note\n && b"c" == 0x1Fu');
    assert.equal(error, undefined);
    assert.deepEqual(tokens.map((t) => t.text), ['r"a\\d"', '==', '"""b"""', '&&', 'b"c"', '==', '0x1Fu']);
  });
});

describe('constant folding', () => {
  const value = (src: string) => constValue(root(src));
  it('folds literals, !, &&, ||, comparisons, in and ternaries', () => {
    assert.equal(value('true'), true);
    assert.equal(value('!true'), false);
    assert.equal(value('1 == 1'), true);
    assert.equal(value('"a" != "a"'), false);
    assert.equal(value('2 > 1u'), true);
    assert.equal(value('"x" in ["x", "y"]'), true);
    assert.equal(value('claims.a == "b" || 1 == 1'), true);
    assert.equal(value('claims.a == "b" && false'), false);
    assert.equal(value('true ? claims.a == "b" : false'), undefined);
    assert.equal(value('claims.a == "b" ? true : true'), true);
  });
  it('leaves claim-dependent and mixed-type comparisons unknown', () => {
    assert.equal(value('claims.a == "b"'), undefined);
    assert.equal(value('1 == "1"'), undefined);
    assert.equal(value('claims.a == "b" || false'), undefined);
  });
  it('finds the constant part that decides', () => {
    const src = 'claims.a == "b" || (claims.c == "d" || "x" == "x")';
    assert.equal(slice(src, constantCulprit(root(src), true)), '"x" == "x"');
  });
});

describe('claim uses', () => {
  it('reads paths through select and index', () => {
    const r = root('claims["kubernetes.io"].serviceaccount.name == "w"');
    assert.deepEqual(claimUses(r).uses.map((u) => u.path), [['kubernetes.io', 'serviceaccount', 'name']]);
    assert.equal(claimPath(root('other.x')), undefined);
  });
  it('classifies how each claim is used', () => {
    const src = 'claims.a == "1" && claims.b != "2" && claims.c in ["3"] && claims.d.startsWith("4") && claims.e.matches("^5$") && has(claims.f) && !(claims.g == "7") && "8" in claims.aud && claims.h.exists(x, x == "9") && int(claims.i) > 1';
    const ops = claimUses(root(src)).uses.map((u) => `${u.path[0]}:${u.op}${u.negated ? '!' : ''}`);
    assert.deepEqual(ops, ['a:==', 'b:!=', 'c:in', 'd:startsWith', 'e:matches', 'f:has', 'g:==!', 'aud:member', 'h:exists', 'i:other']);
  });
});

describe('requirements on every path', () => {
  const owner = (u: { path: readonly string[]; op: string }) => u.path[0] === 'repository_owner' && u.op === '==';
  const check = (src: string) => {
    const r = root(src);
    const index = claimUses(r);
    const branch = branchWithout(r, index, owner);
    return { every: onEveryPath(r, index, owner), branch: branch && slice(src, branch) };
  };
  it('&& needs one side, || needs both, ternaries both outcomes', () => {
    assert.deepEqual(check('claims.repository_owner == "acme" && claims.ref == "main"'), { every: true, branch: undefined });
    assert.deepEqual(check('claims.repository_owner == "acme" || claims.ref == "main"'), { every: false, branch: 'claims.ref == "main"' });
    assert.deepEqual(check('(claims.repository_owner == "acme" && claims.ref == "a") || (claims.repository_owner == "acme" && claims.ref == "b")'), { every: true, branch: undefined });
    assert.deepEqual(check('claims.x == "1" ? claims.repository_owner == "acme" : claims.ref == "main"'), { every: false, branch: 'claims.ref == "main"' });
    assert.deepEqual(check('!(claims.repository_owner == "evil")'), { every: false, branch: undefined });
  });
  it('knows positive constraints from exclusions', () => {
    const r = root('claims.ref == "main" || claims.actor != "bot"');
    const index = claimUses(r);
    assert.equal(onEveryPath(r, index, isPositive), false);
    assert.equal(slice('claims.ref == "main" || claims.actor != "bot"', branchWithout(r, index, isPositive)!), 'claims.actor != "bot"');
  });
});

describe('evaluation with known claims', () => {
  it('decides what the known claims decide, and nothing else', () => {
    const src = 'claims.repository_owner == "acme" || claims.ref == "refs/heads/main"';
    const r = root(src);
    const values = evaluateWith(r, new Map([[knownClaim('repository_owner'), 'acme']]));
    assert.equal(values.get(r), true);
    const other = evaluateWith(r, new Map([[knownClaim('repository_owner'), 'evil']]));
    assert.equal(other.get(r), undefined);
    const nested = root('claims["kubernetes.io"].namespace in ["batch", "reports"] && claims.x.startsWith("a")');
    assert.equal(evaluateWith(nested, new Map([[knownClaim('kubernetes.io', 'namespace'), 'batch'], [knownClaim('x'), 'abc']])).get(nested), true);
  });
});

describe('over-true conditions', () => {
  const kinds = (src: string, opts: Parameters<typeof overTrue>[1]) => overTrue(root(src), opts).map((f) => f.kind);
  const tenant = { pin: (u: { path: readonly string[]; op: string; negated: boolean }) => u.path[0] === 'repository_owner' && u.op === '==' && !u.negated, isTenantClaim: (c: string) => c === 'repository_owner' };
  it('finds the branch that skips the tenant, and weak pins', () => {
    assert.deepEqual(kinds('claims.repository_owner == "acme" || claims.ref == "main"', { tenant, otherConstraints: false }), ['unpinned-branch']);
    assert.deepEqual(kinds('claims.repository_owner != "evil"', { tenant, otherConstraints: false }), ['weak-pin']);
    assert.deepEqual(kinds('claims.repository_owner == "acme" && claims.ref == "main"', { tenant, otherConstraints: false }), []);
  });
  it('exclusions: alone, as a branch, and as a deny-list next to other matchers', () => {
    assert.deepEqual(kinds('claims.actor != "bot"', { otherConstraints: false }), ['negative-only']);
    assert.deepEqual(kinds('claims.actor != "bot"', { otherConstraints: true }), []);
    assert.deepEqual(kinds('claims.ref == "main" || !has(claims.x)', { otherConstraints: true }), ['negative-branch']);
    assert.deepEqual(kinds('claims.ref == "main" || claims.ref == "dev"', { otherConstraints: true }), []);
    assert.deepEqual(kinds('claims.ref == "main" || has(claims.x)', { otherConstraints: true }), ['negative-branch']);
  });
  it('regexes and prefixes', () => {
    assert.deepEqual(kinds('claims.repository.matches("acme/app")', { otherConstraints: true }), ['unanchored-regex']);
    assert.deepEqual(kinds('!claims.repository.matches("sandbox")', { otherConstraints: true }), []);
    assert.deepEqual(kinds('claims.sub.startsWith("repo:acme/app")', { otherConstraints: true, family: 'github-actions' }), ['no-delimiter']);
    assert.deepEqual(kinds('claims.sub.startsWith("repo:acme/app:")', { otherConstraints: true, family: 'github-actions' }), []);
    assert.equal(anchorPattern('(?i)a|b'), '(?i)^(?:a|b)$');
    assert.equal(anchorPattern('^acme/'), '^acme/$');
  });
});

describe('regex anchoring', () => {
  it('tells anchored, unanchored and alternations', () => {
    assert.deepEqual(regexAnchoring('^acme/(a|b)$'), { start: true, end: true, alternation: false });
    assert.deepEqual(regexAnchoring('acme/payments'), { start: false, end: false, alternation: false });
    assert.deepEqual(regexAnchoring('^a|b$'), { start: true, end: true, alternation: true });
    assert.deepEqual(regexAnchoring('(?i)^acme[|]x\\$'), { start: true, end: false, alternation: false });
  });
});

describe('conditions in documents', () => {
  it('maps offsets through JSON escapes', () => {
    const text = '{"match": {"condition": "claims.a == \\"x\\" &&& claims.b"}}';
    const cond = conditionOf(conditionNode(text), text)!;
    const span = cond.toDoc(cond.error!.span);
    assert.equal(text.slice(span.start, span.end), '&');
  });

  it('maps offsets through folded YAML blocks', () => {
    const text = 'match:\n  condition: >-\n    claims.repository_owner == "acme" &&\n    claims.ref == "refs/heads/main\n';
    const cond = conditionOf(conditionNode(text), text)!;
    const span = cond.toDoc(cond.error!.span);
    assert.equal(span.start, text.indexOf('"refs/heads/main'));
  });

  it('maps exactly only where characters are written one-to-one', () => {
    const text = '{"match": {"condition": "claims.id == 123 && claims.a == \\"b\\""}}';
    const cond = conditionOf(conditionNode(text), text)!;
    const lit = { start: cond.source.indexOf('123'), end: cond.source.indexOf('123') + 3 };
    assert.equal(text.slice(cond.toDocExact(lit)!.start, cond.toDocExact(lit)!.end), '123');
    const quoted = { start: cond.source.indexOf('"b"'), end: cond.source.indexOf('"b"') + 3 };
    assert.equal(cond.toDocExact(quoted), undefined);
  });

  it('parses a condition once per node, whoever asks', () => {
    const text = 'match:\n  condition: claims.a == "b"\n';
    const node = conditionNode(text);
    assert.equal(conditionOf(node, text), conditionOf(node, text));
  });

  it('maps subject spans inside quoted scalars', () => {
    const text = 'match:\n  subject_prefix: "repo:acme/*"\n';
    const node = get(get(parseStructured(text).documents[0]!.root, 'match'), 'subject_prefix') as ScalarNode;
    const s = spanInScalar(node, text, { start: 10, end: 11 });
    assert.equal(text.slice(s.start, s.end), '*');
  });

  it('stays linear on long conditions', () => {
    const src = Array.from({ length: 400 }, (_, i) => `claims.c${i} == "v${i}"`).join(' || ');
    const t0 = Date.now();
    const r = root(src);
    const index = claimUses(r);
    onEveryPath(r, index, isPositive);
    branchWithout(r, index, (u) => u.path[0] === 'c399');
    assert.ok(Date.now() - t0 < 2000, 'too slow');
    assert.equal(index.uses.length, 400);
  });
});
