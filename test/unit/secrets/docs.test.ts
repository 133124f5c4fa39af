// docs/keys.md is generated from the detectors' `doc` fields and must stay current (npm run keys-doc); every detector
// has a section under its id with a masked example and a revocation link; and the page itself does not look like a
// leak to any detector.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DETECTORS } from '../../../src/core/secrets/detectors';
import { KEY_DOC_PATH, keyDocAnchor, keyDocLink, keysMarkdown } from '../../../src/core/secrets/docs';
import { scanText } from '../../../src/core/secrets/scan';

const page = keysMarkdown();

describe('docs/keys.md', () => {
  it('is current (npm run keys-doc)', () => {
    assert.ok(existsSync(KEY_DOC_PATH), `${KEY_DOC_PATH} exists`);
    assert.ok(readFileSync(KEY_DOC_PATH, 'utf8') === page, `${KEY_DOC_PATH} is stale: run \`npm run keys-doc\``);
  });

  it('has one section per detector, in DETECTORS order, anchored by its id', () => {
    const anchors = [...page.matchAll(/^<a id="([^"]+)"><\/a>$/gm)].map((m) => m[1]);
    assert.deepEqual(anchors, DETECTORS.map((d) => keyDocAnchor(d.id)));
    assert.equal(keyDocLink('anthropic-api-key'), 'docs/keys.md#anthropic-api-key');
  });

  it('every detector documents what it can do, what it looks like (masked), where it leaks and how to revoke it', () => {
    for (const d of DETECTORS) {
      const doc = d.doc;
      assert.ok(doc, `${d.id}: doc`);
      for (const [field, text] of Object.entries(doc)) assert.ok(text.trim().length > 40, `${d.id}: doc.${field}`);
      assert.match(doc.summary, new RegExp(`\\b${d.severity}\\b`, 'i'), `${d.id}: the summary says why it is ${d.severity}`);
      // Snowflake secrets have no format of their own: they are found by where they are written
      if (d.provider !== 'Snowflake') assert.ok(doc.looksLike.includes('…'), `${d.id}: a masked example`);
      assert.match(doc.revoke, /\]\(https:\/\/[^)\s]+\)/, `${d.id}: a link to the provider's page`);
      for (const m of Object.values(doc).join(' ').matchAll(/\]\(([^)]*)\)/g)) assert.match(m[1]!, /^https:\/\/[a-z0-9.-]+\//, `${d.id}: link ${m[1]}`);
    }
  });

  it('links each key to a migration guide that exists', () => {
    const guides = [...page.matchAll(/\*\*The way out\.\*\*[^[]*\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.equal(guides.length, DETECTORS.length);
    for (const g of guides) assert.ok(existsSync(join('docs', g)), `docs/${g} exists`);
  });

  it('does not look like a leak: no detector finds anything in it, wherever it is scanned', () => {
    for (const path of [KEY_DOC_PATH, '.env', 'connections.toml', 'profiles.yml', 'credentials/default.json']) {
      const found = scanText(page, path);
      assert.deepEqual(found.map((f) => `${f.detectorId} ${f.masked}`), [], `findings when scanned as ${path}`);
    }
  });
});
