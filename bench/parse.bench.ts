// Parsing stays linear in the number of keys: a flat map of 20,000 keys (a large generated .env-style YAML, a
// translation file) parses in well under a second. The YAML parser's own duplicate-key check was quadratic
// (4.3 s here); duplicates are now found while converting, with a set.
import { parseStructured } from '../src/core/parse';
import { measure, report } from './harness';

const N = 20_000;
const yaml = Array.from({ length: N }, (_, i) => `key${i}: value${i}`).join('\n') + '\n';
const json = `{${Array.from({ length: N }, (_, i) => `"key${i}": "value${i}"`).join(',\n')}}`;
report(measure(`parse a flat YAML map of ${N.toLocaleString('en-US')} keys`, () => parseStructured(yaml), { warmup: 2, runs: 5, trials: 3 }), 500);
report(measure(`parse a flat JSON object of ${N.toLocaleString('en-US')} keys`, () => parseStructured(json), { warmup: 2, runs: 5, trials: 3 }), 500);
