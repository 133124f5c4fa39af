import { createRule } from '../../rule';
import { removeProp, removeStatement } from '../../snowflake/fixes';
import { type StaticCredential, governingPolicy, permits, userLabel } from '../../snowflake/model';

// domain.md §3.2: a WIF user that keeps a key pair, a password or a programmatic access token keeps a static
// credential next to federation, unless an authentication policy excludes that method.
const METHOD: Readonly<Record<StaticCredential['kind'], string>> = { 'key-pair': 'KEYPAIR', password: 'PASSWORD', pat: 'PROGRAMMATIC_ACCESS_TOKEN' };

export default createRule({
  id: 'snowflake/static-fallback',
  domain: 'snowflake',
  description: 'Remove key pairs, passwords and programmatic access tokens from a user that authenticates with workload identity.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    keyPair:
      'Workload identity user {{user}} still has a key pair ({{prop}}): whoever holds the private key signs in without federation, until someone removes the key. Remove it once every client uses workload identity, or attach an authentication policy that excludes KEYPAIR (none in this file does).',
    password: 'Workload identity user {{user}} has a PASSWORD: {{consequence}}',
    pat:
      'Workload identity user {{user}} is given a programmatic access token here: a static secret that signs in next to federation until it expires. Drop it, or attach an authentication policy that excludes PROGRAMMATIC_ACCESS_TOKEN (none in this file does).',
  },
  check(ctx) {
    const { model, text } = ctx;
    for (const user of model.users) {
      if (user.identities.length === 0) continue;
      const policy = governingPolicy(model, user)?.attachment.policy;
      for (const cred of user.credentials) {
        if (permits(policy, METHOD[cred.kind]) === false) continue; // the policy in this file closes it
        const stmt = cred.statement;
        const siblings = stmt.kind === 'create-user' || stmt.kind === 'alter-user-set' ? stmt.props : [];
        const sole = !cred.prop || (stmt.kind === 'alter-user-set' && siblings.length === 1);
        const suggest = [
          sole
            ? { title: `Remove this statement (${cred.kind === 'pat' ? 'the token is not issued' : `${cred.label} is not set`})`, edits: [removeStatement(text, stmt)] }
            : {
                title: `Remove ${cred.label} (${cred.kind === 'key-pair' ? 'clients that still sign in with the key pair stop working' : 'sign-in with the password stops working'})`,
                edits: [removeProp(text, cred.prop!, siblings)],
              },
        ];
        const data = { user: userLabel(user), prop: cred.label };
        if (cred.kind === 'key-pair') ctx.report({ span: cred.span, messageId: 'keyPair', data, suggest });
        else if (cred.kind === 'pat') ctx.report({ span: cred.span, messageId: 'pat', data, suggest });
        else {
          const consequence = user.type?.value === 'SERVICE'
            ? 'a TYPE = SERVICE user cannot have a password, and a workload needs none. Remove it.'
            : 'it signs in without federation, from wherever the network policy allows. Remove it, and make the user TYPE = SERVICE so none can be set again.';
          ctx.report({ span: cred.span, messageId: 'password', data: { ...data, consequence }, suggest });
        }
      }
    }
  },
});
