// The token simulator's public surface, for the CLI and (later) the rule designer webview. Everything is pure data in
// and out; only signature verification and attack mode (which signs tokens) are asynchronous.
//
//   const rules = loadRuleSet(text, path);                    // sync: the checker's own model builders
//   const read = parseToken(jwtText);                         // sync: says which part is wrong when it is not a JWT
//   const plan = keyPlan(rules, read.token);                  // sync: inline keys, a URL to fetch, or none
//   const signature = await verifySignature(read.token, keys) // async: jose, once per token
//   const sim = simulate(rules, read.token, { now, signature, keys });  // sync: one decision per rule
//   const report = await runAttacks(rules, { now, base });    // async: signs neighbour tokens with a throwaway key;
//                                                             // base: a token, or a design's sampleClaims, as { claims }
export { ANTHROPIC_DEFAULT_AUDIENCE, anthropicMintedLifetime } from './anthropic';
export { type Attack, type AttackDecision, type AttackOptions, type AttackReport, type AttackTarget, type BaseClaims, runAttacks } from './attacks';
export { ANTHROPIC_LEEWAY, MAX_ASSERTION_BYTES } from './checks';
export { ASYMMETRIC_ALGS, jwksUriOf, type KeySetRead, readKeySet, verifySignature } from './keys';
export { OPENAI_MAX_TOKEN_LIFETIME } from './openai';
export { type AnthropicSimRule, familyLabel, loadRuleSet, type OpenAISimRule, type RuleSet, type SimRule } from './rules';
export { type KeyPlan, keyPlan, simulate, type SimulateOptions, verifyAndSimulate } from './simulate';
export { parseToken, type TokenPart, type TokenRead } from './token';
export type * from './types';
