// AWS (key ids paired with their secret, Bedrock API keys), Google (API keys, service-account JSON keys) and Azure
// (Entra client secrets), from docs/domain §6.
import { randomEnough, shannonEntropy } from './checks';
import { around, awsSecretNear, awsSecretShape } from './context';
import { pemBlockOk } from './detectors-keys';
import { keys, mark, markRelated } from './samples';
import type { SecretDetector } from './types';

const keyId = (prefix = 'AKIA', seed = prefix): string => keys.awsKeyId(prefix, seed);
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
  verify: (secret) => randomEnough(secret.slice(4).replace(/=+$/, ''), 4),
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
