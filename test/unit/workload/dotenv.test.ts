import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dotenvVars, parseDotenv } from '../../../src/core/workload/dotenv';
import { applyEdits } from '../../../src/core/text';

const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('dotenv reader', () => {
  it('reads plain, exported, quoted and commented assignments with exact spans', () => {
    const text = [
      '# federation for the worker',
      'export ANTHROPIC_FEDERATION_RULE_ID=fdrl_01SDCCSbTxrXDpWc1phhtcfK',
      'ANTHROPIC_ORGANIZATION_ID = "00000000-0000-4000-8000-000000000000"  # org',
      "ANTHROPIC_IDENTITY_TOKEN_FILE='/var/run/secrets/anthropic.com/token'",
      'GREETING="say \\"hi\\"\\n"',
      'URL=https://example.com/#anchor # trailing comment',
      '',
    ].join('\n');
    const p = parseDotenv(text);
    assert.equal(p.onlyAssignments, true);
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.entries.map((e) => [e.name, e.value, e.exported, e.quote ?? '']), [
      ['ANTHROPIC_FEDERATION_RULE_ID', 'fdrl_01SDCCSbTxrXDpWc1phhtcfK', true, ''],
      ['ANTHROPIC_ORGANIZATION_ID', '00000000-0000-4000-8000-000000000000', false, '"'],
      ['ANTHROPIC_IDENTITY_TOKEN_FILE', '/var/run/secrets/anthropic.com/token', false, "'"],
      ['GREETING', 'say "hi"\n', false, '"'],
      ['URL', 'https://example.com/#anchor', false, ''],
    ]);
    const org = p.entries[1]!;
    assert.equal(at(text, org.nameSpan), 'ANTHROPIC_ORGANIZATION_ID');
    assert.equal(at(text, org.valueSpan), '"00000000-0000-4000-8000-000000000000"');
    assert.equal(at(text, p.entries[0]!.lineSpan), 'export ANTHROPIC_FEDERATION_RULE_ID=fdrl_01SDCCSbTxrXDpWc1phhtcfK\n');
  });

  it('tells empty values, references and literals apart', () => {
    const text = 'A=\nB=""\nC= # nothing\nD=${ANTHROPIC_API_KEY:-}\nE=$HOME/x\nF=\'${NOT_EXPANDED}\'\nG="\\$LITERAL"\nH=plain\n';
    const vars = dotenvVars(text, parseDotenv(text));
    assert.deepEqual(vars.map((v) => `${v.name}:${v.shape}`), ['A:empty', 'B:empty', 'C:empty', 'D:reference', 'E:reference', 'F:literal', 'G:literal', 'H:literal']);
    const a = vars[0]!;
    assert.deepEqual(a.valueSpan, { start: 2, end: 2 });
  });

  it('keeps CRLF line breaks: deleting a line takes its CRLF, adding one uses CRLF', () => {
    const text = 'ANTHROPIC_API_KEY=\r\nANTHROPIC_FEDERATION_RULE_ID=fdrl_x\r\n';
    const vars = dotenvVars(text, parseDotenv(text));
    assert.equal(applyEdits(text, [vars[0]!.remove]), 'ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\r\n');
    assert.equal(applyEdits(text, [vars[1]!.block.insert('ANTHROPIC_ORGANIZATION_ID', '<organization UUID>')]),
      'ANTHROPIC_API_KEY=\r\nANTHROPIC_FEDERATION_RULE_ID=fdrl_x\r\nANTHROPIC_ORGANIZATION_ID="<organization UUID>"\r\n');
  });

  it('adds after a last line without a line break, and keeps `export` when every line has it', () => {
    const text = 'export ANTHROPIC_FEDERATION_RULE_ID=fdrl_x';
    const vars = dotenvVars(text, parseDotenv(text));
    assert.equal(applyEdits(text, [vars[0]!.block.insert('ANTHROPIC_ORGANIZATION_ID', '<org>')]),
      'export ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\nexport ANTHROPIC_ORGANIZATION_ID="<org>"');
  });

  it('reads a double-quoted value across lines and deletes all of its lines', () => {
    const text = 'CERT="line one\nline two"\nANTHROPIC_API_KEY=\n';
    const p = parseDotenv(text);
    assert.equal(p.entries[0]!.value, 'line one\nline two');
    const vars = dotenvVars(text, p);
    assert.equal(applyEdits(text, [vars[0]!.remove]), 'ANTHROPIC_API_KEY=\n');
  });

  it('reports an unterminated quote as a parse problem', () => {
    const p = parseDotenv('A="open\nB=1\n');
    assert.deepEqual(p.problems.map((x) => [x.code, x.span.start]), [['UNTERMINATED_QUOTE', 2]]);
  });

  it('says when a line is not an assignment (so text is not taken for a dotenv file)', () => {
    assert.equal(parseDotenv('ANTHROPIC_API_KEY=x\necho hello\n').onlyAssignments, false);
    assert.equal(parseDotenv('key: value\n').onlyAssignments, false);
    assert.equal(parseDotenv('\n# only a comment\n\n').onlyAssignments, true);
    const probe = parseDotenv('A=1\nnot an assignment\nB=2\n', true);
    assert.deepEqual([probe.onlyAssignments, probe.entries.map((e) => e.name)], [false, ['A']], 'a probe stops at the first other line');
  });

  it('lets the last definition of a name win', () => {
    const text = 'ANTHROPIC_API_KEY=sk-ant-test\nANTHROPIC_API_KEY=\n';
    const vars = dotenvVars(text, parseDotenv(text));
    assert.equal(vars.length, 1);
    assert.equal(vars[0]!.shape, 'empty');
    assert.equal(vars[0]!.nameSpan.start, 30);
  });
});
