// The rule designer (issue #6), editor-independent: a design (plain JSON data) → its form, its problems, the
// documents for both sides and the claims of the token it admits. A webview posts the model; the host calls these and
// runs `check()` on each document, so the designer shows the same findings as the editor.
import { sampleClaims } from './claims';
import { designFields, fieldValue, isVisible, newDesign, validateDesign } from './fields';

export * from './types';
export { designDocuments } from './documents';
export { ANTHROPIC_SCOPES, OPENAI_SCOPES } from './fields';
export { designFields, fieldValue, isVisible, newDesign, sampleClaims, validateDesign };
export { isDestination, isIdentityKind, MAX_FIELD_LENGTH, readDesignModel } from './guard';
export { attacks, type AttackView, designRuleSet, type DesignView, designView, type DocumentView, type FieldView, type FindingView, playground, type PlaygroundView, SNOWFLAKE_NOT_SIMULATED, type TokenInput } from './view';
export { carryPins } from './carry';
export { designFromRules } from './infer';
export { canMerge, mergeDocument, type MergeResult } from './merge';
export { adminApiCurl } from './curl';
