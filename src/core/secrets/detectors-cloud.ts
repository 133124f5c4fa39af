// AWS (key ids paired with their secret, Bedrock API keys), Google (API keys, service-account JSON keys) and Azure
// (Entra client secrets), from docs/domain §6.
import { randomEnough, shannonEntropy } from './checks';
import { around, awsSecretNear, awsSecretShape } from './context';
import { pemBlockOk } from './detectors-keys';
import { keys, mark, markRelated } from './samples';
import type { SecretDetector } from './types';

const keyId = (prefix = 'AKIA', seed = prefix): string => keys.awsKeyId(prefix, seed);
const AWS_ACCESS_KEYS = '[managing access keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html)';
const AWS_LEAKS = '`~/.aws/credentials` files, `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` in `.env` files and CI variables, Terraform and boto3 code, and CSV downloads from the IAM console.';

const docKeyId = (): string => ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const docSecret = (): string => ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');

const awsAccessKey: SecretDetector = {
  id: 'aws-access-key',
  provider: 'AWS',
  type: 'Access key',
  severity: 'critical',
  keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
  anchor: 0,
  pattern: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/,
  // a random 16-character base32 body has at least 3 bits of entropy 99.6% of the time; below that (words such as
  // ...PASSWORDPASSWORD) only a secret key next to it makes it one
  verify: (secret, ctx) => randomEnough(secret.slice(4), 2.5) && (shannonEntropy(secret.slice(4)) >= 3 || awsSecretNear(ctx) !== undefined),
  pair: (_secret, ctx) => awsSecretNear(ctx),
  // a key id alone is not a credential; with its secret it is one (temporary ASIA keys also need a session token)
  rate: (secret, ctx) => {
    const temporary = secret.startsWith('ASIA');
    if (ctx.related.length > 0) return temporary ? 'high' : 'critical';
    return temporary ? 'low' : 'medium';
  },
  doc: {
    summary:
      'An IAM access key: with its secret access key it signs AWS API calls as its IAM user (long-term `AKIA`) or role session (temporary `ASIA`), with everything that identity\'s policies allow. Critical with its secret next to it; a temporary pair is high, since it also needs a session token and expires. A key id alone is not a credential: medium (`AKIA`) or low (`ASIA`).',
    looksLike:
      'An id of 20 characters: `AKIA`, `ASIA`, `ABIA`, `ACCA` or `A3T` and one more character, then base32 (`[A-Z2-7]`), e.g. `AKIA…WXYZ`. The secret access key, 40 characters of base64 within 600 characters of the id (one labelled `secret` first), is reported with it as one finding. AWS\'s documentation example keys, which end in `EXAMPLE`, are ignored.',
    leaks: AWS_LEAKS,
    revoke:
      `Deactivate the key, then delete it: IAM console → Users → Security credentials, or \`aws iam update-access-key --access-key-id <id> --status Inactive\` and \`aws iam delete-access-key --access-key-id <id>\` (${AWS_ACCESS_KEYS}). Look in CloudTrail for its use. A temporary \`ASIA\` key expires by itself; to cut a leaked session short, [revoke the role's active sessions](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html).`,
  },
  examples: {
    truePositives: [
      () => `[default]\naws_access_key_id = ${mark(keyId())}\naws_secret_access_key = ${markRelated(keys.awsSecret())}\n`,
      () => `AWS_ACCESS_KEY_ID=${mark(keyId('ASIA'))}\nAWS_SECRET_ACCESS_KEY=${markRelated(keys.awsSecret('tmp'))}\nAWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEBAaCXVz\n`,
      () => `{"AccessKeyId": "${mark(keyId('ABIA'))}", "SecretAccessKey": "${markRelated(keys.awsSecret('json'))}"}`,
      () => `User name,Access key ID,Secret access key\nci,${mark(keyId('AKIA', 'csv'))},${markRelated(keys.awsSecret('csv'))}\n`,
      () => `s3 = boto3.client("s3", aws_access_key_id="${mark(keyId('AKIA', 'alone'))}")\n`,
      () => `[a]\naws_access_key_id = ${mark(keyId('AKIA', 'a'))}\naws_secret_access_key = ${markRelated(keys.awsSecret('a'))}\n[b]\naws_access_key_id = ${mark(keyId('AKIA', 'b'))}\naws_secret_access_key = ${markRelated(keys.awsSecret('b'))}\n`,
    ],
    falsePositives: [
      [() => `aws_access_key_id = ${docKeyId()}\naws_secret_access_key = ${docSecret()}\n`, "AWS's documentation example keys"],
      [() => `AWS_ACCESS_KEY_ID=AKIA${'A'.repeat(16)}`, 'repeated characters'],
      [() => `AWS_ACCESS_KEY_ID=AKIA${'X'.repeat(16)}`, 'placeholder'],
      [() => `id: AKIA${keyId().slice(4, 19)}`, 'one character short'],
      [() => `aws_access_key_id: \${AWS_ACCESS_KEY_ID}\naws_secret_access_key: {{ aws_secret }}\n`, 'template references'],
      [() => `Access key ids start with AKIA (long-term) or ASIA (temporary) followed by 16 base32 characters.`, 'prose describing the format'],
    ],
  },
};

const awsSecretKey: SecretDetector = {
  id: 'aws-secret-access-key',
  provider: 'AWS',
  type: 'Secret access key',
  severity: 'high',
  keywords: ['secret_access_key', 'secret-access-key', 'secretaccesskey', 'aws_secret', 'aws-secret', 'awssecret'],
  anchor: 0,
  pattern: /(?:aws[_-]?secret[_-]?(?:access_|access-|access)?key|secret[_-]?access[_-]?key)["'\]]{0,2}[ \t]{0,4}(?:[:=]|=>|:=)[ \t]{0,4}["']?([A-Za-z0-9+/]{40})(?![A-Za-z0-9+/=_-])/i,
  verify: awsSecretShape,
  doc: {
    summary:
      'The secret half of an IAM access key, found without its key id nearby (next to its id it is part of the access-key finding). With the id, which is not secret and often sits in another file, it signs AWS API calls as the key\'s user. High.',
    looksLike:
      '40 characters of `[A-Za-z0-9+/]` after a label such as `aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY` or `secretAccessKey`, e.g. `…Ab12`. Forty random characters alone look like many other things, so Keyless needs the label, both upper and lower case, high entropy, and no hex digest.',
    leaks: AWS_LEAKS,
    revoke: `Find the access key it belongs to (the IAM console lists each user's key ids; CloudTrail shows which was used), then deactivate and delete that key (${AWS_ACCESS_KEYS}).`,
  },
  examples: {
    truePositives: [
      () => `AWS_SECRET_ACCESS_KEY=${mark(keys.awsSecret('env'))}\n`,
      () => `aws:\n  secretAccessKey: "${mark(keys.awsSecret('yaml'))}"\n`,
    ],
    falsePositives: [
      [() => `AWS_SECRET_ACCESS_KEY=${docSecret()}`, "AWS's documentation example"],
      [() => `AWS_SECRET_ACCESS_KEY=${'0123456789abcdef0123456789abcdef01234567'.split('').reverse().join('')}`, 'hex digest, not a key'],
      [() => `aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]`, 'environment reference'],
      [() => `AWS_SECRET_ACCESS_KEY=${'ab12'.repeat(10)}`, 'low entropy'],
    ],
  },
};

const bedrockKey: SecretDetector = {
  id: 'aws-bedrock-api-key',
  provider: 'AWS',
  type: 'Bedrock API key',
  severity: 'high',
  keywords: ['absk'],
  anchor: 0,
  pattern: /(?<![A-Za-z0-9+/])(ABSK[A-Za-z0-9+/]{60,400}={0,2})(?![A-Za-z0-9+/=])/,
  verify: (secret) => randomEnough(secret.slice(4).replace(/(?<!=)=+$/, ''), 4),
  doc: {
    summary:
      'An Amazon Bedrock API key: a bearer token for the Bedrock API (invoking and conversing with models), billed to the AWS account. High. A long-term key is an IAM service-specific credential that lasts until its expiry date; a short-term key lasts up to 12 hours.',
    looksLike: '`ABSK` followed by a long base64 body (60 to 400 characters), e.g. `ABSK…`. Only the prefix is fixed; Keyless checks that the body looks random and is not part of base64 image data.',
    leaks: '`AWS_BEARER_TOKEN_BEDROCK` in `.env` files, notebooks and CI variables.',
    revoke:
      'Deactivate, reset or delete a long-term key in the Bedrock console (API keys) or with `aws iam update-service-specific-credential` and `aws iam delete-service-specific-credential`. A short-term key cannot be revoked by itself, but an IAM policy can deny its use ([handle compromised Bedrock API keys](https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-revoke.html)).',
  },
  examples: {
    truePositives: [() => `AWS_BEARER_TOKEN_BEDROCK=${mark(keys.bedrock())}\n`],
    falsePositives: [
      [() => `AWS_BEARER_TOKEN_BEDROCK=ABSK${'Q'.repeat(80)}`, 'repeated characters'],
      [() => `AWS_BEARER_TOKEN_BEDROCK=ABSK...`, 'placeholder'],
      [() => `<img src="data:image/png;base64,iVBORw0KGgo${keys.bedrock('img')}">`, 'inside base64 image data'],
    ],
  },
};

const googleApiKey: SecretDetector = {
  id: 'google-api-key',
  provider: 'Google',
  type: 'API key',
  severity: 'high',
  keywords: ['aiza'],
  anchor: 0,
  pattern: /(?<![A-Za-z0-9_-])(AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/,
  verify: (secret) => randomEnough(secret.slice(4), 3.5),
  doc: {
    summary:
      'A Google Cloud API key: it calls the APIs it is allowed to (Gemini, Maps, Firebase...) and bills the project. High: a key without API and application restrictions works for every API the project has enabled.',
    looksLike: '`AIza` followed by 35 characters of `[A-Za-z0-9_-]` (39 in all), e.g. `AIza…Ab12`. Keyless checks the length and that the body looks random.',
    leaks: 'Firebase configurations and mobile apps (where a restricted key is meant to ship), `GEMINI_API_KEY` or `GOOGLE_API_KEY` in `.env` files, and notebooks.',
    revoke:
      'Delete or regenerate it in the Google Cloud console (APIs & Services → Credentials) or with `gcloud services api-keys delete`. A key that must stay in a client app should be restricted to that app and its APIs ([manage API keys](https://cloud.google.com/docs/authentication/api-keys)).',
  },
  examples: {
    truePositives: [
      () => `GEMINI_API_KEY=${mark(keys.googleApiKey())}\n`,
      () => `const firebaseConfig = {\n  apiKey: "${mark(keys.googleApiKey('fb'))}",\n  authDomain: "demo.firebaseapp.com",\n};\n`,
    ],
    falsePositives: [
      [() => 'GOOGLE_API_KEY=AIza...', 'placeholder'],
      [() => `GOOGLE_API_KEY=AIza${'x'.repeat(35)}`, 'placeholder body'],
      [() => `"integrity": "sha512-${keys.googleApiKey('sri').slice(0, 30)}${keys.googleApiKey('sri2')}=="`, 'inside a sha512 integrity string'],
    ],
  },
};

const SERVICE_ACCOUNT = /"type"\s{0,8}:\s{0,8}"service_account"/;

const googleServiceAccount: SecretDetector = {
  id: 'google-service-account-key',
  provider: 'Google',
  type: 'Service account key',
  severity: 'critical',
  keywords: ['"private_key"'],
  anchor: 0,
  pattern: /"private_key"[ \t]{0,8}:[ \t]{0,8}"(-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\]{64,8192}-----END PRIVATE KEY-----(?:\\n)?)"/,
  verify: (secret, ctx) => SERVICE_ACCOUNT.test(around(ctx.text, ctx.match, 4096, 4096).slice) && pemBlockOk(secret),
  doc: {
    summary:
      'A service account key file: the JSON holds a private key that signs tokens as the service account, with every IAM role granted to it, and it does not expire by default. Critical.',
    looksLike:
      'A JSON document with `"type": "service_account"` and a `"private_key"` holding a PEM block written with `\\n` escapes, shown as `-----BEGIN PRIVATE KEY-----…`. Keyless checks for the type nearby and that the key\'s body decodes to a real key.',
    leaks: 'Key files (`<project>-<id>.json`, `credentials.json`) committed next to code, files that `GOOGLE_APPLICATION_CREDENTIALS` points at baked into images, and base64 copies in CI variables.',
    revoke:
      'Delete the key (not the account) in the Google Cloud console (IAM & Admin → Service accounts → Keys) or with `gcloud iam service-accounts keys delete <key-id> --iam-account=<email>` ([create and delete service account keys](https://cloud.google.com/iam/docs/keys-create-delete)). Look in Cloud Audit Logs for its use.',
  },
  examples: {
    truePositives: [
      () =>
        `{\n  "type": "service_account",\n  "project_id": "demo",\n  "private_key_id": "${'4f1c'.repeat(10)}",\n` +
        `  "private_key": "${mark(`${keys.pem('', 'gcp', { escaped: true })}\\n`)}",\n  "client_email": "ci@demo.iam.gserviceaccount.com"\n}\n`,
    ],
    falsePositives: [
      [() => `{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"\n}`, 'placeholder key'],
      [() => `{\n  "type": "service_account",\n  "private_key": "\${GCP_PRIVATE_KEY}"\n}`, 'template reference'],
      [() => `{"type": "authorized_user", "client_id": "x.apps.googleusercontent.com", "refresh_token": "1//0g"}`, 'not a service-account key'],
    ],
  },
};

const azureClientSecret: SecretDetector = {
  id: 'azure-client-secret',
  provider: 'Azure',
  type: 'Entra client secret',
  severity: 'high',
  keywords: ['q~'],
  anchor: 4,
  pattern: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/,
  verify: (secret) => randomEnough(secret.slice(6), 3.5),
  doc: {
    summary:
      'A client secret of a Microsoft Entra app registration: with the tenant and client ids, which are not secret, it gets tokens as the application, with every API permission and Azure role granted to it. High.',
    looksLike: 'Three characters, a digit, `Q~`, then 31 to 34 characters of `[A-Za-z0-9_~.-]` (about 40 in all), e.g. `…Ab12`. Keyless keys on the digit and `Q~` and checks the rest looks random; GUIDs such as tenant and client ids are not secrets.',
    leaks: '`AZURE_CLIENT_SECRET` next to `AZURE_TENANT_ID` and `AZURE_CLIENT_ID` in `.env` files, `appsettings.json`, pipeline variables and Terraform.',
    revoke:
      'Delete it in the Microsoft Entra admin center (App registrations → the app → Certificates & secrets) or with `az ad app credential delete --id <app-id> --key-id <key-id>` ([add and manage app credentials](https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials)), then check the app\'s sign-in logs.',
  },
  examples: {
    truePositives: [
      () => `AZURE_CLIENT_ID=7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5a6b\nAZURE_CLIENT_SECRET=${mark(keys.azureSecret())}\n`,
      () => `"clientSecret": "${mark(keys.azureSecret('json'))}"`,
    ],
    falsePositives: [
      [() => 'AZURE_CLIENT_SECRET=abc8Q~...', 'placeholder'],
      [() => `AZURE_CLIENT_SECRET=abc8Q~${'a'.repeat(34)}`, 'repeated characters'],
      [() => 'AZURE_TENANT_ID=7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5a6b', 'a UUID is an id, not a secret'],
      [() => 'clientSecret: $(AZURE_CLIENT_SECRET)', 'pipeline variable reference'],
    ],
  },
};

export const cloudDetectors: readonly SecretDetector[] = [awsAccessKey, awsSecretKey, bedrockKey, azureClientSecret, googleApiKey, googleServiceAccount];
