// Every rule, explicitly listed and sorted by id (a test checks the order and that each has a test and a doc).
import type { Rule } from '../rule';
import coreParseError from './core/parse-error';
import { anthropicRules } from './anthropic';
import { iamRules } from './iam';
import { openaiRules } from './openai';
import { snowflakeRules } from './snowflake';
import { workloadRules } from './workload';

export const allRules: readonly Rule[] = [
  ...anthropicRules,
  coreParseError,
  ...iamRules,
  ...openaiRules,
  ...snowflakeRules,
  ...workloadRules,
] as readonly Rule[];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
