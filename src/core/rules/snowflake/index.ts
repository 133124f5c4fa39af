// The snowflake rules, sorted by id.
import type { Rule } from '../../rule';

export const snowflakeRules: readonly Rule[] = [] as readonly Rule[];
