// Docker compose files: one scope per service, from `environment` (map or list form); `env_file` is a source this
// file cannot see. Values interpolate `${VAR}`, `${VAR:-default}` and `$VAR` from the host (`$$` is a literal `$`).
import { type MapNode, deref, pairOf } from '../tree';
import type { EnvScope } from './types';
import { composeListVars, mapVars } from './yaml-env';

const SERVICE_KEYS = ['image', 'build', 'environment', 'env_file'];

export function isCompose(root: MapNode): boolean {
  const services = deref(pairOf(root, 'services')?.value);
  if (services?.kind !== 'map' || pairOf(root, 'apiVersion') || pairOf(root, 'jobs')) return false;
  return services.pairs.some((p) => {
    const s = deref(p.value);
    return s?.kind === 'map' && SERVICE_KEYS.some((k) => pairOf(s, k));
  });
}

export function composeScopes(text: string, root: MapNode): EnvScope[] {
  const services = deref(pairOf(root, 'services')?.value);
  if (services?.kind !== 'map') return [];
  const out: EnvScope[] = [];
  for (const p of services.pairs) {
    const s = deref(p.value);
    if (s?.kind !== 'map' || typeof p.key.value !== 'string') continue;
    const envPair = pairOf(s, 'environment');
    const env = deref(envPair?.value);
    const holder = envPair ? { map: s, pair: envPair } : undefined;
    const vars = env?.kind === 'map' ? mapVars(text, env, holder, 'shell', 'pass-through') : env?.kind === 'seq' ? composeListVars(text, env, holder) : [];
    const envFile = pairOf(s, 'env_file');
    out.push({
      format: 'docker-compose',
      label: `service "${p.key.value}"`,
      anchor: p.key.span,
      vars,
      external: envFile ? [envFile.key.span] : [],
      partial: false,
    });
  }
  return out;
}
