// The IAM domain's bar: checking a ~3,000-line CloudFormation template (roles with web identity trust policies,
// inline and managed policies, some mis-scoped) takes under 50 ms after warm-up.
import { check } from '../src/core/engine';
import { measure, report } from './harness';

/** A realistic template: GitHub and EKS OIDC providers, deploy roles, IRSA roles, token-minting policies. */
export function template(targetLines: number): string {
  const lines: string[] = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Description: CI/CD and workload roles for the platform accounts',
    'Parameters:',
    '  GitHubOrg: { Type: String, Default: acme }',
    '  ClusterOidcHost: { Type: String }',
    'Resources:',
    '  GitHubOidcProvider:',
    '    Type: AWS::IAM::OIDCProvider',
    '    Properties:',
    '      Url: https://token.actions.githubusercontent.com',
    '      ClientIdList: [sts.amazonaws.com]',
  ];
  const eks = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
  let n = 0;
  while (lines.length < targetLines) {
    const i = n++;
    const kind = i % 4;
    if (kind === 0 || kind === 1) {
      // a GitHub deploy role; every seventh is repo-wide, every eleventh also compares a pattern with StringEquals,
      // every thirteenth lacks the audience
      const sub = i % 7 === 0 ? `!Sub "repo:\${GitHubOrg}/service-${i}:*"` : `!Sub "repo:\${GitHubOrg}/service-${i}:ref:refs/heads/main"`;
      lines.push(
        `  DeployRole${i}:`,
        '    Type: AWS::IAM::Role',
        '    Properties:',
        `      RoleName: !Sub "\${AWS::StackName}-deploy-${i}"`,
        '      AssumeRolePolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal:',
        kind === 0 ? '              Federated: !GetAtt GitHubOidcProvider.Arn' : '              Federated: !Sub "arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"',
        '            Action: sts:AssumeRoleWithWebIdentity',
        '            Condition:',
        ...(i % 13 === 0 && i % 11 !== 0 ? [] : ['              StringEquals:']),
        ...(i % 13 === 0 ? [] : ['                token.actions.githubusercontent.com:aud: sts.amazonaws.com']),
        ...(i % 11 === 0 ? [`                token.actions.githubusercontent.com:sub: repo:acme/service-${i}:*`] : []),
        '              StringLike:',
        `                token.actions.githubusercontent.com:sub: ${sub}`,
        '      Policies:',
        `        - PolicyName: deploy-${i}`,
        '          PolicyDocument:',
        '            Version: "2012-10-17"',
        '            Statement:',
        '              - Effect: Allow',
        '                Action: [cloudformation:CreateChangeSet, cloudformation:ExecuteChangeSet, cloudformation:DescribeStacks]',
        `                Resource: !Sub "arn:aws:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stack/service-${i}/*"`,
        '              - Effect: Allow',
        '                Action: [s3:GetObject, s3:PutObject]',
        `                Resource: !Sub "arn:aws:s3:::artifacts-\${AWS::AccountId}/service-${i}/*"`,
      );
    } else if (kind === 2) {
      // an IRSA role; every fifth opens its namespace
      lines.push(
        `  WorkloadRole${i}:`,
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal:',
        `              Federated: arn:aws:iam::123456789012:oidc-provider/${eks}`,
        '            Action: sts:AssumeRoleWithWebIdentity',
        '            Condition:',
        `              ${i % 5 === 0 ? 'StringLike' : 'StringEquals'}:`,
        `                ${eks}:aud: sts.amazonaws.com`,
        `                ${eks}:sub: system:serviceaccount:team-${i % 9}:${i % 5 === 0 ? '*' : `worker-${i}`}`,
        '      ManagedPolicyArns:',
        '        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      );
    } else {
      // a token-minting policy; every third lacks the Null check, every other one has no conditions, some allow an hour
      const bare = i % 4 === 3 && i % 8 === 7;
      lines.push(
        `  MintPolicy${i}:`,
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        `      Roles: [!Ref WorkloadRole${i - 1}]`,
        '      PolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Sid: MintTokens',
        '            Effect: Allow',
        '            Action: sts:GetWebIdentityToken',
        '            Resource: "*"',
        ...(bare ? [] : [
          '            Condition:',
          '              ForAllValues:StringEquals:',
          '                sts:IdentityTokenAudience: [https://api.anthropic.com]',
          ...(i % 3 === 0 ? [] : ['              "Null":', '                sts:IdentityTokenAudience: "false"']),
          '              NumericLessThanEquals:',
          `                sts:DurationSeconds: ${i % 5 === 0 ? 3600 : 900}`,
          '              StringEquals:',
          '                sts:SigningAlgorithm: RS256',
        ]),
      );
    }
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  const text = template(3000);
  const lineCount = text.split('\n').length - 1;
  const findings = check(text, 'infra/roles.yaml').findings;
  const iam = findings.filter((f) => f.ruleId.startsWith('iam/')).length;
  report(measure('check 3,000-line CloudFormation template', () => check(text, 'infra/roles.yaml'), { warmup: 10, runs: 40 }), 50,
    `(${lineCount} lines, ${findings.length} findings, ${iam} from iam rules)`);
}
