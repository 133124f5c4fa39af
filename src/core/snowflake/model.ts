// Snowflake workload identity federation in SQL scripts (docs (shared) domain.md §3): users with their TYPE,
// workload identities, static credentials and authentication policies, as they stand at the end of the script.
import type { Built } from '../domains';
import type { Span } from '../model';
import { looksLikeJson } from '../parse';
import type { SourceContext } from '../source';
import {
  type AlterUserAddIdentityStatement,
  type AlterUserSetStatement,
  type CreatePolicyStatement,
  type CreateUserStatement,
  type GroupValue,
  type SqlName,
  type SqlProp,
  type SqlValue,
  type Statement,
  listItems,
  propOf,
  scalarText,
} from './ast';
import { lex } from './lexer';
import { parseStatement, splitStatements } from './parse';

export type IdentityStatement = CreateUserStatement | AlterUserSetStatement | AlterUserAddIdentityStatement;

/** One workload identity of a user: the `WORKLOAD_IDENTITY = ( … )` property or a named `ADD WORKLOAD IDENTITY`. */
export interface SnowflakeIdentity {
  readonly userKey: string;
  /** The user's name as written in the statement that configured this identity. */
  readonly userName: SqlName;
  readonly statement: IdentityStatement;
  /** The name of an identity added with `ADD WORKLOAD IDENTITY <name>`; undefined for the user property. */
  readonly name?: SqlName;
  /** `WORKLOAD_IDENTITY` (the property key) or `WORKLOAD IDENTITY` (after ADD). */
  readonly anchor: Span;
  readonly props: readonly SqlProp[];
  /** The `( … )` of the user property; undefined for a named identity, whose properties end the statement. */
  readonly group?: GroupValue;
  /** TYPE, upper case (AWS, AZURE, GCP, OIDC as written). */
  readonly type?: string;
}

export interface UserTypeSetting {
  /** Upper case: SERVICE, LEGACY_SERVICE, PERSON, NULL (also for `UNSET TYPE`), or whatever was written. */
  readonly value: string;
  /** The value as written, or the `TYPE` of `UNSET TYPE`. */
  readonly span: Span;
  readonly prop?: SqlProp;
  readonly statement: Statement;
}

export interface StaticCredential {
  readonly kind: 'key-pair' | 'password' | 'pat';
  /** RSA_PUBLIC_KEY, RSA_PUBLIC_KEY_2, PASSWORD, or PAT. */
  readonly label: string;
  /** The property key, or the `PAT` / `PROGRAMMATIC ACCESS TOKEN` keywords: never the secret itself. */
  readonly span: Span;
  readonly statement: Statement;
  readonly prop?: SqlProp;
}

export interface PolicyAttachment {
  readonly name: SqlName;
  readonly statement: Statement;
  /** The policy, when this file creates or alters it. */
  readonly policy?: AuthPolicy;
}

export interface AuthPolicy {
  readonly key: string;
  readonly name: SqlName;
  /** The CREATE statement; undefined when the file only alters a policy created elsewhere. */
  readonly create?: CreatePolicyStatement;
  /** Properties in effect at the end of the file (CREATE, then every ALTER … SET / UNSET). */
  readonly props: ReadonlyMap<string, SqlProp>;
}

export interface SnowflakeUser {
  readonly key: string;
  /** The name as first written. */
  readonly name: SqlName;
  /** The (last) CREATE USER of this user in the file. */
  readonly create?: CreateUserStatement;
  readonly statements: readonly Statement[];
  /** TYPE in effect at the end of the file; undefined when the file never sets it. */
  readonly type?: UserTypeSetting;
  readonly identities: readonly SnowflakeIdentity[];
  readonly credentials: readonly StaticCredential[];
  /** The user-level authentication policy in effect at the end of the file. */
  readonly policy?: PolicyAttachment;
}

export interface SnowflakeModel {
  readonly statements: readonly Statement[];
  readonly users: readonly SnowflakeUser[];
  readonly policies: readonly AuthPolicy[];
  /** The account-level authentication policy in effect at the end of the file. */
  readonly accountPolicy?: PolicyAttachment;
}

/** Cheap precheck: the statements this domain reads, as they are usually written. */
const PRECHECK = /\b(?:CREATE|ALTER)\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:USER|AUTHENTICATION\s+POLICY|ACCOUNT)\b/i;

/** A YAML or JSON document of maps or lists (which may well hold SQL in a string): not a SQL script. */
function isStructured(src: SourceContext): boolean {
  const parsed = src.structured();
  const rooted = parsed.documents.some((d) => d.root?.kind === 'map' || d.root?.kind === 'seq');
  return rooted && (parsed.problems.length === 0 || looksLikeJson(src.text));
}

export function buildSnowflakeModel(src: SourceContext): Built<SnowflakeModel> | undefined {
  const hint = src.textFormatHint;
  if (hint && hint !== 'sql') return undefined;
  // a .sql file is SQL even when it holds none of these statements: its YAML parse problems are not its own
  if (hint === 'sql') src.textFormat = 'sql';
  if (!PRECHECK.test(src.text)) return undefined;
  if (!hint && isStructured(src)) return undefined;
  const { tokens, problems: lexProblems } = lex(src.text);
  const problems = [...lexProblems];
  const statements: Statement[] = [];
  for (const raw of splitStatements(src.text, tokens)) {
    const s = parseStatement(raw, src.text, problems);
    if (s) statements.push(s);
  }
  // a .sql file whose string or comment swallowed these statements still gets its parse problem reported
  if (statements.length === 0 && !(hint === 'sql' && lexProblems.length > 0)) return undefined;
  src.textFormat = 'sql';
  src.problems.push(...problems.sort((a, b) => a.span.start - b.span.start));
  return { model: buildModel(statements), kinds: ['snowflake-sql'] };
}

interface UserState {
  key: string;
  name: SqlName;
  create?: CreateUserStatement;
  statements: Statement[];
  type?: UserTypeSetting;
  defaultIdentity?: SnowflakeIdentity;
  named: Map<string, SnowflakeIdentity>;
  credentials: Map<string, StaticCredential>;
  policy?: { name: SqlName; statement: Statement };
}

interface PolicyState {
  key: string;
  name: SqlName;
  create?: CreatePolicyStatement;
  props: Map<string, SqlProp>;
}

const CREDENTIAL_KEYS: Readonly<Record<string, StaticCredential['kind']>> = { RSA_PUBLIC_KEY: 'key-pair', RSA_PUBLIC_KEY_2: 'key-pair', PASSWORD: 'password' };

/** `NULL` or `''`: the property is cleared. */
function isEmpty(v: SqlValue | undefined): boolean {
  return !v || (v.kind === 'ident' && v.name.key === 'NULL') || (v.kind === 'string' && v.value.trim() === '');
}

function buildModel(statements: readonly Statement[]): SnowflakeModel {
  const users = new Map<string, UserState>();
  const policies = new Map<string, PolicyState>();
  let account: { name: SqlName; statement: Statement } | undefined;

  const userOf = (name: SqlName): UserState => {
    let u = users.get(name.key);
    if (!u) users.set(name.key, (u = { key: name.key, name, statements: [], named: new Map(), credentials: new Map() }));
    return u;
  };
  const policyOf = (name: SqlName): PolicyState => {
    const found = resolveByName([...policies.values()], name);
    if (found) return found;
    const p: PolicyState = { key: name.key, name, props: new Map() };
    policies.set(name.key, p);
    return p;
  };
  const applyUserProps = (u: UserState, s: CreateUserStatement | AlterUserSetStatement, name: SqlName) => {
    for (const prop of s.props) {
      if (prop.key === 'TYPE') {
        const value = scalarText(prop.value)?.toUpperCase();
        if (value !== undefined) u.type = { value, span: prop.value!.span, prop, statement: s };
      } else if (prop.key === 'WORKLOAD_IDENTITY') {
        if (prop.value?.kind === 'props') u.defaultIdentity = identity(u.key, name, s, prop.keySpan, prop.value.props, prop.value);
        else if (isEmpty(prop.value)) u.defaultIdentity = undefined;
      } else if (CREDENTIAL_KEYS[prop.key]) {
        if (isEmpty(prop.value)) u.credentials.delete(prop.key);
        else u.credentials.set(prop.key, { kind: CREDENTIAL_KEYS[prop.key]!, label: prop.key, span: prop.keySpan, statement: s, prop });
      }
    }
  };

  for (const s of statements) {
    switch (s.kind) {
      case 'create-user': {
        const existing = users.get(s.name.key);
        if (existing?.create && s.ifNotExists && !s.orReplace) break; // a no-op: the user exists
        const u: UserState = { key: s.name.key, name: existing?.name ?? s.name, create: s, statements: [...(existing?.statements ?? []), s], named: new Map(), credentials: new Map() };
        users.set(u.key, u);
        applyUserProps(u, s, s.name);
        break;
      }
      case 'alter-user-set': {
        const u = userOf(s.name);
        u.statements.push(s);
        applyUserProps(u, s, s.name);
        break;
      }
      case 'alter-user-unset': {
        const u = userOf(s.name);
        u.statements.push(s);
        for (const k of s.keys) {
          if (k.key === 'TYPE') u.type = { value: 'NULL', span: k.span, statement: s };
          else if (k.key === 'WORKLOAD_IDENTITY') u.defaultIdentity = undefined;
          else if (k.key === 'AUTHENTICATION POLICY') u.policy = undefined;
          else u.credentials.delete(k.key);
        }
        break;
      }
      case 'alter-user-set-policy': {
        const u = userOf(s.name);
        u.statements.push(s);
        u.policy = { name: s.policy, statement: s };
        break;
      }
      case 'alter-user-add-identity': {
        const u = userOf(s.name);
        u.statements.push(s);
        u.named.set(s.identity.key, identity(u.key, s.name, s, s.anchor, s.props, undefined, s.identity));
        break;
      }
      case 'alter-user-remove-identity': {
        const u = userOf(s.name);
        u.statements.push(s);
        u.named.delete(s.identity.key);
        break;
      }
      case 'alter-user-add-pat':
      case 'alter-user-remove-pat': {
        if (!s.name) break; // the current user: not known from the script
        const u = userOf(s.name);
        u.statements.push(s);
        const key = `PAT ${s.token?.key ?? ''}`;
        if (s.kind === 'alter-user-remove-pat') u.credentials.delete(key);
        else u.credentials.set(key, { kind: 'pat', label: 'PAT', span: s.anchor, statement: s });
        break;
      }
      case 'alter-account-set-policy':
        account = { name: s.policy, statement: s };
        break;
      case 'alter-account-unset-policy':
        account = undefined;
        break;
      case 'create-policy': {
        const existing = policies.get(s.name.key);
        if (existing?.create && s.ifNotExists && !s.orReplace) break;
        policies.set(s.name.key, { key: s.name.key, name: s.name, create: s, props: new Map(s.props.map((p) => [p.key, p])) });
        break;
      }
      case 'alter-policy-set': {
        const p = policyOf(s.name);
        for (const prop of s.props) p.props.set(prop.key, prop);
        break;
      }
      case 'alter-policy-unset': {
        const p = policyOf(s.name);
        for (const k of s.keys) p.props.delete(k.key);
        break;
      }
    }
  }

  const policyList: AuthPolicy[] = [...policies.values()].map((p) => ({ key: p.key, name: p.name, create: p.create, props: p.props }));
  const attach = (a: { name: SqlName; statement: Statement } | undefined): PolicyAttachment | undefined =>
    a && { ...a, policy: resolveByName(policyList, a.name) };
  const userList: SnowflakeUser[] = [...users.values()].map((u) => ({
    key: u.key,
    name: u.name,
    create: u.create,
    statements: u.statements,
    type: u.type,
    identities: [...(u.defaultIdentity ? [u.defaultIdentity] : []), ...u.named.values()],
    credentials: [...u.credentials.values()],
    policy: attach(u.policy),
  }));
  return { statements, users: userList, policies: policyList, accountPolicy: attach(account) };
}

function identity(
  userKey: string,
  userName: SqlName,
  statement: IdentityStatement,
  anchor: Span,
  props: readonly SqlProp[],
  group: GroupValue | undefined,
  name?: SqlName,
): SnowflakeIdentity {
  const type = scalarText(propOf(props, 'TYPE')?.value)?.toUpperCase();
  return { userKey, userName, statement, anchor, props, ...(group ? { group } : {}), ...(name ? { name } : {}), ...(type ? { type } : {}) };
}

/**
 * The object a name refers to: the one with the same (normalised) qualified name, else the only one whose last part
 * matches (`sec.policies.wif_only` created, `wif_only` referenced after `USE SCHEMA sec.policies`, or the reverse).
 */
export function resolveByName<T extends { key: string; name: SqlName }>(items: readonly T[], name: SqlName): T | undefined {
  const exact = items.find((i) => i.key === name.key);
  if (exact) return exact;
  const byLast = items.filter((i) => i.name.lastKey === name.lastKey);
  return byLast.length === 1 ? byLast[0] : undefined;
}

/** The policy that governs a user at the end of the file: its own, else the account's. */
export function governingPolicy(model: SnowflakeModel, user: SnowflakeUser): { attachment: PolicyAttachment; level: 'user' | 'account' } | undefined {
  if (user.policy) return { attachment: user.policy, level: 'user' };
  return model.accountPolicy ? { attachment: model.accountPolicy, level: 'account' } : undefined;
}

export interface MethodList {
  /** The AUTHENTICATION_METHODS property; undefined when the policy does not set it (the default is ALL). */
  readonly prop?: SqlProp;
  /** Upper-cased values with their nodes. */
  readonly items: readonly { readonly value: string; readonly node: SqlValue }[];
}

/** A policy's AUTHENTICATION_METHODS; undefined when unknown (a policy only altered here, without that property). */
export function methodsOf(policy: AuthPolicy): MethodList | undefined {
  const prop = policy.props.get('AUTHENTICATION_METHODS');
  if (!prop) return policy.create ? { items: [] } : undefined;
  const items = listItems(prop.value).flatMap((node) => {
    const value = scalarText(node)?.toUpperCase();
    return value === undefined ? [] : [{ value, node }];
  });
  return { prop, items };
}

/** Whether a policy admits an authentication method: true/false, or undefined when this file does not tell. */
export function permits(policy: AuthPolicy | undefined, method: string): boolean | undefined {
  const m = policy && methodsOf(policy);
  if (!m) return undefined;
  if (!m.prop) return true;
  return m.items.some((i) => i.value === method || i.value === 'ALL');
}

/** A policy that admits workload identity and nothing else. */
export function isWifOnly(policy: AuthPolicy): boolean {
  const m = methodsOf(policy);
  return !!m?.prop && m.items.length > 0 && m.items.every((i) => i.value === 'WORKLOAD_IDENTITY');
}

/** `user svc_gha`, for messages. */
export function userLabel(user: SnowflakeUser): string {
  return user.name.text;
}

/** ` gitlab_ci` for a named identity, '' for the user property: "the OIDC workload identity{{identity}}". */
export function identityLabel(id: SnowflakeIdentity): string {
  return id.name ? ` ${id.name.text}` : '';
}
