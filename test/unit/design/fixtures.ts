// Valid designs for every identity × destination: realistic pins, as a user would type them.
import { newDesign } from '../../../src/core/design';
import { DESTINATIONS, IDENTITY_KINDS, type DesignModel, type Destination, type IdentityKind } from '../../../src/core/design/types';

export const PINS: Readonly<Record<IdentityKind, Readonly<Record<string, string>>>> = {
  'github-actions': { repository: 'acme/payments', githubContext: 'branch', branch: 'main' },
  'aws-sts': {
    awsIssuer: 'https://a1b2c3d4-e5f6-7890-abcd-ef1234567890.tokens.sts.global.api.aws',
    roleArn: 'arn:aws:iam::123456789012:role/inference-worker',
  },
  eks: { clusterIssuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/5C1B3E1F0A7D4E8B9C2D6F4A1B3C5D7E', namespace: 'inference', k8sServiceAccount: 'inference-worker' },
  kubernetes: { issuerUrl: 'https://oidc.k8s.acme.example', namespace: 'batch', k8sServiceAccount: 'report-runner' },
  spiffe: { issuerUrl: 'https://oidc-discovery.spire.acme.example', spiffeId: 'spiffe://acme.example/ns/batch/sa/worker' },
  google: { googleSaId: '104892101234567890123', googleSaEmail: 'inference-worker@my-project.iam.gserviceaccount.com' },
  entra: { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', principalId: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c', entraAudience: '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9' },
  oidc: { issuerUrl: 'https://issuer.acme.example', subject: 'service:batch-worker' },
};

const NAMES: Readonly<Record<Destination, string>> = { anthropic: 'ci-deployer', openai: 'payments-ci', snowflake: 'SVC_DEPLOY' };

/** A valid design: defaults, then the identity's pins (and the destination's account where it needs one). */
export function validDesign(identity: IdentityKind, destination: Destination, extra: Partial<DesignModel> = {}): DesignModel {
  const base = newDesign(identity, destination, NAMES[destination]);
  const pins: Record<string, string> = { ...base.pins, ...PINS[identity] };
  if (destination === 'snowflake') pins.snowflakeAccount = 'acme-payments';
  return { ...base, pins: { ...pins, ...(extra.pins ?? {}) }, ...omitPins(extra) };
}

function omitPins(m: Partial<DesignModel>): Partial<DesignModel> {
  const { pins: _pins, ...rest } = m;
  return rest;
}

export const COMBINATIONS: readonly (readonly [IdentityKind, Destination])[] = IDENTITY_KINDS.flatMap((i) => DESTINATIONS.map((d) => [i, d] as const));
