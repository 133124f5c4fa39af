import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignments, dockerfileScopes, looksLikeDockerfile, parseDockerfile } from '../../../src/core/workload/dockerfile';
import { applyEdits } from '../../../src/core/text';

const at = (text: string, s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);

describe('Dockerfile reader', () => {
  it('reads instructions in any case, joins continuations and skips comments inside them', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM python:3.12-slim',
      'env ANTHROPIC_FEDERATION_RULE_ID=fdrl_x \\',
      '    # the organization',
      '    ANTHROPIC_ORGANIZATION_ID="00000000-0000-4000-8000-000000000000"',
      'RUN pip install anthropic',
      '',
    ].join('\n');
    const p = parseDockerfile(text);
    assert.deepEqual(p.instructions.map((i) => i.keyword), ['FROM', 'ENV', 'RUN']);
    const env = assignments(p.instructions[1]!, p.escape);
    assert.deepEqual(env.map((a) => [a.name, a.value]), [
      ['ANTHROPIC_FEDERATION_RULE_ID', 'fdrl_x'],
      ['ANTHROPIC_ORGANIZATION_ID', '00000000-0000-4000-8000-000000000000'],
    ]);
    assert.equal(at(text, env[1]!.nameSpan), 'ANTHROPIC_ORGANIZATION_ID');
    assert.equal(at(text, env[1]!.valueSpan), '"00000000-0000-4000-8000-000000000000"');
  });

  it('reads the legacy `ENV NAME value with spaces` form', () => {
    const text = 'FROM node:20\nENV ANTHROPIC_IDENTITY_TOKEN_FILE /var/run/secrets/anthropic.com/token\nENV GREETING hello  world\n';
    const p = parseDockerfile(text);
    const [a] = assignments(p.instructions[1]!, p.escape);
    assert.equal(a!.name, 'ANTHROPIC_IDENTITY_TOKEN_FILE');
    assert.equal(a!.value, '/var/run/secrets/anthropic.com/token');
    const [g] = assignments(p.instructions[2]!, p.escape);
    assert.equal(g!.value, 'hello  world');
    assert.equal(at(text, g!.valueSpan), 'hello  world');
  });

  it('reads ARG with and without a default, and tells references from literals', () => {
    const text = "FROM node:20\nARG ANTHROPIC_API_KEY\nARG TAG=1\nENV A=$TAG B='$TAG' C=\\$TAG D= E=\"${HOME}/x\"\n";
    const [scope] = dockerfileScopes(text, parseDockerfile(text));
    assert.deepEqual(scope!.vars.map((v) => `${v.origin}:${v.name}:${v.shape}`), [
      'arg:ANTHROPIC_API_KEY:reference',
      'arg:TAG:literal',
      'env:A:reference',
      'env:B:literal',
      'env:C:literal',
      'env:D:empty',
      'env:E:reference',
    ]);
  });

  it('removes only the one assignment from a multi-variable ENV, or the whole instruction when it is alone', () => {
    const text = 'FROM node:20\nENV ANTHROPIC_API_KEY= \\\n    ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\nENV OTHER=1 ANTHROPIC_AUTH_TOKEN=""\nENV LONE=1\nCMD ["node"]\n';
    const [scope] = dockerfileScopes(text, parseDockerfile(text));
    const v = (n: string) => scope!.vars.find((x) => x.name === n)!;
    assert.equal(applyEdits(text, [v('ANTHROPIC_API_KEY').remove]), 'FROM node:20\nENV ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\nENV OTHER=1 ANTHROPIC_AUTH_TOKEN=""\nENV LONE=1\nCMD ["node"]\n');
    assert.equal(applyEdits(text, [v('ANTHROPIC_FEDERATION_RULE_ID').remove]), 'FROM node:20\nENV ANTHROPIC_API_KEY=\nENV OTHER=1 ANTHROPIC_AUTH_TOKEN=""\nENV LONE=1\nCMD ["node"]\n');
    assert.equal(applyEdits(text, [v('ANTHROPIC_AUTH_TOKEN').remove]), 'FROM node:20\nENV ANTHROPIC_API_KEY= \\\n    ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\nENV OTHER=1\nENV LONE=1\nCMD ["node"]\n');
    assert.equal(applyEdits(text, [v('LONE').remove]), 'FROM node:20\nENV ANTHROPIC_API_KEY= \\\n    ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\nENV OTHER=1 ANTHROPIC_AUTH_TOKEN=""\nCMD ["node"]\n');
  });

  it('adds an ENV line after the instruction, with the file\'s line breaks', () => {
    const text = 'FROM node:20\r\nENV ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\r\nCMD ["node"]\r\n';
    const [scope] = dockerfileScopes(text, parseDockerfile(text));
    assert.equal(applyEdits(text, [scope!.vars[0]!.block.insert('ANTHROPIC_ORGANIZATION_ID', '<org>')]),
      'FROM node:20\r\nENV ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\r\nENV ANTHROPIC_ORGANIZATION_ID="<org>"\r\nCMD ["node"]\r\n');
  });

  it('gives each stage its own scope; a stage built FROM an earlier one inherits its ENV', () => {
    const text = 'ARG BASE=node:20\nFROM $BASE AS base\nENV ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\nFROM base AS app\nENV ANTHROPIC_API_KEY=\nFROM node:20 AS other\nENV X=1\n';
    const scopes = dockerfileScopes(text, parseDockerfile(text));
    assert.deepEqual(scopes.map((s) => [s.label, s.vars.map((v) => v.name).join(',')]), [
      ['stage "base"', 'ANTHROPIC_FEDERATION_RULE_ID'],
      ['stage "app"', 'ANTHROPIC_FEDERATION_RULE_ID,ANTHROPIC_API_KEY'],
      ['stage "other"', 'X'],
    ]);
  });

  it('honours `# escape=`` ` and skips heredoc bodies', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nENV A=1 `\n    B=2\nRUN <<EOF\nENV NOT_AN_INSTRUCTION=1\nEOF\nENV C=3\n';
    const p = parseDockerfile(text);
    assert.deepEqual(p.instructions.map((i) => i.keyword), ['FROM', 'ENV', 'RUN', 'ENV']);
    const [scope] = dockerfileScopes(text, p);
    assert.deepEqual(scope!.vars.map((v) => v.name), ['A', 'B', 'C']);
  });

  it('recognises a Dockerfile by its first instruction', () => {
    const yes = (t: string) => looksLikeDockerfile(t, parseDockerfile(t), true);
    assert.equal(yes('# comment\nARG VERSION=3\nFROM python:${VERSION}\n'), true);
    assert.equal(yes('FROM node:20\nRUN npm ci\n'), true);
    assert.equal(yes('from node:20\n'), false, 'lower case only counts with a Dockerfile name');
    assert.equal(yes('RUN echo\nFROM node\n'), false);
    assert.equal(yes('FROM: value\n'), false);
  });
});
