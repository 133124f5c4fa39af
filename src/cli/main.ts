// The `keyless` command.
import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_CHECK_BYTES } from '../core/candidates';
import { check, type RuleSetting } from '../core/engine';
import { fixAll } from '../core/fix';
import { type Severity, severityRank } from '../core/model';
import type { Rule } from '../core/rule';
import { allRules, ruleById } from '../core/rules';
import { readTextFile } from '../node/read';
import { distinctInputs, walk } from '../node/walk';
import { readRuleDoc, ruleDocFile } from './docs';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { type CheckReport, type FileFinding, locate } from './report';
import { scanFormatters } from './format-scan';
import { runBaseline, runScan, ScanUsageError } from './scan';
import { runSimulate, SimulateUsageError } from './simulate';

declare const KEYLESS_VERSION: string | undefined;
const VERSION = typeof KEYLESS_VERSION === 'string' ? KEYLESS_VERSION : '0.0.0-dev';

/** A failure the user can act on: printed as `keyless: <message>`, exit code 2. */
export class UsageError extends Error {}

const HELP = `keyless ${VERSION} — check workload identity federation: the trust rules that replace long-lived API keys.

Usage:
  keyless check [options] PATH...     Check federation rules, trust policies, Snowflake SQL and workload configs
  keyless scan [options] PATH...      Find long-lived keys (masked) and where each one's way out is
  keyless baseline add PATH...        Record the keys found now as reviewed (.keyless/baseline.json: fingerprints only)
  keyless baseline remove FINGERPRINT...
  keyless baseline repair [--baseline FILE]
                                      Back up an unusable baseline and reset it to the entries that can be read
  keyless simulate --rules FILE --token JWT_OR_FILE [options]
                                      Decide what the provider would do with a token, rule by rule, and why
  keyless rules [--format text|json|markdown]  List every rule with its default severity
  keyless explain RULE                Show what a rule catches, why it matters and how to fix it
  keyless --help | --version

check options:
  --format text|json|sarif            Output format (default: text)
  --fail-on error|warning|info|never  Exit 1 when a finding is at or above this severity (default: warning)
  --rule ID=error|warning|info|off    Override a rule's severity, or turn it off (repeatable)
  --fix                               Apply the safe (preferred) fixes to the files, then report what is left
  --output FILE                       Write the report to FILE instead of standard output
  --no-color                          Plain text output (also: NO_COLOR=1)

scan options:
  --format text|json|sarif            Output format (default: text); keys are always masked
  --fail-on critical|high|medium|low|never  Exit 1 when a key at or above this severity is found (default: low)
  --baseline FILE                     Keys whose fingerprints it holds are not reported (default: .keyless/baseline.json)
  --max-file-size BYTES               Larger files are skipped (default: 10 MiB)
  --output FILE

simulate options:
  --rules FILE                        Federation rules, an Anthropic manifest, or OpenAI mappings / Codex rules
  --token JWT_OR_FILE                 The JWT, a file holding it, or - for standard input (never printed)
  --jwks FILE                         Verify with this JWKS (or discovery document) instead of the issuer's
  --fetch-jwks                        Fetch the issuer's keys over HTTPS when they are not in a file (off by default)
  --now EPOCH                         Decide as of this time, in seconds since the epoch (default: now)
  --attacks                           Also sign the tokens a neighbour could get from each issuer and try them
  --format text|json                  Output format (default: text); exit 0 whatever the decisions

Directories are walked recursively, honouring .gitignore, entering dot-directories such as .github and
skipping .git and node_modules. What a file is comes from its content, not its name.

Exit codes: 0 nothing at or above --fail-on; 1 something is; 2 usage or I/O error.
`;

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

const nodeIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
};

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function parseRuleSettings(values: readonly string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const v of values) {
    const m = /^([a-z]+\/[a-z0-9-]+)=(error|warning|info|off)$/.exec(v);
    if (!m) throw new UsageError(`--rule expects ID=error|warning|info|off (got "${v}")`);
    if (!ruleById(m[1]!)) throw new UsageError(`unknown rule "${m[1]}" (see \`keyless rules\`)`);
    out[m[1]!] = m[2] as RuleSetting;
  }
  return out;
}

async function runCheck(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      rule: { type: 'string', multiple: true },
      output: { type: 'string' },
      'no-color': { type: 'boolean' },
      fix: { type: 'boolean' },
    },
  });
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  const failOn = oneOf('fail-on', values['fail-on'], ['error', 'warning', 'info', 'never'] as const, 'warning');
  const settings = parseRuleSettings(values.rule ?? []);
  if (positionals.length === 0) throw new UsageError('check needs at least one PATH (a file or directory); try `keyless check .`');

  const problems: { file: string; message: string }[] = [];
  let failedInputs = 0;
  const files = await walk(positionals, (p) => {
    if (p.input) failedInputs++;
    problems.push({ file: p.path, message: p.message });
  });
  // nothing named could be read at all (problems below a named directory do not count: it was read)
  if (files.length === 0 && failedInputs > 0 && failedInputs === distinctInputs(positionals)) {
    throw new UsageError(problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  }
  const findings: FileFinding[] = [];
  let fixedProblems = 0;
  let fixedFiles = 0;
  let checked = 0;
  let recognised = 0;
  for (const f of files) {
    const read = await readTextFile(f.absolute, MAX_CHECK_BYTES, `larger than ${MAX_CHECK_BYTES / 1024 / 1024} MB; not checked`);
    if (read.kind === 'skipped') {
      problems.push({ file: f.display, message: read.reason });
      continue;
    }
    if (read.kind === 'binary') {
      if (f.explicit) problems.push({ file: f.display, message: 'binary file; not checked' });
      continue;
    }
    let text = read.text;
    const bom = read.bom;
    checked++;
    if (values.fix) {
      const fixed = fixAll(text, f.display, { rules: settings, explicit: f.explicit });
      if (fixed.text !== text) {
        try {
          await fs.writeFile(f.absolute, (bom ? '\uFEFF' : '') + fixed.text);
          text = fixed.text;
          fixedProblems += fixed.fixed;
          fixedFiles++;
        } catch (e) {
          problems.push({ file: f.display, message: `could not write the fixes: ${(e as Error).message}` });
        }
      }
    }
    const result = check(text, f.display, { rules: settings, explicit: f.explicit });
    if (result.kinds.length) recognised++;
    findings.push(...locate(f.display, text, result.findings));
  }
  const report: CheckReport = { findings, filesChecked: checked, filesRecognised: recognised, problems, ...(values.fix ? { fixed: { problems: fixedProblems, files: fixedFiles } } : {}) };
  const color = format === 'text' && !values['no-color'] && !values.output && io.isTTY && !io.env.NO_COLOR;
  const rendered =
    format === 'json' ? formatJson(report, VERSION) : format === 'sarif' ? formatSarif(report, allRules, VERSION) : formatText(report, { color });
  if (values.output) {
    try {
      await fs.writeFile(values.output, rendered);
    } catch (e) {
      throw new UsageError(`cannot write ${values.output}: ${(e as Error).message}`);
    }
  } else io.stdout(rendered);
  if (failOn === 'never') return 0;
  const threshold = severityRank(failOn as Severity);
  return findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}

function runRules(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { format: { type: 'string' } } });
  const format = oneOf('format', values.format, ['text', 'json', 'markdown'] as const, 'text');
  if (format === 'markdown') {
    io.stdout(rulesMarkdownTable(allRules) + '\n');
    return 0;
  }
  if (format === 'json') {
    io.stdout(JSON.stringify(allRules.map((r) => ({
      id: r.meta.id, domain: r.meta.domain, type: r.meta.type, defaultSeverity: r.meta.defaultSeverity,
      description: r.meta.description, fixable: !!r.meta.fixable, hasSuggestions: !!r.meta.hasSuggestions, docs: ruleDocFile(r.meta.id),
    })), null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...allRules.map((r) => r.meta.id.length));
  for (const r of allRules) io.stdout(`${r.meta.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.description}\n`);
  io.stdout(`\n${allRules.length} rules. \`keyless explain RULE\` shows one in full.\n`);
  return 0;
}

/** The README's rule table. */
export function rulesMarkdownTable(rules: readonly Rule[]): string {
  const rows = rules.map((r) => {
    const fixes = r.meta.fixable ? 'fix' : r.meta.hasSuggestions ? 'suggestions' : '';
    return `| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${r.meta.defaultSeverity} | ${fixes} | ${r.meta.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| Rule | Default | Fixes | What it asks for |', '|---|---|---|---|', ...rows].join('\n');
}

function runExplain(args: string[], io: Io): number {
  const id = args[0];
  if (!id) throw new UsageError('explain needs a rule id, e.g. `keyless explain anthropic/match-constraint`');
  const rule = ruleById(id);
  if (!rule) {
    const near = allRules.filter((r) => r.meta.id.includes(id.split('/').pop() ?? id)).map((r) => r.meta.id);
    throw new UsageError(`unknown rule "${id}"${near.length ? `; did you mean ${near.slice(0, 3).join(', ')}?` : ' (see `keyless rules`)'}`);
  }
  const doc = readRuleDoc(id);
  if (!doc) throw new UsageError(`the documentation of ${id} is missing from this installation (${ruleDocFile(id)})`);
  io.stdout(doc.endsWith('\n') ? doc : doc + '\n');
  return 0;
}

export async function main(argv: readonly string[], io: Io = nodeIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case 'check':
        if (rest.includes('--help') || rest.includes('-h')) return io.stdout(HELP), 0;
        return await runCheck(rest, io);
      case 'scan':
        if (rest.includes('--help') || rest.includes('-h')) return io.stdout(HELP), 0;
        return await runScan(rest, io.stdout, io.isTTY && !io.env.NO_COLOR, scanFormatters);
      case 'baseline':
        return await runBaseline(rest, io.stdout);
      case 'simulate':
        if (rest.includes('--help') || rest.includes('-h')) return io.stdout(HELP), 0;
        return await runSimulate(rest, io.stdout);
      case 'rules':
        return runRules(rest, io);
      case 'explain':
        return runExplain(rest, io);
      default:
        throw new UsageError(`unknown command "${command}"; commands: check, scan, baseline, simulate, rules, explain (see --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScanUsageError || e instanceof SimulateUsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`keyless: ${(e as Error).message}\n`);
      return 2;
    }
    io.stderr(`keyless: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}
