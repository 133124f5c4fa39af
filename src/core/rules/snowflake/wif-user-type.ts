import { createRule } from '../../rule';
import { caseLike, insertAfter, keywordsOf } from '../../snowflake/fixes';
import { userLabel } from '../../snowflake/model';

// domain.md §3.1-3.2: WIF is for TYPE = SERVICE users. LEGACY_SERVICE still allows password and SAML sign-in;
// PERSON and NULL (the default) are human users.
const CONSEQUENCE: Readonly<Record<string, string>> = {
  LEGACY_SERVICE: 'a LEGACY_SERVICE user can still sign in with a password and with SAML SSO next to federation (and the type is slated for deprecation)',
  PERSON: 'a PERSON user is a human user, so password and SAML SSO sign-in (and MFA enrolment) stay open next to federation',
};

export default createRule({
  id: 'snowflake/wif-user-type',
  domain: 'snowflake',
  description: 'Require TYPE = SERVICE on a user that authenticates with workload identity.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    notService: 'User {{user}} authenticates with workload identity but has TYPE = {{type}}: {{consequence}}. Set TYPE = SERVICE.',
    typeUnset:
      'User {{user}} authenticates with workload identity but {{where}}, so it is a person user (TYPE NULL): password and SAML SSO sign-in stay open next to federation. Set TYPE = SERVICE.',
  },
  check(ctx) {
    const { text } = ctx;
    for (const user of ctx.model.users) {
      const wif = user.identities[0];
      if (!wif) continue;
      const related = [{ span: wif.anchor, message: 'workload identity configured here' }];
      const t = user.type;
      if (t?.value === 'SERVICE') continue;
      const setService = (span: { start: number; end: number }) => ({
        title: 'Set TYPE = SERVICE (the user can no longer sign in with a password or SAML SSO)',
        edits: [{ span, newText: caseLike(text.slice(span.start, span.end), 'SERVICE') }],
      });
      if (t && CONSEQUENCE[t.value]) {
        ctx.report({
          span: t.span,
          messageId: 'notService',
          data: { user: userLabel(user), type: t.value, consequence: CONSEQUENCE[t.value]! },
          suggest: [setService(t.span)],
          related,
        });
      } else if (t?.value === 'NULL') {
        ctx.report({
          span: t.span,
          messageId: 'typeUnset',
          severity: 'warning',
          data: { user: userLabel(user), where: t.prop ? 'its TYPE is set to NULL' : 'this statement unsets its TYPE' },
          suggest: t.prop ? [setService(t.span)] : [],
          related,
        });
      } else if (!t && user.create) {
        const create = user.create;
        const kw = keywordsOf(text, create);
        ctx.report({
          span: create.name.span,
          messageId: 'typeUnset',
          severity: 'warning',
          data: { user: userLabel(user), where: 'its CREATE USER sets no TYPE' },
          suggest: [{
            title: 'Add TYPE = SERVICE (the user can no longer sign in with a password or SAML SSO)',
            edits: [insertAfter(create.name.span.end, `${kw('TYPE')} = ${kw('SERVICE')}`)],
          }],
          related,
        });
      }
    }
  },
});
