// Where each provider's way out is explained: the migration guides under docs/migrate/ (the CLI prints the path, the
// Keys view opens the page).
import type { SecretProvider } from './types';

const GUIDES: Partial<Record<SecretProvider, string>> = {
  Anthropic: 'anthropic', OpenAI: 'openai', AWS: 'aws', Snowflake: 'snowflake', GitHub: 'github', Google: 'google', Azure: 'azure',
};

/** The migration guide for a provider's keys, relative to the package root (`docs/migrate/other.md` for the rest). */
export function migrationGuide(provider: SecretProvider): string {
  return `docs/migrate/${GUIDES[provider] ?? 'other'}.md`;
}
