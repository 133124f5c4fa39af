import { classifyIssuerUrl } from '../../issuers';
import type { Span } from '../../model';
import { type RuleContext, createRule } from '../../rule';
import { analyzeSubject } from '../../subjects';
import { appendProp, caseLike, removeProp, sqlString } from '../../snowflake/fixes';
import { type SnowflakeIdentity, type SnowflakeModel, identityLabel } from '../../snowflake/model';
import { type SqlProp, type StringValue, propOf } from '../../snowflake/ast';

// domain.md §3.1 (properties per TYPE, SUBJECT ≤ 255 chars [S]), §5.5 (GCP sub = numeric id), §5.6 (Entra issuers),
// §5.1 (GitHub pull_request subjects). Snowflake compares SUBJECT and ARN exactly: there is no wildcard.
const BELONGS: Readonly<Record<string, readonly string[]>> = {
  ARN: ['AWS'],
  ISSUER: ['AZURE', 'OIDC'],
  SUBJECT: ['AZURE', 'GCP', 'OIDC'],
  OIDC_AUDIENCE_LIST: ['OIDC'],
};
const REQUIRED: Readonly<Record<string, readonly { key: string; what: string; placeholder: string }[]>> = {
  AWS: [{ key: 'ARN', what: 'the ARN of the IAM role the workload runs as', placeholder: 'arn:aws:iam::<account-id>:role/<role-name>' }],
  AZURE: [
    { key: 'ISSUER', what: "the Entra ID tenant's issuer", placeholder: 'https://login.microsoftonline.com/<tenant-id>/v2.0' },
    { key: 'SUBJECT', what: "the managed identity's object (principal) id", placeholder: '<object-principal-id>' },
  ],
  GCP: [{ key: 'SUBJECT', what: "the service account's numeric unique id", placeholder: '<21-digit service account unique id>' }],
  OIDC: [
    { key: 'ISSUER', what: 'the issuer URL, exactly as in the tokens\' iss claim', placeholder: '<https://issuer.example.com>' },
    { key: 'SUBJECT', what: 'the exact sub claim of the one workload to admit', placeholder: '<exact subject of the workload>' },
  ],
};
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(?:role|user)\/[\w+=,.@/-]+$/;
const SESSION_ARN = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[^/]+$/;
const ENTRA_ISSUER = /^https:\/\/(?:login\.microsoftonline\.com\/[^/\s]+\/v2\.0|sts\.windows\.net\/[^/\s]+\/)$/;

/** The narrowest span of a part of a string value: inside the quotes when they spell the value one to one. */
function partOf(v: StringValue, from: number, to: number): Span {
  return v.contentSpan ? { start: v.contentSpan.start + from, end: v.contentSpan.start + to } : v.span;
}

function stringProp(props: readonly SqlProp[], key: string): { prop: SqlProp; value: StringValue } | undefined {
  const prop = propOf(props, key);
  return prop?.value?.kind === 'string' ? { prop, value: prop.value } : undefined;
}

const messages = {
  missingType: 'The workload identity{{identity}} of user {{user}} has no TYPE: Snowflake needs TYPE = AWS, AZURE, GCP or OIDC.',
  unknownType: 'TYPE = {{type}} is not a workload identity type: use AWS, AZURE, GCP or OIDC.',
  missingProperty: 'The {{type}} workload identity{{identity}} of user {{user}} has no {{key}}: Snowflake needs {{what}}.',
  foreignProperty: '{{key}} is not a property of a TYPE = {{type}} workload identity (only of {{types}}): Snowflake does not match on it for this TYPE. Remove it, or correct the TYPE.',
  arnWildcard:
    'ARN contains `*`, but Snowflake compares the role ARN exactly: the `*` is a literal character, so no caller matches this identity. Name the one IAM role the workload runs as.',
  arnSession:
    'ARN is an assumed-role session ARN: it names one short-lived session, whose name changes from run to run, while Snowflake expects the ARN of the IAM role the workload runs as (arn:aws:iam::<account>:role/<name>). Use the role ARN.',
  arnMalformed: 'ARN {{arn}} is not an IAM role (or user) ARN such as arn:aws:iam::<12-digit account id>:role/<name>: no caller matches it.',
  subjectWildcard:
    'SUBJECT is matched exactly by Snowflake: this `*` is a literal character, so no token\'s subject matches it{{admits}}. Put the exact subject; for several workloads add one named identity each (ALTER USER … ADD WORKLOAD IDENTITY).',
  subjectTooLong: 'SUBJECT is {{length}} characters long; Snowflake is reported to limit it to 255, so the statement may be rejected.',
  pullRequest:
    'SUBJECT {{subject}} is the subject of GitHub Actions pull_request runs: every pull request\'s workflow gets a token with it, including changes nobody has reviewed or merged (and forks\', where fork pull requests get id-token access). Trust a branch or environment subject (`…:ref:refs/heads/main`, `…:environment:prod`).',
  gcpEmail:
    'GCP SUBJECT must be the service account\'s numeric unique id (the token\'s sub), not its email {{subject}}: no token\'s subject is an email, so this identity never matches. Use the 21-digit id (`gcloud iam service-accounts describe … --format="value(uniqueId)"`).',
  gcpShape: 'GCP SUBJECT {{subject}} is not a 21-digit service account unique id, which is what the token\'s sub holds.',
  issuerNotHttps: 'OIDC ISSUER {{issuer}} is not an https URL: an OpenID Connect issuer (the tokens\' iss claim) is one, and ISSUER must match it exactly, so no token matches this identity.',
  azureIssuer:
    'AZURE ISSUER {{issuer}} is not an Entra ID tenant issuer (https://login.microsoftonline.com/<tenant-id>/v2.0 or https://sts.windows.net/<tenant-id>/): tokens of the managed identity will not match it.',
};

export default createRule({
  id: 'snowflake/wif-identity',
  domain: 'snowflake',
  description: 'Check a workload identity\'s TYPE, ARN, ISSUER and SUBJECT: the properties its TYPE needs, in the shape Snowflake matches exactly.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages,
  check(ctx) {
    for (const user of ctx.model.users) for (const id of user.identities) checkIdentity(ctx, id);
  },
});

type Ctx = RuleContext<SnowflakeModel, keyof typeof messages>;

function checkIdentity(ctx: Ctx, id: SnowflakeIdentity): void {
  const { text } = ctx;
  const data = { user: id.userName.text, identity: identityLabel(id) };
  const typeProp = propOf(id.props, 'TYPE');
  if (!typeProp) {
    ctx.report({ span: id.anchor, messageId: 'missingType', data });
    return;
  }
  const type = id.type ?? '';
  const required = REQUIRED[type];
  if (!required) {
    ctx.report({ span: typeProp.value?.span ?? typeProp.keySpan, messageId: 'unknownType', data: { type: type || 'nothing' } });
    return;
  }
  const kw = (w: string) => caseLike(text.slice(typeProp.keySpan.start, typeProp.keySpan.end), w);
  for (const prop of id.props) {
    const owners = BELONGS[prop.key];
    if (!owners || owners.includes(type)) continue;
    ctx.report({
      span: prop.keySpan,
      messageId: 'foreignProperty',
      data: { key: prop.key, type, types: owners.join(', ') },
      suggest: [{ title: `Remove ${prop.key}`, edits: [removeProp(text, prop, id.props)] }],
    });
  }
  for (const r of required) {
    if (propOf(id.props, r.key)) continue;
    const edit = appendProp(text, id.props, `${kw(r.key)} = ${sqlString(r.placeholder)}`);
    ctx.report({
      span: id.anchor,
      messageId: 'missingProperty',
      data: { ...data, type, key: r.key, what: r.what },
      suggest: edit ? [{ title: `Add ${r.key} (fill in ${r.what})`, edits: [edit] }] : [],
    });
  }
  const arn = type === 'AWS' ? stringProp(id.props, 'ARN') : undefined;
  if (arn) checkArn(ctx, arn.value);
  const issuer = type === 'AZURE' || type === 'OIDC' ? stringProp(id.props, 'ISSUER') : undefined;
  const issuerUrl = issuer?.value.value.trim();
  if (issuer && type === 'OIDC' && !/^https:\/\//i.test(issuerUrl!)) {
    ctx.report({ span: issuer.value.span, messageId: 'issuerNotHttps', data: { issuer: issuerUrl! } });
  } else if (issuer && type === 'AZURE' && !ENTRA_ISSUER.test(issuerUrl!)) {
    ctx.report({ span: issuer.value.span, messageId: 'azureIssuer', severity: 'warning', data: { issuer: issuerUrl! } });
  }
  const subject = type !== 'AWS' ? stringProp(id.props, 'SUBJECT') : undefined;
  if (subject) checkSubject(ctx, type, subject.value, issuerUrl);
}

function checkArn(ctx: Ctx, v: StringValue): void {
  const arn = v.value.trim();
  const star = v.value.indexOf('*');
  if (star >= 0) {
    ctx.report({ span: partOf(v, star, star + 1), messageId: 'arnWildcard' });
    return;
  }
  const session = SESSION_ARN.exec(arn);
  if (session) {
    const role = `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
    ctx.report({
      span: v.span,
      messageId: 'arnSession',
      suggest: [{ title: `Use the role ARN ${role} (add the role's path if it has one)`, edits: [{ span: v.span, newText: sqlString(role) }] }],
    });
    return;
  }
  if (!ROLE_ARN.test(arn)) ctx.report({ span: v.span, messageId: 'arnMalformed', data: { arn } });
}

function checkSubject(ctx: Ctx, type: string, v: StringValue, issuerUrl: string | undefined): void {
  const subject = v.value;
  if (subject.length > 255) ctx.report({ span: v.span, messageId: 'subjectTooLong', severity: 'warning', data: { length: subject.length } });
  const issuerFamily = issuerUrl ? classifyIssuerUrl(issuerUrl).family : undefined;
  const family = analyzeSubject(subject, 'exact', issuerFamily).family;
  const star = subject.indexOf('*');
  if (star >= 0) {
    // what the author presumably meant: the same pattern read as a wildcard
    const meant = analyzeSubject(subject, 'glob', family).issues[0];
    ctx.report({
      span: partOf(v, star, star + 1),
      messageId: 'subjectWildcard',
      data: { admits: meant ? ` (and as a wildcard it would have admitted ${meant.detail})` : '' },
    });
    return;
  }
  if (type === 'GCP') {
    if (subject.includes('@')) ctx.report({ span: v.span, messageId: 'gcpEmail', data: { subject } });
    else if (!/^\d{21}$/.test(subject.trim())) ctx.report({ span: v.span, messageId: 'gcpShape', severity: 'warning', data: { subject } });
    return;
  }
  if (family === 'github-actions' && subject.endsWith(':pull_request')) {
    ctx.report({
      span: partOf(v, subject.length - ':pull_request'.length + 1, subject.length),
      messageId: 'pullRequest',
      severity: 'warning',
      data: { subject },
    });
  }
}
