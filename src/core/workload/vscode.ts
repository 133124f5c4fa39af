// VS Code's own JSON-with-comments files: `devcontainer.json` (`containerEnv` + `remoteEnv`, which processes started
// in the container see together) and `.vscode/launch.json` (`configurations[].env`). Values use `${localEnv:X}`,
// `${containerEnv:X}`, `${env:X}`; a null value unsets the variable.
import { type MapNode, deref, getSeq, pairOf, str } from '../tree';
import type { EnvScope, EnvVar } from './types';
import { layer, mapVars } from './yaml-env';

const DEVCONTAINER_BASE = ['image', 'build', 'dockerFile', 'dockerComposeFile'];
const DEVCONTAINER_EXTRAS = ['features', 'customizations', 'forwardPorts', 'postCreateCommand', 'onCreateCommand', 'postStartCommand', 'remoteUser', 'containerUser', 'workspaceFolder', 'mounts', 'runArgs'];

export function isDevcontainer(root: MapNode): boolean {
  if (pairOf(root, 'services') || pairOf(root, 'configurations')) return false;
  if (pairOf(root, 'containerEnv') || pairOf(root, 'remoteEnv')) return true;
  return DEVCONTAINER_BASE.some((k) => pairOf(root, k)) && DEVCONTAINER_EXTRAS.some((k) => pairOf(root, k));
}

function envMap(text: string, root: MapNode, key: string): EnvVar[] {
  const pair = pairOf(root, key);
  const m = deref(pair?.value);
  return m?.kind === 'map' && pair ? mapVars(text, m, { map: root, pair }, 'vscode', 'unset') : [];
}

export function devcontainerScope(text: string, root: MapNode): EnvScope {
  const external = [];
  for (const a of getSeq(root, 'runArgs')?.items ?? []) if (/^--env-file\b/.test(str(a) ?? '')) external.push(a.span);
  const compose = pairOf(root, 'dockerComposeFile');
  if (compose) external.push(compose.key.span);
  const anchor = pairOf(root, 'containerEnv')?.key ?? pairOf(root, 'remoteEnv')?.key ?? root.pairs[0]?.key;
  return {
    format: 'devcontainer',
    label: 'this dev container',
    anchor: anchor ? anchor.span : { start: root.span.start, end: root.span.start + 1 },
    vars: layer(envMap(text, root, 'containerEnv'), envMap(text, root, 'remoteEnv')),
    external,
    partial: false,
  };
}

export function isLaunchConfig(root: MapNode): boolean {
  const configs = getSeq(root, 'configurations');
  if (!configs) return false;
  return !!pairOf(root, 'version') || configs.items.some((c) => !!pairOf(c, 'type') && !!pairOf(c, 'request'));
}

export function launchScopes(text: string, root: MapNode): EnvScope[] {
  const out: EnvScope[] = [];
  getSeq(root, 'configurations')?.items.forEach((item, k) => {
    const c = deref(item);
    if (c?.kind !== 'map') return;
    const envPair = pairOf(c, 'env');
    if (!envPair) return;
    const name = str(pairOf(c, 'name')?.value);
    const envFile = pairOf(c, 'envFile');
    out.push({
      format: 'vscode-launch',
      label: name ? `launch configuration "${name}"` : `launch configuration ${k + 1}`,
      anchor: envPair.key.span,
      vars: envMap(text, c, 'env'),
      external: envFile ? [envFile.key.span] : [],
      partial: false,
    });
  });
  return out;
}
