// The claims of the legitimate token a designed workload presents (domain.md §5): what the token playground and the
// attack mode sign. Deterministic: the same design and `now` give the same claims (ids are derived, not random).
import { type Resolved, pin, resolve } from './resolve';
import type { DesignModel } from './types';

/** 32 hex digits derived from the text (FNV-1a, four seeds): a stable stand-in for a random id. */
export function stableHex(text: string): string {
  let out = '';
  for (const seed of [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15]) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

function stableUuid(text: string): string {
  const h = stableHex(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function issuerClaims(r: Resolved, jti: string): Record<string, unknown> {
  const m = r.model;
  switch (r.identity) {
    case 'github-actions': {
      const out: Record<string, unknown> = { jti, repository: r.repository, repository_owner: r.owner };
      if (m.pins.ownerId) out.repository_owner_id = m.pins.ownerId;
      if (m.pins.repositoryId) out.repository_id = m.pins.repositoryId;
      if (m.pins.githubContext === 'environment') out.environment = pin(m, 'environment', '<environment>');
      else Object.assign(out, { ref: `refs/heads/${pin(m, 'branch', '<branch>')}`, ref_type: 'branch' });
      return out;
    }
    case 'aws-sts':
      // custom and AWS-specific claims are nested under this literal key (§4.1)
      return { jti, 'https://sts.amazonaws.com/': { aws_account: r.awsAccount } };
    case 'eks':
    case 'kubernetes':
      // `jti` (1.29+) and `kubernetes.io.node` (1.30+) depend on the cluster's version (§5.3 [?]): jti is kept, node
      // and pod are left out (nothing in the design names them)
      return {
        jti,
        'kubernetes.io': {
          namespace: r.namespace,
          serviceaccount: { name: r.k8sServiceAccount, uid: stableUuid(`${r.issuerUrl}|${r.subject}`) },
        },
      };
    case 'google':
      return { azp: r.subject, email: pin(m, 'googleSaEmail', '<service-account>@<project>.iam.gserviceaccount.com'), email_verified: true };
    case 'entra':
      return { ver: '2.0', oid: r.subject, tid: r.tenant };
    case 'spiffe':
    case 'oidc':
      return { jti };
  }
}

/**
 * The claims of the token this workload would present at `now` (seconds since the epoch): iss, sub, aud, iat, exp
 * (exp − iat is the token's lifetime, within what the issuer accepts) and the issuer's own claims.
 */
export function sampleClaims(model: DesignModel, now: number): Record<string, unknown> {
  const r = resolve(model);
  const iat = Math.floor(now);
  // Kubernetes always sends aud as a list (§5.3); a JWT-SVID's aud holds one or more values (§5.4): a one-element list
  const aud = r.identity === 'eks' || r.identity === 'kubernetes' || r.identity === 'spiffe' ? [r.audience] : r.audience;
  const nbf = r.identity === 'github-actions' || r.identity === 'eks' || r.identity === 'kubernetes' ? { nbf: iat } : {};
  const jti = stableHex(`${r.issuerUrl}|${r.subject}|${iat}`);
  return { iss: r.issuerUrl, sub: r.subject, aud, iat, ...nbf, exp: iat + r.tokenLifetime, ...issuerClaims(r, jti) };
}
