// Issue #2's bar: checking a 5,000-line federation manifest takes under 50 ms after warm-up.
import { check } from '../src/core/engine';
import { manifest } from './fixtures';
import { measure, report } from './harness';

{
  const text = manifest(5000);
  const lineCount = text.split('\n').length - 1;
  const findings = check(text, 'federation/manifest.yaml').findings.length;
  // Re-checking the same document, as the editor does on every keystroke (CEL parses of unchanged conditions reused).
  report(measure('check 5,000-line Anthropic manifest', () => check(text, 'federation/manifest.yaml')), 50, `(${lineCount} lines, ${findings} findings)`);
  // A document never seen before: every condition parsed from scratch (reported, not a target).
  let run = 0;
  const cold = measure('  same, every CEL condition new', () => check(text.replace(/claims\.sub == "/g, `claims.sub == "${run++}`), 'federation/manifest.yaml'));
  console.log(`info ${cold.name}: median ${cold.medianMs.toFixed(2)} ms, p95 ${cold.p95Ms.toFixed(2)} ms over ${cold.runs} runs`);
}
