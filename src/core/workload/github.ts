// GitHub Actions workflows: each step sees the workflow's `env`, its job's `env` and its own `env` (inner wins), and
// its `with:` inputs go to the action it `uses`. `permissions` at job level replace the workflow's for that job.
import { type MapNode, deref, getMap, getSeq, pairOf, str } from '../tree';
import type { EnvScope, EnvVar, GithubJob, GithubPermissions, GithubWorkflow } from './types';
import { layer, mapVars } from './yaml-env';

export function isWorkflow(root: MapNode): boolean {
  const jobs = getMap(root, 'jobs');
  if (!jobs || !pairOf(root, 'on')) return false;
  return jobs.pairs.some((p) => {
    const j = deref(p.value);
    return j?.kind === 'map' && (!!pairOf(j, 'runs-on') || !!pairOf(j, 'steps') || !!pairOf(j, 'uses'));
  });
}

function permissionsOf(map: MapNode): GithubPermissions | undefined {
  const p = pairOf(map, 'permissions');
  if (!p) return undefined;
  const v = deref(p.value);
  if (v?.kind === 'scalar' && v.value === 'write-all') return { key: p.key.span, idTokenWrite: v.span };
  if (v?.kind === 'map') {
    const idToken = pairOf(v, 'id-token');
    if (idToken && str(idToken.value) === 'write') return { key: p.key.span, idTokenWrite: idToken.span };
  }
  return { key: p.key.span };
}

function envOf(text: string, owner: MapNode): EnvVar[] {
  const pair = pairOf(owner, 'env');
  const env = deref(pair?.value);
  return env?.kind === 'map' && pair ? mapVars(text, env, { map: owner, pair }, 'github', 'empty') : [];
}

export function readWorkflow(text: string, root: MapNode): { workflow: GithubWorkflow; scopes: EnvScope[] } {
  const permissions = permissionsOf(root);
  const workflowEnv = envOf(text, root);
  const jobs: GithubJob[] = [];
  const scopes: EnvScope[] = [];
  const rootEnvKey = pairOf(root, 'env')?.key.span;
  for (const p of getMap(root, 'jobs')?.pairs ?? []) {
    const job = deref(p.value);
    if (job?.kind !== 'map' || typeof p.key.value !== 'string') continue;
    const id = p.key.value;
    const jobPermissions = permissionsOf(job);
    const jobEnv = envOf(text, job);
    const jobEnvKey = pairOf(job, 'env')?.key.span;
    const jobScopes: EnvScope[] = [];
    const steps = getSeq(job, 'steps');
    if (!steps) {
      jobScopes.push({ format: 'github-workflow', label: `job "${id}"`, anchor: jobEnvKey ?? p.key.span, vars: layer(workflowEnv, jobEnv), external: [], partial: false, jobId: id });
    }
    steps?.items.forEach((item, k) => {
      const step = deref(item);
      if (step?.kind !== 'map') return;
      const name = str(pairOf(step, 'name')?.value) ?? str(pairOf(step, 'id')?.value);
      const withPair = pairOf(step, 'with');
      const withMap = deref(withPair?.value);
      const inputs = withMap?.kind === 'map' && withPair ? mapVars(text, withMap, { map: step, pair: withPair }, 'github', 'empty', 'input') : [];
      const stepEnvKey = pairOf(step, 'env')?.key.span;
      jobScopes.push({
        format: 'github-workflow',
        label: `${name ? `step "${name}"` : `step ${k + 1}`} of job "${id}"`,
        anchor: stepEnvKey ?? jobEnvKey ?? rootEnvKey ?? step.pairs[0]?.key.span ?? p.key.span,
        vars: layer(workflowEnv, jobEnv, envOf(text, step)),
        external: [],
        partial: false,
        inputs,
        uses: str(pairOf(step, 'uses')?.value),
        jobId: id,
      });
    });
    scopes.push(...jobScopes);
    jobs.push({
      id,
      key: p.key.span,
      permissions: jobPermissions,
      idTokenWrite: jobPermissions ? jobPermissions.idTokenWrite : permissions?.idTokenWrite,
      scopes: jobScopes,
    });
  }
  return { workflow: { permissions, jobs }, scopes };
}
