// The openai rules, sorted by id.
import type { Rule } from '../../rule';

export const openaiRules: readonly Rule[] = [] as readonly Rule[];
