import { createRule } from '../../rule';
import { appendProp, caseLike, sqlString } from '../../snowflake/fixes';
import { type AuthPolicy, type SnowflakeIdentity, governingPolicy } from '../../snowflake/model';
import { listItems, propOf, scalarText } from '../../snowflake/ast';

// domain.md §3.2: WORKLOAD_IDENTITY_POLICY can pin the providers (ALLOWED_PROVIDERS) and, per provider, the AWS
// accounts and the Entra ID / OIDC issuers a governed user's workload identity may name.
const PROVIDERS = ['AWS', 'AZURE', 'GCP', 'OIDC'] as const;

const PINS: readonly { provider: string; key: string; what: string; values: (id: SnowflakeIdentity) => string | undefined }[] = [
  { provider: 'AWS', key: 'ALLOWED_AWS_ACCOUNTS', what: 'AWS account', values: (id) => /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(scalarText(propOf(id.props, 'ARN')?.value) ?? '')?.[1] },
  { provider: 'AZURE', key: 'ALLOWED_AZURE_ISSUERS', what: 'Entra ID tenant issuer', values: (id) => scalarText(propOf(id.props, 'ISSUER')?.value) },
  { provider: 'OIDC', key: 'ALLOWED_OIDC_ISSUERS', what: 'OIDC issuer', values: (id) => scalarText(propOf(id.props, 'ISSUER')?.value) },
];

export default createRule({
  id: 'snowflake/wif-policy-providers',
  domain: 'snowflake',
  description: 'Pin the workload identity providers, AWS accounts and issuers an authentication policy allows to those in use.',
  type: 'suggestion',
  defaultSeverity: 'info',
  hasSuggestions: true,
  messages: {
    allProviders:
      'Authentication policy {{policy}} allows every workload identity provider ({{how}}), while the workload identity users it governs in this file use only {{used}}. Pin ALLOWED_PROVIDERS to those, so an identity added later for another provider is refused.',
    unpinned:
      'Authentication policy {{policy}} allows {{provider}} workload identities without {{key}}, so any {{what}} set on a user it governs is accepted. The users it governs in this file use {{values}}: pin {{key}} to them.',
  },
  check(ctx) {
    const { model, text } = ctx;
    const wifUsers = model.users.filter((u) => u.identities.length > 0);
    const governed = (p: AuthPolicy) => wifUsers.filter((u) => governingPolicy(model, u)?.attachment.policy === p);
    for (const policy of model.policies) {
      const wip = policy.props.get('WORKLOAD_IDENTITY_POLICY');
      if (wip?.value?.kind !== 'props') continue;
      const group = wip.value;
      // a policy attached to no one in this file is compared with every workload identity user of the file
      const users = governed(policy).length ? governed(policy) : wifUsers;
      const identities = users.flatMap((u) => u.identities);
      const used = PROVIDERS.filter((p) => identities.some((i) => i.type === p));
      if (used.length === 0) continue;
      const kw = (w: string) => caseLike(text.slice(wip.keySpan.start, wip.keySpan.end), w);
      const providers = propOf(group.props, 'ALLOWED_PROVIDERS');
      const allowed = listItems(providers?.value).map((v) => ({ node: v, value: scalarText(v)?.toUpperCase() }));
      const all = allowed.find((a) => a.value === 'ALL');
      const allowsAll = !providers || !!all;
      const pinned = `(${used.map((p) => `'${p}'`).join(', ')})`;
      if (allowsAll && used.length < PROVIDERS.length) {
        const edit = providers ? { span: providers.value!.span, newText: pinned } : appendProp(text, group.props, `${kw('ALLOWED_PROVIDERS')} = ${pinned}`);
        ctx.report({
          span: all ? all.node.span : wip.keySpan,
          messageId: 'allProviders',
          data: { policy: policy.name.text, how: providers ? "ALLOWED_PROVIDERS = ('ALL')" : 'no ALLOWED_PROVIDERS', used: used.join(', ') },
          suggest: edit ? [{ title: `Allow only ${used.join(', ')}`, edits: [edit] }] : [],
        });
      }
      for (const pin of PINS) {
        if (!used.includes(pin.provider as (typeof PROVIDERS)[number])) continue;
        if (!allowsAll && !allowed.some((a) => a.value === pin.provider)) continue;
        if (propOf(group.props, pin.key)) continue;
        const values = [...new Set(identities.filter((i) => i.type === pin.provider).map(pin.values).filter((v): v is string => !!v))];
        if (values.length === 0) continue;
        const edit = appendProp(text, group.props, `${kw(pin.key)} = (${values.map(sqlString).join(', ')})`);
        ctx.report({
          span: wip.keySpan,
          messageId: 'unpinned',
          data: { policy: policy.name.text, provider: pin.provider, key: pin.key, what: pin.what, values: values.join(', ') },
          suggest: edit ? [{ title: `Pin ${pin.key} to the ${pin.what}s in use`, edits: [edit] }] : [],
        });
      }
    }
  },
});
