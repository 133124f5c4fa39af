// The domains the checker understands. Each recognises its documents in a source (by content) and builds a typed,
// located model that its rules read. Explicit and ordered: no self-registration.
import type { DocumentKind } from './model';
import type { ParseProblem } from './parse';
import type { SourceContext } from './source';
import { buildAnthropicModel, type AnthropicModel } from './anthropic/model';
import { buildOpenAIModel, type OpenAIModel } from './openai/model';
import { buildIamModel, type IamModel } from './iam/model';
import { buildSnowflakeModel, type SnowflakeModel } from './snowflake/model';
import { buildWorkloadModel, type WorkloadModel } from './workload/model';

/** The `core` domain carries what every document can have: parse problems. */
export interface CoreModel {
  readonly problems: readonly ParseProblem[];
}

export interface DomainModels {
  core: CoreModel;
  anthropic: AnthropicModel;
  openai: OpenAIModel;
  iam: IamModel;
  snowflake: SnowflakeModel;
  workload: WorkloadModel;
}

export type DomainName = keyof DomainModels;

export interface Built<M> {
  readonly model: M;
  readonly kinds: readonly DocumentKind[];
}

export type Builder<M> = (src: SourceContext) => Built<M> | undefined;

/** Recognisers in a fixed order. Several may recognise the same file (a CloudFormation template with env vars). */
export const builders: { readonly [D in Exclude<DomainName, 'core'>]: Builder<DomainModels[D]> } = {
  anthropic: buildAnthropicModel,
  openai: buildOpenAIModel,
  iam: buildIamModel,
  snowflake: buildSnowflakeModel,
  workload: buildWorkloadModel,
};
