// The workload rules, sorted by id.
import type { Rule } from '../../rule';
import federationEnvIncomplete from './federation-env-incomplete';
import profileConfig from './profile-config';
import projectedTokenAudience from './projected-token-audience';
import staticKeyShadowsFederation from './static-key-shadows-federation';
import workflowStaticKey from './workflow-static-key';

export const workloadRules: readonly Rule[] = [
  federationEnvIncomplete,
  profileConfig,
  projectedTokenAudience,
  staticKeyShadowsFederation,
  workflowStaticKey,
] as readonly Rule[];
