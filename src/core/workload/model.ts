// SCAFFOLD: replaced by the workload domain's real model (recognises nothing yet).
import type { Built } from '../domains';
import type { SourceContext } from '../source';

export interface WorkloadModel {
  readonly placeholder?: never;
}

export function buildWorkloadModel(_src: SourceContext): Built<WorkloadModel> | undefined {
  return undefined;
}
