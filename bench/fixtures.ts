// Generated documents for the benchmarks (and for profiling by hand).

/** A realistic manifest: GitHub, EKS, SPIFFE, Google and Entra issuers; rules of every shape, some mis-scoped. */
export function manifest(targetLines: number): string {
  const lines: string[] = ['federation_issuers:'];
  const issuers = [
    ['github-actions', 'https://token.actions.githubusercontent.com'],
    ['payments-eks', 'https://oidc.eks.us-west-2.amazonaws.com/id/5C1B3E1F0A7D4E8B9C2D6F4A1B3C5D7E'],
    ['spire', 'https://oidc-discovery.spire.acme.example'],
    ['google', 'https://accounts.google.com'],
    ['entra', 'https://login.microsoftonline.com/9f8e7d6c-5b4a-3210-fedc-ba9876543210/v2.0'],
  ];
  for (const [name, url] of issuers) lines.push(`  - name: ${name}`, `    issuer_url: ${url}`, '    jwks: { type: discovery }', '    max_jwt_lifetime_seconds: 600');
  lines.push('service_accounts:');
  for (let i = 0; i < 20; i++) lines.push(`  - name: sa-${i}`, '    organization_role: developer');
  lines.push('federation_rules:');
  let i = 0;
  while (lines.length < targetLines) {
    const n = i++;
    const kind = n % 5;
    lines.push(`  - name: rule-${n}`, `    description: rule ${n} for team ${n % 17}`, `    issuer_id: ${issuers[kind]![0]}`, '    match:');
    if (kind === 0) {
      lines.push(`      subject_prefix: "repo:acme/service-${n}:${n % 7 === 0 ? '*' : 'ref:refs/heads/main'}"`, '      audience: https://api.anthropic.com', '      claims:', '        repository_owner: acme');
    } else if (kind === 1) {
      lines.push(`      subject_prefix: "system:serviceaccount:team-${n % 13}:worker-${n}"`, '      audience: https://api.anthropic.com');
    } else if (kind === 2) {
      lines.push(`      subject_prefix: "spiffe://acme.example/ns/batch/sa/job-${n}"`, '      audience: https://api.anthropic.com');
    } else if (kind === 3) {
      lines.push('      audience: https://api.anthropic.com', `      condition: 'claims.sub == "1048921012345678${String(n).padStart(5, '0')}" && claims.email == "svc-${n}@acme-prod.iam.gserviceaccount.com"'`);
    } else {
      lines.push('      audience: 00000000-1111-2222-3333-444444444444', '      claims:', `        oid: 6a1b2c3d-0000-4000-8000-${String(n).padStart(12, '0')}`, '        tid: 9f8e7d6c-5b4a-3210-fedc-ba9876543210');
    }
    lines.push(`    target: { type: service_account, service_account_id: sa-${n % 20} }`, `    workspace_id: wrkspc_01Team${n % 9}Prod7xQ2mN8vK4tR`, `    oauth_scope: ${n % 11 === 0 ? 'workspace:developer' : 'workspace:inference'}`, '    token_lifetime_seconds: 600');
  }
  return lines.join('\n') + '\n';
}
