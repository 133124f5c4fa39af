// Reading one IAM policy document (a located map) into the typed model: statements, principals, actions,
// conditions and their values, with CloudFormation intrinsics (`!Sub`, `!Ref`, `Fn::If`…) told apart.
import type { Node, MapNode, ScalarNode } from '../tree';
import { deref, get, pairOf } from '../tree';
import type { PolicyText } from './embedded';
import { analyzeFederated, globMatch, parseOperator, providerFamily, providerKey } from './facts';
import type {
  FederatedPrincipal, IamActions, IamCondition, IamConditionBlock, IamConditionEntry, IamConditionRef, IamOrigin, IamPolicy, IamPrincipal,
  IamStatement, IamValue,
} from './model';

const VERSIONS: ReadonlySet<string> = new Set(['2012-10-17', '2008-10-17']);
const STATEMENT_KEYS = ['Effect', 'Action', 'NotAction', 'Principal', 'NotPrincipal', 'Resource', 'NotResource', 'Condition'];

/**
 * An IAM policy document: a map with a `Statement` (a map or a list of maps) and a policy `Version`, or, without the
 * version, statements made of IAM's own elements (`Effect: Allow|Deny` plus `Action`/`NotAction`).
 */
export function isPolicyDocument(root: MapNode): boolean {
  const stmt = deref(pairOf(root, 'Statement')?.value);
  if (!stmt || stmt.tag || (stmt.kind !== 'map' && stmt.kind !== 'seq')) return false;
  const list = stmt.kind === 'seq' ? stmt.items.map((i) => deref(i)) : [stmt];
  if (!list.every((s) => s?.kind === 'map')) return false;
  const version = deref(get(root, 'Version'));
  if (version?.kind === 'scalar' && VERSIONS.has(String(version.value))) return true;
  return list.length > 0 && list.every((s) => {
    const m = s as MapNode;
    const effect = deref(get(m, 'Effect'));
    return effect?.kind === 'scalar' && (effect.value === 'Allow' || effect.value === 'Deny') && (!!pairOf(m, 'Action') || !!pairOf(m, 'NotAction')) &&
      m.pairs.every((p) => p.key.value === 'Sid' || STATEMENT_KEYS.includes(String(p.key.value)));
  });
}

export interface ReadOptions {
  /** The URL of an `AWS::IAM::OIDCProvider` a `!Ref`/`!GetAtt` points to (CloudFormation). */
  readonly resolveProvider?: (logicalId: string) => string | undefined;
}

export function readPolicy(root: MapNode, source: PolicyText, origin: IamOrigin, use: IamPolicy['use'], label: string, opts: ReadOptions = {}): IamPolicy {
  const r = new Reader(source, opts);
  const stmt = deref(pairOf(root, 'Statement')?.value);
  const list = stmt?.kind === 'seq' && !stmt.tag ? stmt.items : stmt ? [stmt] : [];
  const statements: IamStatement[] = [];
  for (const s of list) {
    const m = deref(s);
    if (m?.kind === 'map' && !isIntrinsic(m)) statements.push(r.statement(m, use));
  }
  return { node: root, source, origin, use, label, statements };
}

/** A CloudFormation intrinsic in long form: a one-pair map `{ "Fn::…": … }` or `{ "Ref": … }`. */
function intrinsicName(n: Node): string | undefined {
  if (n.kind !== 'map' || n.pairs.length !== 1) return undefined;
  const k = String(n.pairs[0]!.key.value);
  return k === 'Ref' || k.startsWith('Fn::') ? k : undefined;
}

function isIntrinsic(n: Node): boolean {
  return !!n.tag || intrinsicName(n) !== undefined;
}

class Reader {
  constructor(
    private readonly source: PolicyText,
    private readonly opts: ReadOptions,
  ) {}

  value(raw: Node | null | undefined, fallback: Node): IamValue {
    const n = deref(raw);
    if (!n) return this.unknown(raw ?? fallback);
    const tag = n.tag;
    const fn = tag ? undefined : intrinsicName(n);
    if (tag === '!Sub' || fn === 'Fn::Sub') {
      const body = fn ? deref((n as MapNode).pairs[0]!.value) : n;
      const str = body?.kind === 'seq' ? deref(body.items[0]) : body;
      if (str?.kind === 'scalar' && typeof str.value === 'string') return { node: str, span: this.source.span(str.span), text: str.value, template: true, unknown: false };
      return this.unknown(n);
    }
    if (tag === '!Ref' || fn === 'Ref' || tag === '!GetAtt' || fn === 'Fn::GetAtt') {
      const body = fn ? deref((n as MapNode).pairs[0]!.value) : n;
      const first = body?.kind === 'seq' ? deref(body.items[0]) : body;
      const id = first?.kind === 'scalar' && typeof first.value === 'string' ? first.value.split('.')[0] : undefined;
      return { ...this.unknown(n), ref: id };
    }
    if (tag || fn || n.kind !== 'scalar' || n.value === null) return this.unknown(n);
    return { node: n, span: this.source.span(n.span), text: String(n.value), template: false, unknown: false };
  }

  private unknown(n: Node): IamValue {
    return { node: n, span: this.source.span(n.span), template: false, unknown: true };
  }

  /** IAM's "a value or a list of values". */
  list(raw: Node | null | undefined, fallback: Node): IamValue[] {
    const n = deref(raw);
    if (n?.kind === 'seq' && !n.tag) return n.items.map((i) => this.value(i, i));
    return [this.value(raw, fallback)];
  }

  statement(m: MapNode, use: IamPolicy['use']): IamStatement {
    const effectPair = pairOf(m, 'Effect');
    const effect = effectPair ? this.value(effectPair.value, effectPair.key) : undefined;
    const allow = effect?.text === 'Allow' && !effect.template;
    const principalPair = pairOf(m, 'Principal');
    const principal = principalPair ? this.principal(principalPair.key, principalPair.value, principalPair) : undefined;
    const actionPair = pairOf(m, 'Action') ?? pairOf(m, 'NotAction');
    let actions: IamActions | undefined;
    if (actionPair) {
      const values = this.list(actionPair.value, actionPair.key);
      actions = { pair: actionPair, keySpan: this.source.span(actionPair.key.span), not: actionPair.key.value === 'NotAction', values, unknown: values.some((v) => v.unknown) };
    }
    const resPair = pairOf(m, 'Resource') ?? pairOf(m, 'NotResource');
    const condPair = pairOf(m, 'Condition');
    const condition = condPair ? this.condition(condPair) : undefined;
    const sid = deref(get(m, 'Sid'));
    const known = (name: string) => !!actions && !actions.not && actions.values.some((v) => v.text !== undefined && globMatch(v.text, name));
    const federated = principal?.federated ?? [];
    const webIdentity = allow && use !== 'identity' &&
      ((federated.some((f) => f.kind === 'oidc') && (known('sts:AssumeRoleWithWebIdentity') || (!!actions && actions.unknown))) ||
        (federated.some((f) => f.kind === 'unknown') && known('sts:AssumeRoleWithWebIdentity')));
    const mintsTokens = allow && use !== 'trust' && !principalPair && !pairOf(m, 'NotPrincipal') && known('sts:GetWebIdentityToken');
    return {
      node: m,
      span: this.source.span(m.span),
      sid: sid?.kind === 'scalar' && typeof sid.value === 'string' ? sid.value : undefined,
      effect,
      allow,
      principal,
      notPrincipal: !!pairOf(m, 'NotPrincipal'),
      actions,
      resources: resPair ? this.list(resPair.value, resPair.key) : [],
      condition,
      webIdentity,
      mintsTokens,
    };
  }

  private principal(key: ScalarNode, raw: Node | null, pair: IamPrincipal['pair']): IamPrincipal {
    const keySpan = this.source.span(key.span);
    const n = deref(raw);
    const base = { pair, keySpan, federated: [] as FederatedPrincipal[], aws: [] as IamValue[], service: [] as IamValue[] };
    if (!n || isIntrinsic(n)) return { ...base, unknown: true };
    if (n.kind === 'scalar') {
      const v = this.value(n, key);
      return v.text === '*' ? { ...base, star: v, unknown: false } : { ...base, unknown: true };
    }
    if (n.kind !== 'map') return { ...base, unknown: true };
    for (const p of n.pairs) {
      const values = this.list(p.value, p.key);
      if (p.key.value === 'Federated') base.federated.push(...values.map((v) => this.federated(v)));
      else if (p.key.value === 'AWS') base.aws.push(...values);
      else if (p.key.value === 'Service') base.service.push(...values);
    }
    return { ...base, unknown: false };
  }

  private federated(value: IamValue): FederatedPrincipal {
    if (value.text !== undefined) return { value, via: 'value', ...analyzeFederated(value.text, value.template) };
    const url = value.ref ? this.opts.resolveProvider?.(value.ref) : undefined;
    if (url) {
      const provider = url.replace(/^https?:\/\//i, '').replace(/(?<!\/)\/+$/, '');
      return { value, via: 'resource', kind: 'oidc', provider, family: providerFamily(provider) };
    }
    return { value, via: 'value', kind: 'unknown' };
  }

  private condition(pair: IamCondition['pair']): IamCondition {
    const keySpan = this.source.span(pair.key.span);
    const n = deref(pair.value);
    if (n?.kind !== 'map' || isIntrinsic(n)) return { pair, keySpan, blocks: [], entries: [] };
    const blocks: IamConditionBlock[] = [];
    const refs: IamConditionRef[] = [];
    for (const p of n.pairs) {
      const operator = String(p.key.value);
      const parsed = parseOperator(operator);
      const body = deref(p.value);
      const unknown = !!body && isIntrinsic(body);
      const map = body?.kind === 'map' && !unknown ? body : undefined;
      const entries: IamConditionEntry[] = [];
      for (const e of map?.pairs ?? []) {
        const key = String(e.key.value);
        const parts = providerKey(key);
        entries.push({
          pair: e,
          keySpan: this.source.span(e.key.span),
          key,
          keyLower: key.toLowerCase(),
          provider: parts?.provider,
          claim: parts?.claim,
          values: this.list(e.value, e.key),
        });
      }
      const block: IamConditionBlock = { pair: p, keySpan: this.source.span(p.key.span), operator, ...parsed, map, unknown, entries };
      blocks.push(block);
      for (const entry of entries) refs.push({ block, entry });
    }
    return { pair, keySpan, map: n, blocks, entries: refs };
  }
}
