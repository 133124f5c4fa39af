import rule from '../../../../src/core/rules/iam/subject-scope';
import { EKS, EKS_ARN, GITHUB, GOOD, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const AUD = { [`${GITHUB}:aud`]: 'sts.amazonaws.com' };
const like = (sub: unknown) => json(trust({ StringEquals: AUD, StringLike: { [`${GITHUB}:sub`]: sub } }));
const eksLike = (sub: unknown) => json(trust({ StringEquals: { [`${EKS}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${EKS}:sub`]: sub } }, { federated: EKS_ARN }));

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'release branches under a delimiter', code: like('repo:octo-org/octo-repo:ref:refs/heads/release/*') },
    { name: 'a StringLike value without a wildcard is exact', code: like('repo:octo-org/octo-repo:environment:production') },
    { name: 'StringEquals compares literally (iam/string-equals-wildcard reports it)', code: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:octo-org/*' } })) },
    { name: 'a negated pattern narrows, it does not admit', code: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' }, StringNotLike: { [`${GITHUB}:sub`]: 'repo:*:pull_request' } })) },
    { name: 'a subject from a parameter is not judged', code: dedent(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { Federated: !Sub "arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }
                  Action: sts:AssumeRoleWithWebIdentity
                  Condition:
                    StringEquals: { "token.actions.githubusercontent.com:aud": sts.amazonaws.com }
                    StringLike: { "token.actions.githubusercontent.com:sub": !Ref SubjectPattern }
    `) },
  ],
  invalid: [
    {
      name: 'every repository of the organization (JSON)',
      code: like('repo:octo-org/*'),
      errors: [{
        messageId: 'broad', line: 15, column: 54, endColumn: 71, severity: 'error', message: 'admits every repository of octo-org',
        suggestions: [
          { title: 'Pin to the main branch', output: like('repo:octo-org/<repo>:ref:refs/heads/main') },
          { title: 'Pin to one deployment environment', output: like('repo:octo-org/<repo>:environment:<environment>') },
        ],
      }],
    },
    {
      name: 'every element of a list is checked, not only the first',
      code: like(['repo:octo-org/octo-repo:ref:refs/heads/main', '*']),
      errors: [{
        messageId: 'broad', line: 17, column: 13, endColumn: 16, severity: 'error', message: 'every subject the issuer signs',
        suggestions: [
          { output: like(['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:<org>/<repo>:ref:refs/heads/main']) },
          { output: like(['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:<org>/<repo>:environment:<environment>']) },
        ],
      }],
    },
    {
      name: 'every context of one repository: pull requests from forks, every branch (YAML)',
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
              StringLike:
                token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:*
      `),
      errors: [{
        messageId: 'broad', line: 11, column: 50, endColumn: 75, severity: 'warning', message: 'pull requests (from forks too)',
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
                  StringLike:
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
                  StringLike:
                    token.actions.githubusercontent.com:sub: "repo:octo-org/octo-repo:environment:<environment>"
          `) },
        ],
      }],
    },
    {
      name: 'repo:* (which AWS\'s own guardrail accepts) and a repository prefix without delimiter',
      code: like(['repo:*', 'repo:octo-org/octo-repo*']),
      errors: [
        {
          messageId: 'broad', line: 16, column: 13, endColumn: 21, severity: 'error', message: 'every repository of every GitHub owner',
          suggestions: [
            { output: like(['repo:<org>/<repo>:ref:refs/heads/main', 'repo:octo-org/octo-repo*']) },
            { output: like(['repo:<org>/<repo>:environment:<environment>', 'repo:octo-org/octo-repo*']) },
          ],
        },
        {
          messageId: 'broad', line: 17, column: 13, endColumn: 39, severity: 'warning', message: 'whose name starts with "octo-repo"',
          suggestions: [
            { output: like(['repo:*', 'repo:octo-org/octo-repo:ref:refs/heads/main']) },
            { output: like(['repo:*', 'repo:octo-org/octo-repo:environment:<environment>']) },
          ],
        },
      ],
    },
    {
      name: 'a pattern that starts with a wildcard',
      code: like('*:ref:refs/heads/main'),
      errors: [{
        messageId: 'leadingWildcard', line: 15, column: 54, endColumn: 77,
        suggestions: [
          { output: like('repo:<org>/<repo>:ref:refs/heads/main') },
          { output: like('repo:<org>/<repo>:environment:<environment>') },
        ],
      }],
    },
    {
      name: 'IRSA: every service account of the cluster, and every one of a namespace',
      code: eksLike(['system:serviceaccount:*:*', 'system:serviceaccount:payments:*']),
      errors: [
        {
          messageId: 'broad', line: 16, column: 13, endColumn: 40, severity: 'error', message: 'every service account in every namespace',
          suggestions: [{ title: 'Pin to one service account', output: eksLike(['system:serviceaccount:<namespace>:<service-account>', 'system:serviceaccount:payments:*']) }],
        },
        {
          messageId: 'broad', line: 17, column: 13, endColumn: 47, severity: 'warning', message: 'including its "default" account',
          suggestions: [{ output: eksLike(['system:serviceaccount:*:*', 'system:serviceaccount:payments:<service-account>']) }],
        },
      ],
    },
    {
      name: 'CloudFormation !Sub: references are opaque, the literal `:*` still opens the repository',
      code: dedent(`
        Resources:
          DeployRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: { Federated: !Sub "arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }
                    Action: sts:AssumeRoleWithWebIdentity
                    Condition:
                      StringEquals: { "token.actions.githubusercontent.com:aud": sts.amazonaws.com }
                      StringLike: { "token.actions.githubusercontent.com:sub": !Sub "repo:\${GitHubOrg}/octo-repo:*" }
      `),
      errors: [{
        messageId: 'broad', line: 12, column: 77, endColumn: 108, severity: 'warning', message: 'every context of ${GitHubOrg}/octo-repo',
        suggestions: [
          { output: dedent(`
            Resources:
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: { Federated: !Sub "arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }
                        Action: sts:AssumeRoleWithWebIdentity
                        Condition:
                          StringEquals: { "token.actions.githubusercontent.com:aud": sts.amazonaws.com }
                          StringLike: { "token.actions.githubusercontent.com:sub": !Sub "repo:\${GitHubOrg}/octo-repo:ref:refs/heads/main" }
          `) },
          { output: dedent(`
            Resources:
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: { Federated: !Sub "arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }
                        Action: sts:AssumeRoleWithWebIdentity
                        Condition:
                          StringEquals: { "token.actions.githubusercontent.com:aud": sts.amazonaws.com }
                          StringLike: { "token.actions.githubusercontent.com:sub": !Sub "repo:\${GitHubOrg}/octo-repo:environment:<environment>" }
          `) },
        ],
      }],
    },
  ],
});
