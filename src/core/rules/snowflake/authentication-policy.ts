import type { Fix } from '../../model';
import { createRule } from '../../rule';
import { insertAfter, insertStatementsAfter, keywordsOf, removeListItem, sqlIdentifier } from '../../snowflake/fixes';
import { type AuthPolicy, type SnowflakeUser, governingPolicy, isWifOnly, methodsOf, userLabel } from '../../snowflake/model';

// domain.md §3.2: an authentication policy restricting AUTHENTICATION_METHODS is what closes the key-pair and
// programmatic-access-token fallbacks of a service user; without one (or with ALL) they stay open.
const WHAT: Readonly<Record<string, string>> = {
  ALL: 'every method, key pairs and programmatic access tokens included,',
  KEYPAIR: 'an RSA key pair',
  PROGRAMMATIC_ACCESS_TOKEN: 'a programmatic access token',
};

type Suggestion = Omit<Fix, 'preferred'>;

/** Attach a WIF-only policy of the file, or create one and attach it, right after the user's WIF statement. */
function wifOnlySuggestions(text: string, user: SnowflakeUser, policies: readonly AuthPolicy[]): Suggestion[] {
  const stmt = user.identities[0]!.statement;
  const kw = keywordsOf(text, stmt);
  const userName = text.slice(user.identities[0]!.userName.span.start, user.identities[0]!.userName.span.end);
  const attach = (policy: string) => `${kw('ALTER USER')} ${userName} ${kw('SET AUTHENTICATION POLICY')} ${policy};`;
  const existing = policies.filter((p) => p.create && isWifOnly(p)).slice(0, 2);
  const last = user.name.parts[user.name.parts.length - 1]!;
  const policyName = last.quoted ? sqlIdentifier(`${last.value}_wif_only`) : `${last.value}_wif_only`;
  return [
    ...existing.map((p) => ({
      title: `Attach the workload-identity-only policy ${p.name.text} to ${userLabel(user)}`,
      edits: insertStatementsAfter(text, stmt, [attach(p.name.text)]),
    })),
    {
      title: `Create a workload-identity-only authentication policy and attach it to ${userLabel(user)}`,
      edits: insertStatementsAfter(text, stmt, [
        `${kw('CREATE AUTHENTICATION POLICY')} ${policyName} ${kw('AUTHENTICATION_METHODS')} = ('WORKLOAD_IDENTITY');`,
        attach(policyName),
      ]),
    },
  ];
}

export default createRule({
  id: 'snowflake/authentication-policy',
  domain: 'snowflake',
  description: 'Attach an authentication policy that allows only WORKLOAD_IDENTITY to a workload identity service user.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    noPolicy:
      'Service user {{user}} authenticates with workload identity, but no authentication policy restricting AUTHENTICATION_METHODS is attached to it or to the account in this file: a key pair or programmatic access token it is given later works next to federation. Attach a policy with AUTHENTICATION_METHODS = (\'WORKLOAD_IDENTITY\') (if one is attached elsewhere, this does not apply).',
    methodsDefault:
      'Authentication policy {{policy}}, attached to {{target}}, sets no AUTHENTICATION_METHODS, so it allows ALL: key pairs and programmatic access tokens still work for {{users}} next to workload identity. Set AUTHENTICATION_METHODS = (\'WORKLOAD_IDENTITY\').',
    methodAllowed:
      'Authentication policy {{policy}}, attached to {{target}}, allows {{method}}: {{what}} still signs in {{users}} next to workload identity. {{advice}}',
    passwordAllowed:
      'Authentication policy {{policy}}, attached to {{target}}, allows PASSWORD. Snowflake refuses passwords for TYPE = SERVICE users, so this opens nothing for {{users}}, but it does for any person or LEGACY_SERVICE user the policy is attached to. Remove it if the policy is meant for workloads.',
  },
  check(ctx) {
    const { model, text } = ctx;
    const groups = new Map<string, { policy: AuthPolicy; level: 'user' | 'account'; users: SnowflakeUser[] }>();
    for (const user of model.users) {
      if (user.identities.length === 0 || user.type?.value !== 'SERVICE') continue;
      const gov = governingPolicy(model, user);
      if (!gov) {
        ctx.report({
          span: (user.create ?? user.identities[0]!.statement).name.span,
          messageId: 'noPolicy',
          data: { user: userLabel(user) },
          suggest: wifOnlySuggestions(text, user, model.policies),
        });
        continue;
      }
      const policy = gov.attachment.policy;
      if (!policy) continue; // created elsewhere: what it allows is not known here
      const key = `${gov.level}\0${policy.key}`;
      const g = groups.get(key) ?? { policy, level: gov.level, users: [] };
      g.users.push(user);
      groups.set(key, g);
    }
    for (const { policy, level, users } of groups.values()) {
      const methods = methodsOf(policy);
      if (!methods) continue;
      const names = users.map(userLabel).join(', ');
      const target = level === 'account' ? 'the account' : `user ${names}`;
      const data = { policy: policy.name.text, target, users: names };
      // on the account's policy, other users may need these methods: close them with a user-level policy instead
      const perUser = () => users.flatMap((u) => wifOnlySuggestions(text, u, model.policies).slice(-1));
      if (!methods.prop) {
        const create = policy.create!;
        const kw = keywordsOf(text, create);
        ctx.report({
          span: create.name.span,
          messageId: 'methodsDefault',
          data,
          suggest: level === 'account' ? perUser() : [{
            title: 'Allow only WORKLOAD_IDENTITY',
            edits: [insertAfter(create.name.span.end, `${kw('AUTHENTICATION_METHODS')} = ('WORKLOAD_IDENTITY')`)],
          }],
        });
        continue;
      }
      const list = methods.prop.value;
      for (const item of methods.items) {
        if (item.value === 'PASSWORD' && level === 'user') {
          ctx.report({ span: item.node.span, messageId: 'passwordAllowed', severity: 'info', data });
          continue;
        }
        if (!WHAT[item.value]) continue;
        const rest = methods.items.filter((i) => i !== item);
        const suggest: Suggestion[] = [];
        if (level === 'account') suggest.push(...perUser());
        else {
          if (rest.length > 0 && list?.kind === 'list')
            suggest.push({ title: `Remove ${item.value} from AUTHENTICATION_METHODS`, edits: [removeListItem(text, list, item.node)] });
          if (!(rest.length === 1 && rest[0]!.value === 'WORKLOAD_IDENTITY') && list)
            suggest.push({ title: 'Allow only WORKLOAD_IDENTITY', edits: [{ span: list.span, newText: "('WORKLOAD_IDENTITY')" }] });
        }
        ctx.report({
          span: item.node.span,
          messageId: 'methodAllowed',
          data: {
            ...data,
            method: item.value,
            what: WHAT[item.value]!,
            advice: level === 'account'
              ? 'Other users may need it on the account\'s policy: attach a workload-identity-only policy to the service user itself instead.'
              : 'Remove it, keeping WORKLOAD_IDENTITY.',
          },
          suggest,
        });
      }
    }
  },
});
