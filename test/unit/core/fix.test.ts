import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { check } from '../../../src/core/engine';
import { fixAll, MAX_FIX_PASSES, nonOverlappingPreferredEdits } from '../../../src/core/fix';
import type { Finding } from '../../../src/core/model';
import { walk } from '../../../src/node/walk';

const finding = (start: number, end: number, newText: string, preferred = true): Finding => ({
  ruleId: 'x/y', messageId: 'm', message: 'm', severity: 'error', span: { start, end },
  fixes: [{ title: 't', edits: [{ span: { start, end }, newText }], preferred }],
});

describe('fixes', () => {
  it('take preferred fixes only, first of overlapping ones', () => {
    const { edits, applied } = nonOverlappingPreferredEdits([finding(0, 2, 'a'), finding(1, 3, 'b'), finding(4, 5, 'c'), finding(6, 7, 'd', false)]);
    assert.deepEqual(edits.map((e) => e.newText), ['a', 'c']);
    assert.equal(applied.length, 2);
  });

  it('never combine two fixes into a duplicate key (each assumed the key it produces was free)', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/*' },
          'ForAllValues:StringLike': { 'token.actions.githubusercontent.com:job_workflow_ref': 'acme/workflows/*' },
        },
      }],
    }, null, 2);
    const out = fixAll(policy, 'trust.json');
    assert.ok(out.fixed >= 1);
    assert.deepEqual(check(out.text, 'trust.json', { only: ['core/parse-error'] }).findings.map((f) => f.message), []);
  });

  describe('on every file of the demo: converge, stay parseable, leave nothing fixable', async () => {
    const files = await walk(['demo'], () => {});
    for (const f of files) {
      it(f.display, () => {
        const text = readFileSync(f.absolute, 'utf8');
        const out = fixAll(text, f.display);
        assert.ok(out.passes < MAX_FIX_PASSES, `did not converge in ${MAX_FIX_PASSES} passes`);
        const after = check(out.text, f.display).findings;
        assert.deepEqual(after.filter((x) => x.ruleId === 'core/parse-error').map((x) => x.message), [], 'fixes broke the document');
        assert.deepEqual(after.filter((x) => x.fixes.some((y) => y.preferred)).map((x) => `${x.ruleId}: ${x.message}`), [], 'a preferred fix is left');
        assert.equal(fixAll(out.text, f.display).fixed, 0, 'fixing again changes nothing');
      });
    }
  });
});
