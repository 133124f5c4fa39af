// The workload domain's model: the environments processes see (env scopes) and the few structures around them that
// decide which credential wins (GitHub permissions, Kubernetes projected tokens, Anthropic profiles and gateways).
import type { DocumentKind, Span, TextEdit } from '../model';
import type { MapNode, PairNode, ScalarNode } from '../tree';
import type { ValueShape } from './vars';

export type WorkloadFormat = Extract<
  DocumentKind,
  'dotenv' | 'docker-compose' | 'github-workflow' | 'kubernetes-manifest' | 'dockerfile' | 'devcontainer' | 'vscode-launch'
>;

/** A place where variables are written; it knows how to add one more in its own syntax. */
export interface EnvBlock {
  /** An edit adding `name` with `value` next to the block's variables (dotenv line, YAML pair or item, `ENV` line...). */
  insert(name: string, value: string): TextEdit;
}

export interface EnvVar {
  readonly name: string;
  readonly nameSpan: Span;
  /** The value the process sees, decoded; undefined when it has no value text (`valueFrom`, compose `- KEY`, `ARG KEY`). */
  readonly value?: string;
  /** The value as written (quotes included); an empty span where it would go for `KEY=`; undefined when absent. */
  readonly valueSpan?: Span;
  readonly shape: ValueShape;
  /** An `env` entry, a Dockerfile build `ARG`, or an action input (`with:`). */
  readonly origin: 'env' | 'arg' | 'input';
  /** The edit that removes this variable (its line, pair, list item or assignment) and nothing else. */
  readonly remove: TextEdit;
  readonly block: EnvBlock;
}

/** Variables one process sees together. */
export interface EnvScope {
  readonly format: WorkloadFormat;
  /** For messages: `service "api"`, `container "app"`, `step "Call Claude" of job "deploy"`, `this .env file`. */
  readonly label: string;
  /** Where to report something the scope lacks: its key (`env:`, the service name, the container name). */
  readonly anchor: Span;
  /** The effective variables (an inner definition hides an outer one of the same name). */
  readonly vars: readonly EnvVar[];
  /** Other sources of variables this file cannot see (`env_file`, `envFrom`, `envFile`, `--env-file`). */
  readonly external: readonly Span[];
  /** Defaults that the runtime is expected to complete (a Dockerfile's `ENV`/`ARG`): what is missing may come later. */
  readonly partial: boolean;
  /** A template to copy and fill in (`.env.example`): blanks and placeholder ids are expected. */
  readonly template?: boolean;
  /** GitHub: the step's `with:` inputs, the action it `uses`, and its job's id. */
  readonly inputs?: readonly EnvVar[];
  readonly uses?: string;
  readonly jobId?: string;
}

export interface GithubPermissions {
  /** The `permissions` key. */
  readonly key: Span;
  /** What grants `id-token: write`: the `id-token: write` pair or the `write-all` value. */
  readonly idTokenWrite?: Span;
}

export interface GithubJob {
  readonly id: string;
  readonly key: Span;
  readonly permissions?: GithubPermissions;
  /** The grant of `id-token: write` that applies to the job (job level when it has `permissions`, else workflow level). */
  readonly idTokenWrite?: Span;
  /** One scope per step (or one for the job when it has no steps). */
  readonly scopes: readonly EnvScope[];
}

export interface GithubWorkflow {
  readonly permissions?: GithubPermissions;
  readonly jobs: readonly GithubJob[];
}

export interface KubeTokenSource {
  /** The volume's name and its span. */
  readonly volume: string;
  readonly volumeSpan: Span;
  /** The `serviceAccountToken` key and its map. */
  readonly key: ScalarNode;
  readonly node: MapNode;
  readonly audience?: ScalarNode;
  readonly expirationSeconds?: ScalarNode;
  readonly path?: string;
  /** Where containers see the token: the file path, and the container's scope. */
  readonly files: readonly { readonly file: string; readonly scope: EnvScope }[];
}

export interface KubePod {
  readonly kind: string;
  readonly tokens: readonly KubeTokenSource[];
  readonly containers: readonly EnvScope[];
}

/** `configs/<name>.json`: an Anthropic SDK profile (domain.md §1.9). */
export interface AnthropicProfile {
  readonly root: MapNode;
  readonly authKey: ScalarNode;
  readonly auth: MapNode;
  readonly type?: ScalarNode;
  /** Credential-like pairs (`access_token`, `refresh_token`, `api_key`) with the map holding each. */
  readonly credentials: readonly { readonly map: MapNode; readonly pair: PairNode }[];
}

/** One `upstreams[]` entry of the Claude apps gateway YAML with an `auth` block. */
export interface GatewayUpstream {
  readonly node: MapNode;
  readonly authKey: ScalarNode;
  readonly auth: MapNode;
}

export interface WorkloadModel {
  readonly scopes: readonly EnvScope[];
  readonly workflows: readonly GithubWorkflow[];
  readonly pods: readonly KubePod[];
  readonly profiles: readonly AnthropicProfile[];
  readonly gateways: readonly GatewayUpstream[];
  /** Every scope that sees this variable (a workflow-level `env` entry is seen by every step of every job). */
  scopesSeeing(v: EnvVar): readonly EnvScope[];
}
