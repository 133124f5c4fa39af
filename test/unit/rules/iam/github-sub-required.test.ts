import rule from '../../../../src/core/rules/iam/github-sub-required';
import { EKS, EKS_ARN, GITHUB, GOOD, tfPlan, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const AUD = { [`${GITHUB}:aud`]: 'sts.amazonaws.com' };
const PLAN = tfPlan([{ address: 'aws_iam_role.gha', type: 'aws_iam_role', values: { assume_role_policy: JSON.stringify(trust({ StringEquals: AUD })) } }]);

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'a reusable workflow pinned by job_workflow_ref', code: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:job_workflow_ref`]: 'octo-org/deploy-workflows/.github/workflows/deploy.yml@refs/heads/main' } })) },
    { name: 'sub tested with StringEqualsIgnoreCase', code: json(trust({ StringEqualsIgnoreCase: { [`${GITHUB}:sub`]: 'repo:Octo-Org/Octo-Repo:environment:Production' }, StringEquals: AUD })) },
    { name: 'EKS needs no GitHub sub', code: json(trust({ StringEquals: { [`${EKS}:aud`]: 'sts.amazonaws.com', [`${EKS}:sub`]: 'system:serviceaccount:ci:runner' } }, { federated: EKS_ARN })) },
    { name: 'no condition at all is iam/oidc-condition-required\'s finding', code: json(trust(undefined)) },
  ],
  invalid: [
    {
      name: 'audience only (JSON)',
      code: json(trust({ StringEquals: AUD })),
      errors: [{
        messageId: 'missingSub', line: 10, column: 7, endColumn: 18, message: 'any workflow in any repository on GitHub',
        suggestions: [
          { title: `Pin ${GITHUB}:sub to the main branch`, output: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:<org>/<repo>:ref:refs/heads/main' } })) },
          { title: `Pin ${GITHUB}:sub to a deployment environment`, output: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:<org>/<repo>:environment:<environment>' } })) },
        ],
      }],
    },
    {
      name: 'scoped on repository only, the new provider-specific key (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
                token.actions.githubusercontent.com:repository: octo-org/octo-repo
      `),
      errors: [{
        messageId: 'otherClaimsOnly', line: 7, column: 5, message: 'on `token.actions.githubusercontent.com:repository` but not',
        suggestions: [
          { output: dedent(`
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal:
                  Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
                Action: sts:AssumeRoleWithWebIdentity
                Condition:
                  StringEquals:
                    token.actions.githubusercontent.com:aud: sts.amazonaws.com
                    token.actions.githubusercontent.com:repository: octo-org/octo-repo
                    token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:ref:refs/heads/main
          `) },
          { output: dedent(`
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal:
                  Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
                Action: sts:AssumeRoleWithWebIdentity
                Condition:
                  StringEquals:
                    token.actions.githubusercontent.com:aud: sts.amazonaws.com
                    token.actions.githubusercontent.com:repository: octo-org/octo-repo
                    token.actions.githubusercontent.com:sub: "repo:octo-org/octo-repo:environment:<environment>"
          `) },
        ],
      }],
    },
    {
      name: 'only a negated sub test: it excludes pull requests but admits everything else',
      code: json(trust({ StringEquals: AUD, StringNotEquals: { [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:pull_request' } })),
      errors: [{
        messageId: 'missingSub', line: 10, column: 7,
        suggestions: [
          { output: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:<org>/<repo>:ref:refs/heads/main' }, StringNotEquals: { [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:pull_request' } })) },
          { output: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:<org>/<repo>:environment:<environment>' }, StringNotEquals: { [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:pull_request' } })) },
        ],
      }],
    },
    {
      name: 'Terraform plan: the suggestion is written, escaped, into the planned policy string',
      code: PLAN,
      errors: [{
        messageId: 'missingSub', line: 14, column: 256, endColumn: 269, message: '`aws_iam_role.gha` trusts GitHub Actions',
        suggestions: [
          // String.replace edits the first occurrence: the planned_values copy the finding is on
          { output: PLAN.replace('\\"sts.amazonaws.com\\"}}', '\\"sts.amazonaws.com\\", \\"token.actions.githubusercontent.com:sub\\": \\"repo:<org>/<repo>:ref:refs/heads/main\\"}}') },
          { output: PLAN.replace('\\"sts.amazonaws.com\\"}}', '\\"sts.amazonaws.com\\", \\"token.actions.githubusercontent.com:sub\\": \\"repo:<org>/<repo>:environment:<environment>\\"}}') },
        ],
      }],
    },
  ],
});
