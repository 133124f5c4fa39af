// Kubernetes workloads: the pod spec of each kind, one scope per container (`env`, with `envFrom` as a source this
// file cannot see), and the projected service-account tokens of its volumes with the files containers see them at.
import { type MapNode, type Node, deref, get, getMap, getScalar, getSeq, pairOf, str } from '../tree';
import type { EnvScope, KubePod, KubeTokenSource } from './types';
import { normalizePath } from './vars';
import { kubeListVars, nameSpanOf } from './yaml-env';

const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function isKubeWorkload(root: MapNode): boolean {
  const kind = str(get(root, 'kind'));
  return typeof str(get(root, 'apiVersion')) === 'string' && kind !== undefined && kind in POD_SPEC_PATHS;
}

export function readPod(text: string, root: MapNode): KubePod {
  const kind = str(get(root, 'kind'))!;
  let spec: Node | undefined = root;
  for (const k of POD_SPEC_PATHS[kind]!) spec = getMap(spec, k);
  const containers: EnvScope[] = [];
  const mounts: { scope: EnvScope; name: string; mountPath: string; subPath?: string }[] = [];
  for (const list of ['initContainers', 'containers']) {
    for (const item of getSeq(spec, list)?.items ?? []) {
      const c = deref(item);
      if (c?.kind !== 'map') continue;
      const nameNode = getScalar(c, 'name');
      const envPair = pairOf(c, 'env');
      const env = deref(envPair?.value);
      const envFrom = pairOf(c, 'envFrom');
      const scope: EnvScope = {
        format: 'kubernetes-manifest',
        label: `container "${str(nameNode) ?? '?'}"`,
        anchor: nameNode ? nameSpanOf(nameNode) : { start: c.span.start, end: c.span.start },
        vars: env?.kind === 'seq' && envPair ? kubeListVars(text, env, { map: c, pair: envPair }) : [],
        external: envFrom ? [envFrom.key.span] : [],
        partial: false,
      };
      containers.push(scope);
      for (const m of getSeq(c, 'volumeMounts')?.items ?? []) {
        const name = str(get(m, 'name'));
        const mountPath = str(get(m, 'mountPath'));
        if (name && mountPath) mounts.push({ scope, name, mountPath, subPath: str(get(m, 'subPath')) });
      }
    }
  }
  const tokens: KubeTokenSource[] = [];
  for (const v of getSeq(spec, 'volumes')?.items ?? []) {
    const nameNode = getScalar(v, 'name');
    const volume = str(nameNode);
    if (!volume || !nameNode) continue;
    for (const s of getSeq(getMap(v, 'projected'), 'sources')?.items ?? []) {
      const pair = pairOf(s, 'serviceAccountToken');
      const node = deref(pair?.value);
      if (!pair || node?.kind !== 'map') continue;
      const path = str(get(node, 'path'));
      const files = mounts
        .filter((m) => m.name === volume && path !== undefined && (m.subPath === undefined || m.subPath === path))
        .map((m) => ({ scope: m.scope, file: normalizePath(m.subPath === undefined ? `${m.mountPath}/${path}` : m.mountPath) }));
      tokens.push({
        volume,
        volumeSpan: nameSpanOf(nameNode),
        key: pair.key,
        node,
        audience: getScalar(node, 'audience'),
        expirationSeconds: getScalar(node, 'expirationSeconds'),
        path,
        files,
      });
    }
  }
  return { kind, tokens, containers };
}
