// The IAM domain: policy documents (role trust policies and identity policies), wherever they are written: a
// standalone JSON/YAML policy, a CloudFormation template, or a Terraform plan (policies embedded as JSON strings).
// A typed, located view: every `span`/`keySpan` below is a document span (already mapped out of an embedded
// string); every node belongs to `IamPolicy.source.text`, for building edits (see embedded.ts).
// Facts: docs (shared) domain.md §4, §5.
import type { Built } from '../domains';
import type { IssuerFamily } from '../issuers';
import type { DocumentKind, Span } from '../model';
import type { SourceContext } from '../source';
import { type MapNode, type Node, type PairNode, deref } from '../tree';
import { type PolicyText, documentText } from './embedded';
import type { FederatedAnalysis, FederatedKind, SetQualifier } from './facts';
import { isPolicyDocument, readPolicy } from './policy';
import { isCloudFormation, isTerraformPlan, readCloudFormation, readTerraformPlan } from './sources';

export type IamOrigin =
  | { readonly kind: 'policy' }
  | { readonly kind: 'cloudformation'; readonly logicalId: string; readonly resourceType: string; readonly property: string }
  | { readonly kind: 'terraform'; readonly address: string; readonly attribute: string };

/** A value as IAM reads it, with CloudFormation intrinsics told apart. */
export interface IamValue {
  /** The node in `source.text`: for a `!Sub`/`Fn::Sub` template, its string. */
  readonly node: Node;
  readonly span: Span;
  /** The literal text (strings; numbers and booleans as text; a Sub template as written). Undefined when unknown. */
  readonly text?: string;
  /** A CloudFormation `Fn::Sub` template: its `${…}` references are opaque. */
  readonly template: boolean;
  /** Computed at deploy time (`!Ref`, `!GetAtt`, `!If`…) or not a scalar: never judged as a wildcard or a typo. */
  readonly unknown: boolean;
  /** The logical id a `!Ref`/`!GetAtt` points to. */
  readonly ref?: string;
}

export interface FederatedPrincipal extends FederatedAnalysis {
  readonly value: IamValue;
  readonly kind: FederatedKind;
  /** How the provider was learnt: the value itself, or an `AWS::IAM::OIDCProvider` resource it references. */
  readonly via: 'value' | 'resource';
}

export interface IamPrincipal {
  readonly pair: PairNode;
  readonly keySpan: Span;
  /** `Principal: "*"` (or `{"AWS": "*"}`'s value, which is listed in `aws`). */
  readonly star?: IamValue;
  readonly federated: readonly FederatedPrincipal[];
  readonly aws: readonly IamValue[];
  readonly service: readonly IamValue[];
  /** The principal is an intrinsic or of an unexpected shape. */
  readonly unknown: boolean;
}

export interface IamActions {
  readonly pair: PairNode;
  readonly keySpan: Span;
  /** `NotAction`. */
  readonly not: boolean;
  readonly values: readonly IamValue[];
  /** The value is an intrinsic (`!If`, `!Ref`…): the actions are not known. */
  readonly unknown: boolean;
}

export interface IamConditionEntry {
  readonly pair: PairNode;
  readonly keySpan: Span;
  /** The condition key as written; IAM compares keys case-insensitively. */
  readonly key: string;
  readonly keyLower: string;
  /** For `<provider>:<claim>` keys (not `aws:`/`sts:`…): the provider and claim as written. */
  readonly provider?: string;
  readonly claim?: string;
  readonly values: readonly IamValue[];
}

export interface IamConditionBlock {
  readonly pair: PairNode;
  readonly keySpan: Span;
  /** As written, e.g. `ForAllValues:StringLike`. */
  readonly operator: string;
  readonly qualifier?: SetQualifier;
  /** Without qualifier and `IfExists`, as written; `baseLower` for comparisons. */
  readonly base: string;
  readonly baseLower: string;
  readonly ifExists: boolean;
  /** Undefined when the block is not a map: an intrinsic (`unknown`) or a malformed value such as null. */
  readonly map?: MapNode;
  /** The block is a CloudFormation intrinsic (`!If`…): what it tests is not known. */
  readonly unknown: boolean;
  readonly entries: readonly IamConditionEntry[];
}

export interface IamConditionRef {
  readonly block: IamConditionBlock;
  readonly entry: IamConditionEntry;
}

export interface IamCondition {
  readonly pair: PairNode;
  readonly keySpan: Span;
  /** Undefined when `Condition` is not a map (an intrinsic such as `!If`): nothing is known about it. */
  readonly map?: MapNode;
  readonly blocks: readonly IamConditionBlock[];
  /** Every entry of every block, in document order. */
  readonly entries: readonly IamConditionRef[];
}

export interface IamStatement {
  readonly node: MapNode;
  readonly span: Span;
  readonly sid?: string;
  readonly effect?: IamValue;
  /** `Effect` is literally `Allow`. */
  readonly allow: boolean;
  readonly principal?: IamPrincipal;
  readonly notPrincipal: boolean;
  readonly actions?: IamActions;
  readonly resources: readonly IamValue[];
  readonly condition?: IamCondition;
  /** An Allow statement letting an OIDC (or unknown federated) principal call `sts:AssumeRoleWithWebIdentity`. */
  readonly webIdentity: boolean;
  /** An Allow statement of an identity policy (no principal) granting `sts:GetWebIdentityToken`. */
  readonly mintsTokens: boolean;
}

export interface IamPolicy {
  readonly node: MapNode;
  /** The text the nodes belong to and how its spans and edits map to the document. */
  readonly source: PolicyText;
  readonly origin: IamOrigin;
  /** Where the policy is used: a role's trust policy, an identity policy, or a standalone document (either). */
  readonly use: 'trust' | 'identity' | 'any';
  /** For messages: `role DeployRole`, `aws_iam_role.deploy`, or `this policy`. */
  readonly label: string;
  readonly statements: readonly IamStatement[];
}

export interface IamModel {
  readonly policies: readonly IamPolicy[];
  /** Every statement of every policy, with its policy. */
  readonly statements: readonly { readonly policy: IamPolicy; readonly statement: IamStatement }[];
}

/** The family of the identity provider a statement trusts, for analyses keyed by family. */
export interface ProviderRef {
  /** Condition-key prefix when known. */
  readonly provider?: string;
  readonly family?: IssuerFamily;
}

const MARKERS = ['Statement', 'AWS::', 'format_version'];

export function buildIamModel(src: SourceContext): Built<IamModel> | undefined {
  if (src.textFormatHint) return undefined;
  // cheap bail-out before any parse: every document we read spells one of these
  const text = src.text;
  if (!MARKERS.some((m) => text.includes(m))) return undefined;
  const parsed = src.structured();
  const policies: IamPolicy[] = [];
  const kinds: DocumentKind[] = [];
  const addKind = (k: DocumentKind) => kinds.includes(k) || kinds.push(k);
  const doc = documentText(text);
  for (const d of parsed.documents) {
    const root = deref(d.root);
    if (root?.kind !== 'map') continue;
    if (isCloudFormation(root)) {
      addKind('cloudformation-template');
      policies.push(...readCloudFormation(root, doc));
    } else if (parsed.syntax === 'json' && isTerraformPlan(root)) {
      addKind('terraform-plan');
      policies.push(...readTerraformPlan(root, text));
    } else if (isPolicyDocument(root)) {
      addKind('iam-policy');
      policies.push(readPolicy(root, doc, { kind: 'policy' }, 'any', 'this policy'));
    }
  }
  if (kinds.length === 0) return undefined;
  const statements = policies.flatMap((policy) => policy.statements.map((statement) => ({ policy, statement })));
  return { model: { policies, statements }, kinds };
}
