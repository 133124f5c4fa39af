// Whether a CEL condition is "over-true": true for tokens its author did not mean. Only what the expression's
// structure shows: a path through an `||` that skips a required check (the tenant of a shared issuer), tenant claims
// read without being pinned, conditions or branches that only exclude or test presence, `matches()` regexes that
// search instead of match, `startsWith` prefixes that stop in the middle of a name. Used by the rules and the
// token simulator; wording is the callers' business.
import type { CelExpr } from './cel';
import {
  type ClaimIndex, type ClaimUse, type RegexAnchoring, type UsePredicate, branchWithout, claimUses, constValue, isPositive, nodes,
  onEveryPath, regexAnchoring, usesWithin,
} from './cel-analysis';
import type { IssuerFamily } from './issuers';
import { analyzeSubject } from './subjects';

export type OverTrue =
  /** An `||` (or ternary) branch that can make the condition true without the required check. */
  | { readonly kind: 'unpinned-branch'; readonly node: CelExpr }
  /** A tenant claim read without pinning it (`!=`, `endsWith`, a short `startsWith`, `has`). */
  | { readonly kind: 'weak-pin'; readonly use: ClaimUse }
  /** An `||` branch that only excludes or tests presence: the `||` admits nearly everything. */
  | { readonly kind: 'negative-branch'; readonly node: CelExpr; readonly other: CelExpr; readonly uses: readonly ClaimUse[] }
  /** The whole condition only excludes or tests presence. */
  | { readonly kind: 'negative-only'; readonly uses: readonly ClaimUse[] }
  /** `matches()` with a pattern that is not anchored at both ends (RE2 searches). */
  | { readonly kind: 'unanchored-regex'; readonly use: ClaimUse; readonly anchoring: RegexAnchoring; readonly anchored: string }
  /** `startsWith` with a prefix that ends inside a name: `example` also passes. */
  | { readonly kind: 'no-delimiter'; readonly use: ClaimUse; readonly example: string };

export interface OverTrueOptions {
  /** Set when a tenant must be pinned by the condition (a shared issuer, no static pin): what pins it, which claims are tenant claims. */
  readonly tenant?: { readonly pin: UsePredicate; readonly isTenantClaim: (claim: string) => boolean };
  /** Other matchers of the rule already admit only named workloads: an exclusion-only condition is then a deny-list. */
  readonly otherConstraints: boolean;
  readonly family?: IssuerFamily;
}

const PATH_LIKE = new Set(['repository', 'job_workflow_ref', 'workflow_ref', 'project_path', 'namespace_path']);

const litOf = (u: ClaimUse) => (u.literal?.lit.type === 'string' ? u.literal.lit.value : undefined);

/** A use that only excludes (`!=`, a negated `==`/`in`) or only tests presence (`has`, `!has`). */
export const excludesOnly = (u: ClaimUse): boolean => u.op === '!=' || u.op === 'has' || (u.negated && (u.op === '==' || u.op === 'in'));

/** The pattern anchored at both ends (`^(?:a|b)$` when it has a top-level alternation). */
export function anchorPattern(pattern: string, a: RegexAnchoring = regexAnchoring(pattern)): string {
  const flags = /^\(\?[a-zA-Z]+\)/.exec(pattern)?.[0] ?? '';
  const body = pattern.slice(flags.length);
  if (a.alternation) return `${flags}^(?:${body.replace(/^\^/, '').replace(/\$$/, '')})$`;
  return `${flags}${a.start ? '' : '^'}${body}${a.end ? '' : '$'}`;
}

function parentOf(root: CelExpr, child: CelExpr): Extract<CelExpr, { kind: 'call' }> | undefined {
  for (const e of nodes(root)) if (e.kind === 'call' && (e.fn === '_||_' || e.fn === '_?_:_') && e.args.includes(child)) return e;
  return undefined;
}

function tenantFindings(root: CelExpr, index: ClaimIndex, tenant: NonNullable<OverTrueOptions['tenant']>): OverTrue[] {
  if (!index.uses.some((u) => tenant.isTenantClaim(u.path[0]!)) || onEveryPath(root, index, tenant.pin)) return [];
  const branch = branchWithout(root, index, tenant.pin);
  if (branch) return [{ kind: 'unpinned-branch', node: branch }];
  const seen = new Set<CelExpr>();
  return index.uses.flatMap((use): OverTrue[] => {
    if (!tenant.isTenantClaim(use.path[0]!) || tenant.pin(use) || seen.has(use.atom)) return [];
    seen.add(use.atom);
    return [{ kind: 'weak-pin', use }];
  });
}

export function overTrue(root: CelExpr, opts: OverTrueOptions): OverTrue[] {
  if (constValue(root) !== undefined) return [];
  const index = claimUses(root);
  const out: OverTrue[] = opts.tenant ? tenantFindings(root, index, opts.tenant) : [];
  const weakAtoms = new Set(out.flatMap((f) => (f.kind === 'weak-pin' ? [f.use.atom] : [])));
  const unpinned = new Set(out.flatMap((f) => (f.kind === 'unpinned-branch' ? [f.node] : [])));

  if (!onEveryPath(root, index, isPositive)) {
    const branch = branchWithout(root, index, isPositive);
    if (branch) {
      const uses = usesWithin(branch, index);
      const other = parentOf(root, branch)?.args.find((a) => a !== branch && a.kind !== 'literal');
      if (uses.length && uses.every(excludesOnly) && other && !unpinned.has(branch)) out.push({ kind: 'negative-branch', node: branch, other, uses });
    } else if (weakAtoms.size === 0 && !opts.otherConstraints && index.uses.length && index.uses.every(excludesOnly)) {
      out.push({ kind: 'negative-only', uses: index.uses });
    }
  }

  for (const use of index.uses) {
    const lit = litOf(use);
    if (use.negated || lit === undefined || weakAtoms.has(use.atom)) continue;
    if (use.op === 'matches') {
      const anchoring = regexAnchoring(lit);
      if (!anchoring.start || !anchoring.end || anchoring.alternation) out.push({ kind: 'unanchored-regex', use, anchoring, anchored: anchorPattern(lit, anchoring) });
    } else if (use.op === 'startsWith' && use.path.length === 1) {
      const claim = use.path[0]!;
      let example: string | undefined;
      if (claim === 'sub') {
        const analysis = analyzeSubject(`${lit}*`, 'trailing-star', opts.family);
        if (analysis.issues.some((i) => i.code === 'no-delimiter')) example = analysis.alsoAdmits[0];
      } else if ((PATH_LIKE.has(claim) || (claim === 'ref' && lit.startsWith('refs/heads/'))) && /[A-Za-z0-9]$/.test(lit)) {
        example = `${lit}-${claim === 'ref' ? 'unprotected' : 'sandbox'}`;
      }
      if (example) out.push({ kind: 'no-delimiter', use, example });
    }
  }
  return out;
}
