// SCAFFOLD: replaced by the openai domain's real model (recognises nothing yet).
import type { Built } from '../domains';
import type { SourceContext } from '../source';

export interface OpenAIModel {
  readonly placeholder?: never;
}

export function buildOpenAIModel(_src: SourceContext): Built<OpenAIModel> | undefined {
  return undefined;
}
