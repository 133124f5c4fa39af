import { classifyIssuerUrl } from '../../issuers';
import { createRule } from '../../rule';
import { appendProp, caseLike, removeListItem } from '../../snowflake/fixes';
import { identityLabel } from '../../snowflake/model';
import { listItems, propOf, scalarText } from '../../snowflake/ast';

// domain.md §3.1, §3.3: without OIDC_AUDIENCE_LIST Snowflake expects the default audience snowflakecomputing.com,
// which every Snowflake account shares; an account-scoped audience ties a token to this account.
const DEFAULT_AUDIENCE = 'snowflakecomputing.com';
const PLACEHOLDER = "'<https://your-org-your-account.snowflakecomputing.com>'";

export default createRule({
  id: 'snowflake/oidc-audience',
  domain: 'snowflake',
  description: 'Require an account-scoped OIDC_AUDIENCE_LIST on an OIDC workload identity.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    missingAudience:
      'The OIDC workload identity{{identity}} of user {{user}} sets no OIDC_AUDIENCE_LIST, so Snowflake accepts the default audience snowflakecomputing.com, which every Snowflake account shares: a token {{issuer}} mints with this subject for another Snowflake account is replayable here. Set OIDC_AUDIENCE_LIST to an audience only your account uses (your account URL) and request tokens for it.',
    sharedAudience:
      'OIDC_AUDIENCE_LIST of user {{user}} admits snowflakecomputing.com, the default audience every Snowflake account shares: a token {{issuer}} mints with this subject for another Snowflake account is replayable here. Use an audience only your account uses (your account URL).',
  },
  check(ctx) {
    const { text } = ctx;
    for (const user of ctx.model.users) {
      for (const id of user.identities) {
        if (id.type !== 'OIDC') continue;
        const issuerUrl = scalarText(propOf(id.props, 'ISSUER')?.value);
        const data = {
          user: id.userName.text,
          identity: identityLabel(id),
          issuer: issuerUrl ? classifyIssuerUrl(issuerUrl).label : 'the issuer',
        };
        const audiences = propOf(id.props, 'OIDC_AUDIENCE_LIST');
        if (!audiences) {
          const key = caseLike(text.slice(id.props[0]?.keySpan.start ?? 0, id.props[0]?.keySpan.end ?? 0), 'OIDC_AUDIENCE_LIST');
          const edit = appendProp(text, id.props, `${key} = (${PLACEHOLDER})`);
          ctx.report({
            span: id.anchor,
            messageId: 'missingAudience',
            data,
            suggest: edit ? [{ title: "Add an account-scoped OIDC_AUDIENCE_LIST (fill in your account's URL)", edits: [edit] }] : [],
          });
          continue;
        }
        const items = listItems(audiences.value);
        for (const item of items) {
          if (scalarText(item)?.trim().toLowerCase() !== DEFAULT_AUDIENCE) continue;
          const list = audiences.value;
          const others = items.some((i) => i !== item && scalarText(i)?.trim().toLowerCase() !== DEFAULT_AUDIENCE);
          ctx.report({
            span: item.span,
            messageId: 'sharedAudience',
            data,
            suggest: [
              ...(others && list?.kind === 'list' ? [{ title: 'Remove the shared default audience', edits: [removeListItem(text, list, item)] }] : []),
              { title: "Replace it with your account's audience (fill in your account's URL)", edits: [{ span: item.span, newText: PLACEHOLDER }] },
            ],
          });
        }
      }
    }
  },
});
