// docs/keys.md, generated: an introduction (severities, suppression, the baseline, look-alikes) and one section per
// detector in DETECTORS order, anchored by the detector's id, written from each detector's `doc` fields, so the page
// cannot drift from the scanner. `npm run keys-doc` writes it; test/unit/secrets/docs.test.ts fails when it is stale.
import { BASELINE_PATH } from './baseline';
import { DETECTORS } from './detectors';
import { migrationGuide } from './guides';
import { LINE_ABOVE_MARKERS, SAME_LINE_MARKERS } from './suppress';
import { SECRET_SEVERITIES, type SecretDetector, type SecretSeverity } from './types';

/** The page, relative to the package root. */
export const KEY_DOC_PATH = 'docs/keys.md';

/** The anchor of a key type's section: its detector id (`docs/keys.md#anthropic-api-key`). */
export function keyDocAnchor(detectorId: string): string {
  return detectorId;
}

/** `docs/keys.md#<id>`, relative to the package root. */
export function keyDocLink(detectorId: string): string {
  return `${KEY_DOC_PATH}#${keyDocAnchor(detectorId)}`;
}

const SEVERITY_MEANING: Readonly<Record<SecretSeverity, string>> = {
  critical: 'Controls an organization or an account: it can make new credentials, change who has access, or sign as a machine identity that other systems trust.',
  high: 'Calls a provider API with real data or money behind it, from anywhere, until someone revokes it.',
  medium: 'Limited by design (posting to one channel, expiring within hours) or not usable alone (a key id without its secret, a key that needs its passphrase).',
  low: 'Expired, short-lived or test-only: worth removing, rarely an emergency.',
};

const code = (s: string): string => `\`${s}\``;

function intro(detectors: readonly SecretDetector[]): string {
  const lineOnly = SAME_LINE_MARKERS.filter((m) => !LINE_ABOVE_MARKERS.includes(m));
  const aboveOnly = LINE_ABOVE_MARKERS.filter((m) => !SAME_LINE_MARKERS.includes(m));
  const both = SAME_LINE_MARKERS.filter((m) => LINE_ABOVE_MARKERS.includes(m));
  return [
    '# Key types',
    '',
    '<!-- Generated from the detectors in src/core/secrets/ by `npm run keys-doc`: edit the detectors, not this page. -->',
    '',
    'Keyless looks for long-lived keys in files (`keyless scan`, and the Keys view in VS Code). This page has one section per kind of key it',
    'recognises: what the key can do, what it looks like, where it tends to leak, how to revoke it, and the guide to replacing it with',
    'workload identity federation. Keys are always shown masked: a public prefix and at most the last four characters.',
    '',
    '## Severities',
    '',
    '| Severity | Meaning |',
    '|---|---|',
    ...SECRET_SEVERITIES.map((s) => `| ${s} | ${SEVERITY_MEANING[s]} |`),
    '',
    'Each kind of key has a default severity; one finding can differ from it when its context says more: an AWS key id with its secret',
    'next to it, an expired JWT, an encrypted private key, an OAuth token kept in a credentials file. `keyless scan --fail-on <severity>`',
    'sets the level that fails a run.',
    '',
    '## Keys you have reviewed',
    '',
    '- **Inline:** a comment that holds a marker:',
    ...both.map((m) => `  - ${code(m)} on the key's line, or in a comment on the line above (in YAML, also after the header of the block scalar that holds the key: \`key: |  # ${m}\`);`),
    `  - ${lineOnly.map(code).join(' or ')} on the key's line;`,
    `  - ${aboveOnly.map(code).join(' or ')} in a comment on the line above.`,
    '',
    '  These are the conventions of gitleaks and detect-secrets too. A key that spans lines, such as a PEM block, is covered by a marker',
    '  on its first or last line. In VS Code, "Mark as Reviewed" adds the comment in the file\'s own comment syntax where that is safe.',
    `- **Baseline:** ${code(BASELINE_PATH)} records reviewed keys by salted fingerprint, never the key itself. \`keyless baseline add PATH...\``,
    '  records every key found now; `keyless baseline remove FINGERPRINT...` takes one out. `keyless scan` leaves out the keys in the',
    '  baseline (`--baseline FILE` reads another file) and reports entries that no longer match any key.',
    '',
    '  A baseline that cannot be read is not rewritten behind your back: `keyless scan`, `add` and `remove` stop and say so, and',
    '  `keyless baseline repair` (in VS Code, "Back Up and Reset" on the warning) copies the file byte for byte to',
    `  ${code('.keyless/baseline.corrupt-<UTC time>.json')}, then keeps its salt and its valid entries; a file that is not JSON,`,
    '  is of an older version or has no usable salt starts afresh with a new salt. Keys whose entries were dropped are reported',
    '  again until they are accepted again. A baseline written by a newer Keyless is never reset: update Keyless.',
    '',
    'A reviewed key still works: marking it only stops the report. Revoking it, or replacing it with federation, is what makes it harmless.',
    '',
    '## How look-alikes are left alone',
    '',
    'A false alarm costs as much trust as a miss, so every detector checks more than a prefix:',
    '',
    '- the format itself: fixed lengths, alphabets and markers (the `AA` of Anthropic keys, the base64 of "OpenAI" inside OpenAI keys);',
    '- checksums where the format has one (the CRC32 at the end of classic GitHub tokens);',
    '- structure: a PEM body must decode to a real key, a JWT\'s parts must be JSON that says who issued it;',
    '- randomness: placeholders such as `xxxx`, `...`, `<your-key>`, one repeated character or a run like `1234567890` are not keys;',
    '- references: `${VAR}`, `{{ ... }}`, `${{ secrets.X }}` and `os.environ[...]` name a secret without holding it;',
    "- providers' documentation examples (AWS keys ending in `EXAMPLE`, the jwt.io token, Slack's webhook of zeros) and prose that",
    '  describes a format.',
    '',
    'Each detector carries real-looking examples it must find and look-alikes it must leave alone, and a test checks both.',
    '',
    '## Index',
    '',
    '| Key | Provider | Default severity |',
    '|---|---|---|',
    ...detectors.map((d) => `| [${d.type}](#${keyDocAnchor(d.id)}) | ${d.provider} | ${d.severity} |`),
    '',
  ].join('\n');
}

function section(d: SecretDetector): string {
  const doc = d.doc;
  if (!doc) throw new Error(`detector ${d.id} has no doc`);
  // the guides sit next to this page: docs/migrate/x.md is migrate/x.md from docs/keys.md
  const guide = migrationGuide(d.provider).replace(/^docs\//, '');
  return [
    `<a id="${keyDocAnchor(d.id)}"></a>`,
    '',
    `## ${d.provider === d.type ? d.type : `${d.provider}: ${d.type}`}`,
    '',
    `Id ${code(d.id)}, default severity **${d.severity}**.`,
    '',
    doc.summary,
    '',
    `**What it looks like.** ${doc.looksLike}`,
    '',
    `**Where it leaks.** ${doc.leaks}`,
    '',
    `**Revoke and rotate.** ${doc.revoke}`,
    '',
    `**The way out.** ${guide.endsWith('/other.md') ? 'Rotate it, keep it out of the repository and narrow what it can do' : 'Replace it with workload identity federation'}: [${guide}](${guide}).`,
    '',
  ].join('\n');
}

/** The whole of docs/keys.md. Throws when a detector has no `doc`. */
export function keysMarkdown(detectors: readonly SecretDetector[] = DETECTORS): string {
  return [intro(detectors), ...detectors.map(section)].join('\n');
}
