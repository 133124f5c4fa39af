// The workload rules, sorted by id.
import type { Rule } from '../../rule';

export const workloadRules: readonly Rule[] = [] as readonly Rule[];
