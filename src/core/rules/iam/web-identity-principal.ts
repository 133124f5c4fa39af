import { removeItem, replaceNode, setScalar } from '../../edit';
import type { Fix } from '../../model';
import { globMatch } from '../../iam/facts';
import { entries, statements } from '../../iam/query';
import { createRule } from '../../rule';
import { deref } from '../../tree';

// domain.md §4.2 M10, M12, M13 (Access Analyzer "Mismatched action for principal", "Invalid federated principal
// syntax in role trust policy"): web identity is assumed by a Federated OIDC principal with
// `sts:AssumeRoleWithWebIdentity`, and the principal names the provider by ARN (or an AWS built-in domain).
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

export default createRule({
  id: 'iam/web-identity-principal',
  domain: 'iam',
  description: 'Require web identity trust to pair a well-formed Federated OIDC principal with `sts:AssumeRoleWithWebIdentity`.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    notFederated:
      '`sts:AssumeRoleWithWebIdentity` is granted to {{principal}}, not to an OIDC provider: the principal does not say which identity provider\'s tokens are trusted. Use `"Federated": "arn:aws:iam::<account-id>:oidc-provider/<provider>"`.',
    wrongAction:
      '`{{action}}` cannot be called with a web identity token: an OIDC principal assumes a role only through `sts:AssumeRoleWithWebIdentity`, so this statement admits nobody. Use `sts:AssumeRoleWithWebIdentity`.',
    scheme: 'Federated principal `{{value}}` includes `https://`: an OIDC provider\'s ARN names the provider by host and path only, so AWS rejects it. Use `{{expected}}`.',
    notArn:
      'Federated principal `{{value}}` is neither an identity provider ARN nor an AWS web identity domain, so AWS rejects the trust policy. Use `arn:aws:iam::<account-id>:oidc-provider/<host/path>`.',
    account: 'Federated principal `{{value}}` has an account id that is not 12 digits, so AWS rejects the trust policy.',
    empty: 'Federated principal `{{value}}` names no provider after `oidc-provider/`, so AWS rejects the trust policy.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      if (!s.allow || !s.principal || !s.actions || s.actions.not) continue;
      const p = s.principal;
      const grantsWebIdentity = s.actions.values.some((v) => v.text !== undefined && globMatch(v.text, WEB_IDENTITY));
      // M10 needs the action to be about web identity: `*` or `sts:*` beside an AWS principal is cross-account trust
      const namesWebIdentity = s.actions.values.some((v) => v.text !== undefined && globMatch(v.text, WEB_IDENTITY) && !globMatch(v.text, 'sts:AssumeRole'));
      // M10: "*" or an AWS/Service principal trusted for web identity
      if (namesWebIdentity && p.federated.length === 0) {
        const keyed = entries(s).find((x) => x.entry.provider)?.entry.provider ?? '<provider>';
        const arn = `arn:aws:iam::<account-id>:oidc-provider/${keyed}`;
        for (const v of [...(p.star ? [p.star] : []), ...p.aws, ...p.service]) {
          const suggest: Omit<Fix, 'preferred'>[] = [];
          const node = deref(p.pair.value);
          if (v === p.star && v.node.kind === 'scalar') {
            suggest.push({ title: 'Trust an OIDC provider instead', edits: [policy.source.edit(replaceNode(v.node, `{ "Federated": ${JSON.stringify(arn)} }`))] });
          } else if (node?.kind === 'map' && node.pairs.length === 1 && v.node.kind === 'scalar' && deref(node.pairs[0]!.value) === v.node) {
            suggest.push({ title: 'Trust an OIDC provider instead', edits: [policy.source.edit(setScalar(node.pairs[0]!.key, 'Federated')), policy.source.edit(setScalar(v.node, arn))] });
          }
          const kind = p.service.includes(v) ? 'service' : 'AWS';
          const principal = v === p.star ? 'every principal (`"*"`)'
            : v.text === '*' ? `every ${kind} principal (\`"${kind}": "*"\`)` : `the ${kind} principal \`${v.text ?? '(computed)'}\``;
          ctx.report({ span: v.span, messageId: 'notFederated', data: { principal }, suggest });
        }
      }
      // M12: an OIDC principal with sts:AssumeRole or sts:AssumeRoleWithSAML
      if (p.federated.some((f) => f.kind === 'oidc') && !p.federated.some((f) => f.kind === 'saml')) {
        const list = deref(s.actions.pair.value);
        for (const v of s.actions.values) {
          const t = v.text?.toLowerCase();
          if ((t !== 'sts:assumerole' && t !== 'sts:assumerolewithsaml') || v.node.kind !== 'scalar') continue;
          const replace = { title: `Change \`${v.text}\` to \`${WEB_IDENTITY}\``, edits: [policy.source.edit(setScalar(v.node, WEB_IDENTITY))] };
          const only = s.actions.values.length === 1;
          const suggest: Omit<Fix, 'preferred'>[] = [];
          if (!only && list?.kind === 'seq') {
            if (grantsWebIdentity) suggest.push({ title: `Remove \`${v.text}\``, edits: [policy.source.edit(removeItem(policy.source.text, list, v.node))] });
            else suggest.push(replace);
          }
          ctx.report({ span: v.span, messageId: 'wrongAction', data: { action: v.text! }, fix: only ? replace : undefined, suggest });
        }
      }
      // M13: malformed federated principals
      for (const f of p.federated) {
        if (f.kind !== 'malformed' || f.value.text === undefined) continue;
        const value = f.value.text;
        if (f.problem === 'scheme' && f.value.node.kind === 'scalar') {
          const expected = value.replace(/oidc-provider\/https?:\/\//i, 'oidc-provider/');
          ctx.report({ span: f.value.span, messageId: 'scheme', data: { value, expected }, fix: { title: 'Remove `https://`', edits: [policy.source.edit(setScalar(f.value.node, expected))] } });
        } else if (f.problem === 'not-arn') {
          const suggest = f.guessedProvider && f.value.node.kind === 'scalar'
            ? [{ title: 'Use the provider\'s ARN (fill in the account id)', edits: [policy.source.edit(setScalar(f.value.node, `arn:aws:iam::<account-id>:oidc-provider/${f.guessedProvider}`))] }]
            : [];
          ctx.report({ span: f.value.span, messageId: 'notArn', data: { value }, suggest });
        } else if (f.problem === 'account' || f.problem === 'empty') {
          ctx.report({ span: f.value.span, messageId: f.problem, data: { value } });
        }
      }
    }
  },
});
