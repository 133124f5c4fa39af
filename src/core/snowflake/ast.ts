// The syntax tree of the Snowflake statements this domain reads: names, values, properties and statements, each with
// exact UTF-16 spans into the script. Built by parse.ts; read by the model and the rules.
import type { Span } from '../model';
import type { Token } from './lexer';

export interface NamePart {
  /** As written for an unquoted part; the unescaped content for a quoted one. */
  readonly value: string;
  readonly quoted: boolean;
  readonly span: Span;
}

/** A possibly qualified, possibly quoted object name (`db.schema.name`, `"Mixed Case"`). */
export interface SqlName {
  readonly parts: readonly NamePart[];
  readonly span: Span;
  /** Parts normalised as Snowflake resolves them (unquoted: upper case) and joined by `.`. */
  readonly key: string;
  /** The last part, normalised. */
  readonly lastKey: string;
  /** The name exactly as written. */
  readonly text: string;
}

export type SqlValue = IdentValue | StringValue | NumberValue | ListValue | GroupValue | OtherValue;

export interface IdentValue {
  readonly kind: 'ident';
  readonly span: Span;
  readonly name: SqlName;
}
export interface StringValue {
  readonly kind: 'string';
  readonly span: Span;
  readonly value: string;
  /** The characters that spell the value one to one (no escapes); undefined otherwise. */
  readonly contentSpan?: Span;
}
export interface NumberValue {
  readonly kind: 'number';
  readonly span: Span;
  readonly text: string;
}
/** `( value, value … )`; the span includes the parentheses. */
export interface ListValue {
  readonly kind: 'list';
  readonly span: Span;
  readonly items: readonly SqlValue[];
}
/** `( KEY = value … )`; the span includes the parentheses. */
export interface GroupValue {
  readonly kind: 'props';
  readonly span: Span;
  readonly props: readonly SqlProp[];
}
export interface OtherValue {
  readonly kind: 'other';
  readonly span: Span;
  readonly text: string;
}

/** `KEY = value`. */
export interface SqlProp {
  /** Upper case. */
  readonly key: string;
  readonly keySpan: Span;
  readonly value?: SqlValue;
  /** From the key to the end of the value. */
  readonly span: Span;
  /** The comma that separates this property from the previous one, when there is one. */
  readonly commaBefore?: Span;
  /** End of the token before the key (a name, a value, a comma, `(`, `SET`...): where a removal may start. */
  readonly prevEnd: number;
}

export interface StatementBase {
  /** First token to last token (the `;` excluded). */
  readonly span: Span;
  /** After the `;` when there is one, else the end of the last token. */
  readonly end: number;
  readonly first: Token;
  readonly semicolon?: Span;
}

export interface CreateUserStatement extends StatementBase {
  readonly kind: 'create-user';
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly name: SqlName;
  readonly props: readonly SqlProp[];
}
export interface AlterUserSetStatement extends StatementBase {
  readonly kind: 'alter-user-set';
  readonly name: SqlName;
  readonly props: readonly SqlProp[];
}
export interface UnsetKey {
  /** Upper case; multi-word keys joined by one space (`AUTHENTICATION POLICY`). */
  readonly key: string;
  readonly span: Span;
}
export interface AlterUserUnsetStatement extends StatementBase {
  readonly kind: 'alter-user-unset';
  readonly name: SqlName;
  readonly keys: readonly UnsetKey[];
}
export interface AlterUserSetPolicyStatement extends StatementBase {
  readonly kind: 'alter-user-set-policy';
  readonly name: SqlName;
  readonly policy: SqlName;
}
export interface AlterUserAddIdentityStatement extends StatementBase {
  readonly kind: 'alter-user-add-identity';
  readonly name: SqlName;
  readonly identity: SqlName;
  /** `WORKLOAD IDENTITY`. */
  readonly anchor: Span;
  readonly props: readonly SqlProp[];
}
export interface AlterUserRemoveIdentityStatement extends StatementBase {
  readonly kind: 'alter-user-remove-identity';
  readonly name: SqlName;
  readonly identity: SqlName;
}
export interface AlterUserAddPatStatement extends StatementBase {
  readonly kind: 'alter-user-add-pat';
  /** Undefined when the statement names no user (the current user). */
  readonly name?: SqlName;
  readonly token?: SqlName;
  /** `PAT` or `PROGRAMMATIC ACCESS TOKEN`. */
  readonly anchor: Span;
  readonly props: readonly SqlProp[];
}
export interface AlterUserRemovePatStatement extends StatementBase {
  readonly kind: 'alter-user-remove-pat';
  readonly name?: SqlName;
  readonly token?: SqlName;
}
export interface AlterAccountSetPolicyStatement extends StatementBase {
  readonly kind: 'alter-account-set-policy';
  readonly policy: SqlName;
}
export interface AlterAccountUnsetPolicyStatement extends StatementBase {
  readonly kind: 'alter-account-unset-policy';
}
export interface CreatePolicyStatement extends StatementBase {
  readonly kind: 'create-policy';
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly name: SqlName;
  readonly props: readonly SqlProp[];
}
export interface AlterPolicySetStatement extends StatementBase {
  readonly kind: 'alter-policy-set';
  readonly name: SqlName;
  readonly props: readonly SqlProp[];
}
export interface AlterPolicyUnsetStatement extends StatementBase {
  readonly kind: 'alter-policy-unset';
  readonly name: SqlName;
  readonly keys: readonly UnsetKey[];
}

export type Statement =
  | CreateUserStatement
  | AlterUserSetStatement
  | AlterUserUnsetStatement
  | AlterUserSetPolicyStatement
  | AlterUserAddIdentityStatement
  | AlterUserRemoveIdentityStatement
  | AlterUserAddPatStatement
  | AlterUserRemovePatStatement
  | AlterAccountSetPolicyStatement
  | AlterAccountUnsetPolicyStatement
  | CreatePolicyStatement
  | AlterPolicySetStatement
  | AlterPolicyUnsetStatement;

/** The tokens of one statement, as split on `;`. */
export interface RawStatement {
  readonly tokens: readonly Token[];
  readonly semicolon?: Span;
}

/** The text of a scalar value for comparisons: identifiers upper-cased unless quoted, strings as their value. */
export function scalarText(v: SqlValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'ident') return v.name.key;
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return v.text;
  return undefined;
}

/** The last property with this key (a later assignment wins). */
export function propOf(props: readonly SqlProp[], key: string): SqlProp | undefined {
  for (let k = props.length - 1; k >= 0; k--) if (props[k]!.key === key) return props[k];
  return undefined;
}

/** The items of a list value (a single scalar counts as a one-item list). */
export function listItems(v: SqlValue | undefined): readonly SqlValue[] {
  if (!v) return [];
  if (v.kind === 'list') return v.items;
  if (v.kind === 'props') return [];
  return [v];
}
