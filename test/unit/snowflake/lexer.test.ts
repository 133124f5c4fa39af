import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSpanOf, lex, type Token } from '../../../src/core/snowflake/lexer';

/** [kind, source slice, value] of every token. */
function shape(text: string): [string, string, string][] {
  return lex(text).tokens.map((t) => [t.kind, text.slice(t.start, t.end), t.value]);
}

function only(text: string): Token {
  const { tokens, problems } = lex(text);
  assert.equal(tokens.length, 1, `one token in ${JSON.stringify(text)}`);
  assert.deepEqual(problems, []);
  return tokens[0]!;
}

describe('snowflake lexer', () => {
  it('gives every token its exact span and kind', () => {
    const text = 'CREATE USER svc_gha TYPE = SERVICE;';
    const { tokens, problems } = lex(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.start, t.end, t.upper]),
      [
        ['word', 0, 6, 'CREATE'],
        ['word', 7, 11, 'USER'],
        ['word', 12, 19, 'SVC_GHA'],
        ['word', 20, 24, 'TYPE'],
        ['punct', 25, 26, '='],
        ['word', 27, 34, 'SERVICE'],
        ['punct', 34, 35, ';'],
      ],
    );
  });

  it('keeps words as written and compares them upper-cased', () => {
    const t = only('Workload_Identity$2');
    assert.equal(t.value, 'Workload_Identity$2');
    assert.equal(t.upper, 'WORKLOAD_IDENTITY$2');
  });

  it('skips --, // and /* */ comments, but not inside strings', () => {
    assert.deepEqual(shape("a -- one\nb // two\nc /* three\n four */ d '-- not // a /* comment'"), [
      ['word', 'a', 'a'],
      ['word', 'b', 'b'],
      ['word', 'c', 'c'],
      ['word', 'd', 'd'],
      ['string', "'-- not // a /* comment'", '-- not // a /* comment'],
    ]);
  });

  it("reads '' inside a string as one quote, with the whole literal as the span", () => {
    const t = only("'it''s'");
    assert.deepEqual([t.start, t.end, t.value, t.verbatim], [0, 7, "it's", false]);
    assert.equal(contentSpanOf(t), undefined, 'the content does not spell the value one to one');
  });

  it('resolves Snowflake backslash escapes', () => {
    assert.equal(only("'a\\'b'").value, "a'b");
    assert.equal(only("'tab\\there'").value, 'tab\there');
    assert.equal(only("'line\\nbreak'").value, 'line\nbreak');
    assert.equal(only("'back\\\\slash'").value, 'back\\slash');
    assert.equal(only("'\\x41\\101\\u0042'").value, 'AAB');
    assert.equal(only("'\\%'").value, '%');
  });

  it('gives a plain string the span of its content', () => {
    const t = only("'repo:acme/app:ref:refs/heads/main'");
    assert.equal(t.verbatim, true);
    assert.deepEqual(contentSpanOf(t), { start: 1, end: 34 });
  });

  it('reads $$ strings verbatim, quotes and semicolons included', () => {
    const text = "$$ SELECT 'x'; -- it's fine $$";
    const t = only(text);
    assert.equal(t.kind, 'string');
    assert.equal(t.dollar, true);
    assert.equal(t.value, " SELECT 'x'; -- it's fine ");
    assert.deepEqual(contentSpanOf(t), { start: 2, end: text.length - 2 });
  });

  it('reads double-quoted identifiers with "" escapes, case kept', () => {
    const t = only('"Svc ""GHA"" user"');
    assert.equal(t.kind, 'quoted');
    assert.equal(t.value, 'Svc "GHA" user');
    assert.equal(t.upper, 'Svc "GHA" user');
  });

  it('reads numbers and punctuation', () => {
    assert.deepEqual(shape('f(1, 2.5e3).x = -7;'), [
      ['word', 'f', 'f'],
      ['punct', '(', '('],
      ['number', '1', '1'],
      ['punct', ',', ','],
      ['number', '2.5e3', '2.5e3'],
      ['punct', ')', ')'],
      ['punct', '.', '.'],
      ['word', 'x', 'x'],
      ['punct', '=', '='],
      ['other', '-', '-'],
      ['number', '7', '7'],
      ['punct', ';', ';'],
    ]);
  });

  it('reads non-ASCII identifiers and keeps UTF-16 offsets', () => {
    const text = "user_ü = 'ő' x";
    assert.deepEqual(lex(text).tokens.map((t) => [t.start, t.end, t.value]), [
      [0, 6, 'user_ü'],
      [7, 8, '='],
      [9, 12, 'ő'],
      [13, 14, 'x'],
    ]);
  });

  it('handles CRLF line breaks as whitespace and ends line comments before them', () => {
    const text = 'a -- c\r\nb\r\n/* x\r\n*/c';
    assert.deepEqual(lex(text).tokens.map((t) => [t.value, t.start, t.end]), [
      ['a', 0, 1],
      ['b', 8, 9],
      ['c', 19, 20],
    ]);
  });

  it('reports an unterminated string at its opening quote, runs it to the end, and does not throw', () => {
    const text = "CREATE USER x COMMENT = 'oops;\nALTER USER y SET TYPE = SERVICE;";
    const { tokens, problems } = lex(text);
    assert.deepEqual(problems.map((p) => [p.code, p.span.start, p.span.end]), [['SQL_UNTERMINATED_STRING', 24, 25]]);
    const last = tokens[tokens.length - 1]!;
    assert.deepEqual([last.kind, last.start, last.end, last.unterminated], ['string', 24, text.length, true]);
  });

  it('reports an unterminated $$ string, quoted identifier and block comment', () => {
    assert.deepEqual(lex('x $$ body').problems.map((p) => [p.code, p.span.start, p.span.end]), [['SQL_UNTERMINATED_STRING', 2, 4]]);
    assert.deepEqual(lex('ALTER USER "svc').problems.map((p) => [p.code, p.span.start, p.span.end]), [['SQL_UNTERMINATED_IDENTIFIER', 11, 12]]);
    const c = lex('a /* never closed');
    assert.deepEqual(c.problems.map((p) => [p.code, p.span.start, p.span.end]), [['SQL_UNTERMINATED_COMMENT', 2, 4]]);
    assert.deepEqual(c.tokens.map((t) => t.value), ['a']);
  });

  it('reports a string ending in a lone backslash as unterminated', () => {
    const { tokens, problems } = lex("'abc\\");
    assert.equal(problems[0]?.code, 'SQL_UNTERMINATED_STRING');
    assert.equal(tokens[0]?.unterminated, true);
  });

  it('stays linear on large and pathological input', () => {
    const big = "CREATE USER u COMMENT = 'a''b\\'c' -- x\n".repeat(20_000) + "'''".repeat(50_000) + '/*'.repeat(50_000);
    const started = Date.now();
    const { tokens } = lex(big);
    assert.ok(tokens.length > 100_000);
    assert.ok(Date.now() - started < 2_000, `lexing ${big.length} characters took ${Date.now() - started} ms`);
  });
});
