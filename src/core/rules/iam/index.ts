// The iam rules, sorted by id.
import type { Rule } from '../../rule';

export const iamRules: readonly Rule[] = [] as readonly Rule[];
