// The demo's static keys, made when the demo starts (never committed whole): fake keys in the formats the scanner
// knows, planted where people really leave them. Built and run by scripts/demo.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keys } from '../src/core/secrets/samples';

export function plantKeys(root: string): string[] {
  const files: Record<string, string> = {
    'services/billing/.env': `# billing service, local settings (this file was committed by mistake)\nANTHROPIC_API_KEY=${keys.anthropic('api03', 'demo-billing')}\nOPENAI_API_KEY=${keys.openai('proj', 'demo-billing')}\n`,
    'scripts/backfill.py': `import boto3\n\n# TODO: move to the instance role\nsession = boto3.Session(\n    aws_access_key_id="${keys.awsKeyId('AKIA', 'demo-backfill')}",\n    aws_secret_access_key="${keys.awsSecret('demo-backfill')}",\n    region_name="eu-west-1",\n)\n`,
    'tools/release.ts': `// publishes the release notes\nconst GITHUB_TOKEN = "${keys.github('ghp', 'demo-release')}";\nexport const headers = { Authorization: \`token \${GITHUB_TOKEN}\` };\n`,
    'config/anthropic/admin.json': `{\n  "organization": "acme-payments",\n  "admin_key": "${keys.anthropic('admin01', 'demo-admin')}"\n}\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return Object.keys(files);
}
