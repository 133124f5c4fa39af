// The rule designer updates as the user types: every change recomputes the documents with their findings (the same
// checker as the editor), then the token playground and the attack panel. Target: the whole update under 50 ms, so
// results follow typing (the page debounces by 120 ms on top). Measured for the common designs of each destination.
import { performance } from 'node:perf_hooks';
import { attacks, type DesignModel, designView, newDesign, playground } from '../src/core/design';
import { measure, report } from './harness';

const NOW = 1_800_000_000;

function design(identity: DesignModel['identity'], destination: DesignModel['destination'], pins: Record<string, string>): DesignModel {
  const m = newDesign(identity, destination, 'ci-deployer');
  return { ...m, pins: { ...m.pins, ...pins } };
}

const cases: [string, DesignModel][] = [
  ['GitHub Actions -> Anthropic', design('github-actions', 'anthropic', { repository: 'acme/payments', branch: 'main' })],
  ['EKS -> OpenAI', design('eks', 'openai', { clusterIssuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/5C1B3E1F0A7D4E8B9C2D6F4A1B3C5D7E', namespace: 'inference', k8sServiceAccount: 'worker' })],
  ['AWS STS -> Snowflake', design('aws-sts', 'snowflake', { roleArn: 'arn:aws:iam::123456789012:role/loader', snowflakeAccount: 'acme-prod' })],
];

async function main(): Promise<void> {
  for (const [name, model] of cases) {
    // a keystroke changes one pin: vary it so nothing is cached across runs
    let i = 0;
    const next = () => ({ ...model, serviceAccount: `ci-deployer-${i++ % 50}` });
    report(measure(`designer view (documents + findings), ${name}`, () => designView(next()), { warmup: 20, runs: 40, trials: 5 }), 20);
    // the asynchronous parts (signing with WebCrypto): timed over sequential awaits
    const times: number[] = [];
    for (let w = 0; w < 10; w++) await Promise.all([playground(next(), { kind: 'sample' }, NOW), attacks(next(), NOW)]);
    for (let r = 0; r < 30; r++) {
      const m = next();
      const start = performance.now();
      designView(m);
      await Promise.all([playground(m, { kind: 'sample' }, NOW), attacks(m, NOW)]);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[15]!;
    const ok = median < 50;
    console.log(`${ok ? 'ok  ' : 'FAIL'} designer update (view + playground + attacks), ${name}: median ${median.toFixed(1)} ms, p95 ${times[28]!.toFixed(1)} ms over 30 changes (target: median < 50 ms)`);
    if (!ok) process.exitCode = 1;
  }
}

void main();
