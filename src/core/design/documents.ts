import { destinationDocuments } from './destination';
import { resolve } from './resolve';
import type { DesignModel, DesignedDocument } from './types';
import { workloadDocuments } from './workload';

/** The destination's documents, then the workload's. Never throws; empty pins show as placeholders. */
export function designDocuments(model: DesignModel): DesignedDocument[] {
  const r = resolve(model);
  return [...destinationDocuments(r), ...workloadDocuments(r)];
}
