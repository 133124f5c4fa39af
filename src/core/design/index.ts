// The rule designer (issue #6), editor-independent: a design (plain JSON data) → its form, its problems, the
// documents for both sides and the claims of the token it admits. A webview posts the model; the host calls these and
// runs `check()` on each document, so the designer shows the same findings as the editor.
import { sampleClaims } from './claims';
import { destinationDocuments } from './destination';
import { designFields, fieldValue, isVisible, newDesign, validateDesign } from './fields';
import { resolve } from './resolve';
import type { DesignModel, DesignedDocument } from './types';
import { workloadDocuments } from './workload';

export * from './types';
export { ANTHROPIC_SCOPES, OPENAI_SCOPES } from './fields';
export { designFields, fieldValue, isVisible, newDesign, sampleClaims, validateDesign };

/** The destination's documents, then the workload's. Never throws; empty pins show as placeholders. */
export function designDocuments(model: DesignModel): DesignedDocument[] {
  const r = resolve(model);
  return [...destinationDocuments(r), ...workloadDocuments(r)];
}
