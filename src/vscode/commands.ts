// Command ids, derived from one record so code and package.json cannot drift (a test compares them).
export const COMMANDS = {
  checkWorkspace: 'keyless.checkWorkspace',
  fixAll: 'keyless.fixAll',
  showRuleDoc: 'keyless.showRuleDoc',
  disableRule: 'keyless.disableRule',
} as const;

export type CommandName = keyof typeof COMMANDS;
