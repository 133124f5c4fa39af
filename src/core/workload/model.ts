// The workload domain: the configs of the workloads themselves (dotenv files, compose files, GitHub workflows,
// Kubernetes manifests, Dockerfiles, devcontainer.json, launch.json, Anthropic profiles and gateway YAML), read into
// env scopes and the structures that decide which credential wins. Content decides; the file name breaks ties.
// Types: ./types.ts. Readers: one file per format.
import type { Built } from '../domains';
import type { DocumentKind } from '../model';
import { looksLikeJson } from '../parse';
import type { SourceContext } from '../source';
import { deref } from '../tree';
import { isGateway, isProfile, readGateway, readProfile } from './anthropic-config';
import { composeScopes, isCompose } from './compose';
import { dockerfileScopes, looksLikeDockerfile, parseDockerfile } from './dockerfile';
import { dotenvVars, parseDotenv } from './dotenv';
import { isWorkflow, readWorkflow } from './github';
import { isKubeWorkload, readPod } from './kubernetes';
import { lineEndAt, skipBlanks, afterBreak } from './text-lines';
import type { AnthropicProfile, EnvScope, EnvVar, GatewayUpstream, GithubWorkflow, KubePod, WorkloadModel } from './types';
import { PROVIDER_VARS } from './vars';
import { devcontainerScope, isDevcontainer, isLaunchConfig, launchScopes } from './vscode';

export type * from './types';

export function buildWorkloadModel(src: SourceContext): Built<WorkloadModel> | undefined {
  const hint = src.textFormatHint;
  if (hint === 'sql') return undefined;
  if (hint === 'dockerfile') return fromDockerfile(src, false);
  if (hint === 'dotenv') return fromDotenv(src, false);
  if (!looksLikeJson(src.text)) {
    const first = firstWord(src.text);
    if (first === 'FROM' || first === 'ARG') {
      const built = fromDockerfile(src, true);
      if (built) return built;
    }
    if (first !== undefined && /ANTHROPIC_|OPENAI_/.test(src.text)) {
      const built = fromDotenv(src, true);
      if (built) return built;
    }
  }
  return fromStructured(src);
}

/** The first word of the first line that is neither blank nor a comment. */
function firstWord(text: string): string | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const s = skipBlanks(text, i);
    const e = lineEndAt(text, s);
    if (s < e && text[s] !== '#') return /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(s, Math.min(e, s + 64)))?.[0];
    i = afterBreak(text, e);
    if (i === e) break;
  }
  return undefined;
}

function model(parts: {
  scopes?: EnvScope[];
  workflows?: GithubWorkflow[];
  pods?: KubePod[];
  profiles?: AnthropicProfile[];
  gateways?: GatewayUpstream[];
}): WorkloadModel {
  const scopes = parts.scopes ?? [];
  const seeing = new Map<number, EnvScope[]>();
  for (const s of scopes) {
    for (const v of s.vars) {
      const list = seeing.get(v.nameSpan.start) ?? [];
      list.push(s);
      seeing.set(v.nameSpan.start, list);
    }
  }
  return {
    scopes,
    workflows: parts.workflows ?? [],
    pods: parts.pods ?? [],
    profiles: parts.profiles ?? [],
    gateways: parts.gateways ?? [],
    scopesSeeing: (v: EnvVar) => seeing.get(v.nameSpan.start) ?? [],
  };
}

function fromDockerfile(src: SourceContext, byContent: boolean): Built<WorkloadModel> | undefined {
  const parse = parseDockerfile(src.text);
  if (byContent && !looksLikeDockerfile(src.text, parse, true)) return undefined;
  src.textFormat = 'dockerfile';
  return { model: model({ scopes: dockerfileScopes(src.text, parse) }), kinds: ['dockerfile'] };
}

const TEMPLATE_NAME = /(?:^|[.-])(?:example|sample|template|dist|defaults?|tpl)(?:$|\.)/;

function fromDotenv(src: SourceContext, byContent: boolean): Built<WorkloadModel> | undefined {
  const parse = parseDotenv(src.text, byContent);
  if (byContent && (!parse.onlyAssignments || !parse.entries.some((e) => PROVIDER_VARS.has(e.name)))) return undefined;
  src.textFormat = 'dotenv';
  src.problems.push(...parse.problems);
  const vars = dotenvVars(src.text, parse);
  const template = TEMPLATE_NAME.test(src.baseName);
  const scope: EnvScope = {
    format: 'dotenv',
    label: template ? 'this template' : 'this file',
    anchor: vars[0]?.nameSpan ?? { start: 0, end: 0 },
    vars,
    external: [],
    partial: false,
    template,
  };
  return { model: model({ scopes: [scope] }), kinds: ['dotenv'] };
}

function fromStructured(src: SourceContext): Built<WorkloadModel> | undefined {
  const parsed = src.structured();
  const kinds: DocumentKind[] = [];
  const add = (k: DocumentKind) => kinds.includes(k) || kinds.push(k);
  const scopes: EnvScope[] = [];
  const workflows: GithubWorkflow[] = [];
  const pods: KubePod[] = [];
  const profiles: AnthropicProfile[] = [];
  const gateways: GatewayUpstream[] = [];
  const text = src.text;
  for (const doc of parsed.documents) {
    const root = deref(doc.root);
    if (root?.kind !== 'map') continue;
    if (isKubeWorkload(root)) {
      const pod = readPod(text, root);
      pods.push(pod);
      scopes.push(...pod.containers);
      add('kubernetes-manifest');
    } else if (isWorkflow(root)) {
      const w = readWorkflow(text, root);
      workflows.push(w.workflow);
      scopes.push(...w.scopes);
      add('github-workflow');
    } else if (isCompose(root)) {
      scopes.push(...composeScopes(text, root));
      add('docker-compose');
    } else if (isLaunchConfig(root)) {
      scopes.push(...launchScopes(text, root));
      add('vscode-launch');
    } else if (isProfile(root)) {
      profiles.push(readProfile(root));
      add('anthropic-profile');
    } else if (isGateway(root)) {
      gateways.push(...readGateway(root));
      add('anthropic-gateway');
    } else if (isDevcontainer(root)) {
      scopes.push(devcontainerScope(text, root));
      add('devcontainer');
    }
  }
  if (kinds.length === 0) return undefined;
  return { model: model({ scopes, workflows, pods, profiles, gateways }), kinds };
}
