import { createRule } from '../../rule';

export default createRule({
  id: 'core/parse-error',
  domain: 'core',
  description: 'Report documents that cannot be parsed, at the place the parser stopped.',
  type: 'problem',
  defaultSeverity: 'error',
  messages: {
    parseError: '{{message}} ({{code}})',
  },
  check(ctx) {
    for (const p of ctx.model.problems) ctx.report({ span: p.span, messageId: 'parseError', data: { message: p.message, code: p.code } });
  },
});
