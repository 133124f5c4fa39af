// gitleaks' Validate, for every detector: each true positive is found at its marked span (and nothing else is), each
// look-alike is left alone, and no finding carries the secret. Failure messages show ids, spans and masked values,
// never a key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DETECTORS } from '../../../src/core/secrets/detectors';
import { scanText } from '../../../src/core/secrets/scan';
import { SECRET_SEVERITIES, type SecretFinding } from '../../../src/core/secrets/types';
import { buildExample } from './examples';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const PROVIDERS = ['Anthropic', 'OpenAI', 'AWS', 'GitHub', 'Google', 'Azure', 'Slack', 'Stripe', 'Private key', 'Snowflake', 'JWT'];
const shape = (f: SecretFinding): object => ({ detectorId: f.detectorId, span: f.span, ...(f.related ? { related: f.related } : {}) });
const active = (fs: readonly SecretFinding[]): SecretFinding[] => fs.filter((f) => !f.suppressed);

describe('secret detectors', () => {
  it('have unique ids, known providers and severities, lower-case ASCII keywords, and examples of both kinds', () => {
    const ids = DETECTORS.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const d of DETECTORS) {
      assert.match(d.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, d.id);
      assert.ok(PROVIDERS.includes(d.provider), `${d.id}: provider`);
      assert.ok(SECRET_SEVERITIES.includes(d.severity), `${d.id}: severity`);
      assert.ok(d.keywords.length > 0, `${d.id}: keywords`);
      for (const k of d.keywords) assert.match(k, /^[\x20-\x40\x5b-\x7e]+$/, `${d.id}: keyword ${k} must be lower-case ASCII`);
      assert.ok(d.examples.truePositives.length > 0, `${d.id}: true positives`);
      assert.ok(d.examples.falsePositives.length > 0, `${d.id}: look-alikes`);
      assert.ok(!d.pattern.global && !d.pattern.sticky, `${d.id}: pattern flags`);
    }
  });

  it('cover the formats of docs/domain §6', () => {
    for (const id of ['anthropic-api-key', 'anthropic-admin-key', 'anthropic-oauth-token', 'openai-project-key', 'openai-service-account-key', 'openai-admin-key', 'openai-legacy-key', 'aws-access-key', 'aws-secret-access-key', 'aws-bedrock-api-key', 'github-pat', 'github-oauth-token', 'github-app-user-token', 'github-app-installation-token', 'github-refresh-token', 'github-fine-grained-pat', 'google-api-key', 'google-service-account-key', 'azure-client-secret', 'slack-bot-token', 'slack-user-token', 'slack-refresh-token', 'slack-app-token', 'slack-webhook', 'stripe-live-secret-key', 'stripe-live-restricted-key', 'stripe-test-key', 'private-key', 'jwt', 'snowflake-url-password', 'snowflake-jdbc-password', 'snowflake-connection-config', 'snowflake-dbt-password', 'snowflake-env-secret'])
      assert.ok(DETECTORS.some((d) => d.id === id), id);
  });

  for (const d of DETECTORS) {
    describe(d.id, () => {
      it('finds every true positive at its span, and nothing else', () => {
        d.examples.truePositives.forEach((tp, i) => {
          const ex = buildExample(tp);
          assert.ok(ex.expected.length > 0, `${d.id} example ${i + 1} marks no secret`);
          const found = active(scanText(ex.text, ex.path, { now: NOW }));
          assert.deepEqual(found.map(shape), ex.expected.map((e) => ({ detectorId: d.id, ...e })), `${d.id} true positive ${i + 1} (${ex.path})`);
        });
      });

      it('leaves every look-alike alone', () => {
        for (const [fp, why] of d.examples.falsePositives) {
          const ex = buildExample(fp);
          const found = scanText(ex.text, ex.path, { now: NOW });
          assert.deepEqual(found.map((f) => `${f.detectorId} ${f.masked} @${f.span.start}`), [], `${d.id} look-alike "${why}" was reported`);
        }
      });

      if (d.anchor !== undefined) {
        it('its anchor is right: matching whole lines instead finds the same single-line secrets', () => {
          const { anchor: _anchor, ...unanchored } = d;
          for (const tp of d.examples.truePositives) {
            const ex = buildExample(tp);
            const lineOf = (at: number): string => ex.text.slice(ex.text.lastIndexOf('\n', at - 1) + 1, (ex.text.indexOf('\n', at) + 1 || ex.text.length + 1) - 1);
            const single = ex.expected.filter((e) => d.keywords.some((k) => lineOf(e.span.start).toLowerCase().includes(k)) && !ex.text.slice(e.span.start, e.span.end).includes('\n'));
            const found = scanText(ex.text, ex.path, { now: NOW, detectors: [unanchored] }).map((f) => f.span);
            for (const e of single) assert.ok(found.some((f) => f.start === e.span.start && f.end === e.span.end), `${d.id}: line matching misses ${JSON.stringify(e.span)}`);
          }
        });
      }

      it('never puts the secret in a finding; the masked form shows at most a public prefix and 4 characters', () => {
        for (const tp of d.examples.truePositives) {
          const ex = buildExample(tp);
          const found = scanText(ex.text, ex.path, { now: NOW });
          for (const e of ex.expected) {
            const secret = ex.text.slice(e.span.start, e.span.end);
            const related = (e.related ?? []).map((r) => ex.text.slice(r.start, r.end));
            const f = found.find((x) => x.span.start === e.span.start)!;
            const json = JSON.stringify(f);
            assert.ok(!json.includes(secret), `${d.id}: a finding holds the secret`);
            for (const r of related) assert.ok(!json.includes(r), `${d.id}: a finding holds the related secret`);
            const [pre, post, ...more] = f.masked.split('…');
            assert.equal(more.length, 0, `${d.id}: ${f.masked}`);
            assert.ok(post!.length <= 4 && secret.endsWith(post!), `${d.id}: ${f.masked} shows more than the last 4 characters`);
            if (pre!.startsWith('-----BEGIN')) assert.equal(post, '', `${d.id}: ${f.masked}`);
            else assert.ok(secret.includes(pre!) && pre!.length <= 25, `${d.id}: ${f.masked} prefix`);
            const body = secret.slice(secret.indexOf(pre!) + pre!.length);
            assert.ok(!f.masked.includes(body), `${d.id}: ${f.masked} shows the body`);
            assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
          }
        }
      });
    });
  }
});
