// SCAFFOLD: replaced by the iam domain's real model (recognises nothing yet).
import type { Built } from '../domains';
import type { SourceContext } from '../source';

export interface IamModel {
  readonly placeholder?: never;
}

export function buildIamModel(_src: SourceContext): Built<IamModel> | undefined {
  return undefined;
}
