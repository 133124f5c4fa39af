// The anthropic rules, sorted by id.
import type { Rule } from '../../rule';
import matchConstraint from './match-constraint';

export const anthropicRules: readonly Rule[] = [
  matchConstraint,
] as readonly Rule[];
