// Where policies are found besides standalone documents: CloudFormation templates (YAML short-form tags or JSON
// long-form intrinsics) and Terraform plans/state from `terraform show -json` (policies as JSON strings).
import { parseStructured } from '../parse';
import type { MapNode, Node } from '../tree';
import { deref, get, getMap, getSeq, pairOf, str } from '../tree';
import { type PolicyText, decodeJsonString, embeddedText } from './embedded';
import type { IamOrigin, IamPolicy } from './model';
import { readPolicy } from './policy';

/** `AWSTemplateFormatVersion`, or `Resources` whose entries have `Type: AWS::…`. */
export function isCloudFormation(root: MapNode): boolean {
  if (pairOf(root, 'AWSTemplateFormatVersion')) return true;
  const resources = getMap(root, 'Resources');
  return !!resources && resources.pairs.some((p) => str(get(p.value, 'Type'))?.startsWith('AWS::') === true);
}

/** `terraform show -json` output: `format_version` plus a plan's or a state's values. */
export function isTerraformPlan(root: MapNode): boolean {
  return !!pairOf(root, 'format_version') && ['planned_values', 'resource_changes', 'configuration', 'values'].some((k) => !!pairOf(root, k));
}

const POLICY_RESOURCES: ReadonlySet<string> = new Set([
  'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy',
]);
const INLINE_POLICY_HOLDERS: ReadonlySet<string> = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/** A policy document value: a plain map (an intrinsic such as `!If` leaves the policy unknown). */
function policyMap(n: Node | null | undefined): MapNode | undefined {
  const m = deref(n);
  if (m?.kind !== 'map' || m.tag) return undefined;
  if (m.pairs.length === 1 && /^(Ref|Fn::)/.test(String(m.pairs[0]!.key.value))) return undefined;
  return m;
}

export function readCloudFormation(root: MapNode, doc: PolicyText): IamPolicy[] {
  const resources = getMap(root, 'Resources');
  if (!resources) return [];
  const providers = new Map<string, string>();
  for (const p of resources.pairs) {
    if (str(get(p.value, 'Type')) !== 'AWS::IAM::OIDCProvider') continue;
    const url = deref(get(getMap(p.value, 'Properties'), 'Url'));
    if (url?.kind === 'scalar' && !url.tag && typeof url.value === 'string') providers.set(String(p.key.value), url.value);
  }
  const opts = { resolveProvider: (id: string) => providers.get(id) };
  const out: IamPolicy[] = [];
  for (const p of resources.pairs) {
    const logicalId = String(p.key.value);
    const resourceType = str(get(p.value, 'Type'));
    if (!resourceType?.startsWith('AWS::IAM::')) continue;
    const props = getMap(p.value, 'Properties');
    const origin = (property: string): IamOrigin => ({ kind: 'cloudformation', logicalId, resourceType, property });
    const noun = resourceType.slice('AWS::IAM::'.length).replace(/Policy$/, ' policy').replace(/^Managed /, 'managed ').toLowerCase();
    if (resourceType === 'AWS::IAM::Role') {
      const trust = policyMap(get(props, 'AssumeRolePolicyDocument'));
      if (trust) out.push(readPolicy(trust, doc, origin('AssumeRolePolicyDocument'), 'trust', `role ${logicalId}`, opts));
    }
    if (INLINE_POLICY_HOLDERS.has(resourceType)) {
      for (const item of getSeq(props, 'Policies')?.items ?? []) {
        const m = policyMap(get(item, 'PolicyDocument'));
        if (!m) continue;
        const name = str(get(item, 'PolicyName'));
        out.push(readPolicy(m, doc, origin('Policies'), 'identity', `${name ? `policy "${name}" of ` : 'an inline policy of '}${noun} ${logicalId}`, opts));
      }
    } else if (POLICY_RESOURCES.has(resourceType)) {
      const m = policyMap(get(props, 'PolicyDocument'));
      if (m) out.push(readPolicy(m, doc, origin('PolicyDocument'), 'identity', `${noun} ${logicalId}`, opts));
    }
  }
  return out;
}

const TF_POLICY_TYPES: ReadonlySet<string> = new Set(['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']);

export function readTerraformPlan(root: MapNode, text: string): IamPolicy[] {
  const out: IamPolicy[] = [];
  const seen = new Set<string>();
  const take = (address: string, type: string, values: Node | undefined) => {
    const add = (attribute: string, n: Node | undefined, use: IamPolicy['use']) => {
      const id = `${address}\u0000${attribute}`;
      if (seen.has(id)) return;
      const p = embeddedPolicy(n, text, { kind: 'terraform', address, attribute }, use, `\`${address}\``);
      if (!p) return;
      seen.add(id);
      out.push(p);
    };
    if (type === 'aws_iam_role') {
      add('assume_role_policy', get(values, 'assume_role_policy'), 'trust');
      getSeq(values, 'inline_policy')?.items.forEach((item, i) => add(`inline_policy[${i}].policy`, get(item, 'policy'), 'identity'));
    } else if (TF_POLICY_TYPES.has(type)) {
      add('policy', get(values, 'policy'), 'identity');
    }
  };
  const walkModule = (m: Node | undefined, depth: number) => {
    if (!m || depth > 32) return;
    for (const r of getSeq(m, 'resources')?.items ?? []) {
      const address = str(get(r, 'address'));
      const type = str(get(r, 'type'));
      if (address && type && str(get(r, 'mode')) !== 'data') take(address, type, get(r, 'values'));
    }
    for (const c of getSeq(m, 'child_modules')?.items ?? []) walkModule(c, depth + 1);
  };
  walkModule(get(get(root, 'planned_values'), 'root_module'), 0);
  walkModule(get(get(root, 'values'), 'root_module'), 0);
  for (const rc of getSeq(root, 'resource_changes')?.items ?? []) {
    const address = str(get(rc, 'address'));
    const type = str(get(rc, 'type'));
    if (address && type && str(get(rc, 'mode')) !== 'data') take(address, type, get(get(rc, 'change'), 'after'));
  }
  return out;
}

/** Decode a policy held in a JSON string literal and read it with offsets mapped back into the document. */
function embeddedPolicy(n: Node | undefined, text: string, origin: IamOrigin, use: IamPolicy['use'], label: string): IamPolicy | undefined {
  const s = deref(n);
  if (s?.kind !== 'scalar' || typeof s.value !== 'string' || s.style !== 'double' || !s.value.includes('Statement')) return undefined;
  const decoded = decodeJsonString(text, s.span.start + 1, s.span.end - 1);
  if (!decoded || decoded.value !== s.value) return undefined;
  const inner = parseStructured(decoded.value);
  const root = deref(inner.documents[0]?.root);
  if (inner.syntax !== 'json' || inner.problems.length || root?.kind !== 'map' || !pairOf(root, 'Statement')) return undefined;
  return readPolicy(root, embeddedText(decoded), origin, use, label);
}
