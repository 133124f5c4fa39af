// carryPins: when the user switches identity or destination, the new form keeps what still applies from the old
// one (its own fields' values) and starts the rest from its defaults.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carryPins, designFields, newDesign } from '../../../src/core/design';
import { COMBINATIONS, PINS, validDesign } from './fixtures';

describe('carryPins', () => {
  it('with no values: the form\'s defaults, as a new design has them', () => {
    for (const [identity, destination] of COMBINATIONS) assert.deepEqual(carryPins(identity, destination, {}), newDesign(identity, destination).pins, `${identity} -> ${destination}`);
  });

  it('a design\'s own pins are kept, and only those its form has', () => {
    for (const [identity, destination] of COMBINATIONS) {
      const m = validDesign(identity, destination);
      const ids = new Set(designFields(identity, destination).map((f) => f.id));
      const own = Object.fromEntries(Object.entries(m.pins).filter(([k]) => ids.has(k)));
      assert.deepEqual(carryPins(identity, destination, m.pins), own, `${identity} -> ${destination}`);
    }
    // the fixtures' Entra pins name an audience app, which Snowflake's form does not ask for
    assert.equal(carryPins('entra', 'snowflake', validDesign('entra', 'snowflake').pins).entraAudience, undefined);
  });

  it('switching identity keeps the values of fields both forms have', () => {
    // Kubernetes -> EKS: namespace and service account carry over; the issuer is another field there
    const pins = carryPins('eks', 'anthropic', { ...validDesign('kubernetes', 'anthropic').pins, tokenLifetime: '7200' });
    assert.equal(pins.namespace, PINS.kubernetes.namespace);
    assert.equal(pins.k8sServiceAccount, PINS.kubernetes.k8sServiceAccount);
    assert.equal(pins.tokenLifetime, '7200');
    assert.equal(pins.issuerUrl, undefined, 'EKS has no issuerUrl field');
    assert.equal(pins.jwks, undefined, 'nor a choice of keys');
    assert.equal(pins.clusterIssuer, undefined, 'an empty text field has no default');
  });

  it('switching destination keeps the identity\'s pins and drops the other destination\'s', () => {
    const pins = carryPins('github-actions', 'snowflake', { ...validDesign('github-actions', 'anthropic').pins, organizationId: '4c1e8f0a-2b3d-4e5f-8a9b-0c1d2e3f4a5b' });
    assert.equal(pins.repository, 'acme/payments');
    assert.equal(pins.branch, 'main');
    assert.equal(pins.organizationId, undefined, 'an Anthropic field');
    assert.equal(pins.snowflakeAccount, undefined);
  });

  it('a select keeps a value only when it offers it', () => {
    assert.equal(carryPins('github-actions', 'anthropic', { githubContext: 'environment' }).githubContext, 'environment');
    assert.equal(carryPins('github-actions', 'anthropic', { githubContext: 'pull_request' }).githubContext, 'branch', 'not an option: the default');
    // explicit JWKS URLs are an Anthropic option only
    assert.equal(carryPins('oidc', 'anthropic', { jwks: 'explicit_url' }).jwks, 'explicit_url');
    assert.equal(carryPins('oidc', 'openai', { jwks: 'explicit_url' }).jwks, 'discovery');
    assert.equal(carryPins('oidc', 'openai', { jwks: 'inline' }).jwks, 'inline');
    // AWS offers ES384 for Anthropic and OpenAI
    assert.equal(carryPins('aws-sts', 'openai', { signingAlgorithm: 'ES384' }).signingAlgorithm, 'ES384');
    assert.equal(carryPins('aws-sts', 'openai', { signingAlgorithm: 'HS256' }).signingAlgorithm, 'RS256');
  });

  it('an empty value is not kept: the default, or nothing', () => {
    const pins = carryPins('aws-sts', 'anthropic', { tokenLifetime: '', roleArn: '' });
    assert.equal(pins.tokenLifetime, '300');
    assert.ok(!('roleArn' in pins));
  });

  it('text values are kept as typed, even invalid ones (the form shows the problem)', () => {
    assert.equal(carryPins('github-actions', 'openai', { repository: 'not a repo' }).repository, 'not a repo');
  });

  it('fields hidden by another field\'s value keep their values (switching back restores them)', () => {
    const pins = carryPins('github-actions', 'anthropic', { githubContext: 'branch', branch: 'main', environment: 'production' });
    assert.equal(pins.environment, 'production');
  });

  it('keeps nothing that is not a field of the form', () => {
    const values = JSON.parse('{"repository":"acme/payments","evil":"x","__proto__":{"polluted":"yes"},"constructor":"y"}');
    const pins = carryPins('github-actions', 'anthropic', values);
    const fieldIds = new Set(designFields('github-actions', 'anthropic').map((f) => f.id));
    assert.ok(Object.keys(pins).every((k) => fieldIds.has(k)), Object.keys(pins).join(', '));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('returns a fresh object', () => {
    const values = { repository: 'acme/payments' };
    const pins = carryPins('github-actions', 'anthropic', values);
    pins.repository = 'changed';
    assert.equal(values.repository, 'acme/payments');
  });
});
