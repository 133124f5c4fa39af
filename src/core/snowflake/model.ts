// SCAFFOLD: replaced by the snowflake domain's real model (recognises nothing yet).
import type { Built } from '../domains';
import type { SourceContext } from '../source';

export interface SnowflakeModel {
  readonly placeholder?: never;
}

export function buildSnowflakeModel(_src: SourceContext): Built<SnowflakeModel> | undefined {
  return undefined;
}
