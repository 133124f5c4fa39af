// Command ids, derived from one record so code and package.json cannot drift (a test compares them).
export const COMMANDS = {
  checkWorkspace: 'keyless.checkWorkspace',
  fixAll: 'keyless.fixAll',
  showRuleDoc: 'keyless.showRuleDoc',
  disableRule: 'keyless.disableRule',
  rescanKeys: 'keyless.rescanKeys',
  cancelKeyScan: 'keyless.cancelKeyScan',
  revealKey: 'keyless.revealKey',
  markKeyReviewed: 'keyless.markKeyReviewed',
  addKeyToBaseline: 'keyless.addKeyToBaseline',
  repairBaseline: 'keyless.repairBaseline',
  copyKeyFingerprint: 'keyless.copyKeyFingerprint',
  openKeyDoc: 'keyless.openKeyDoc',
  migrateKey: 'keyless.migrateKey',
  openDesigner: 'keyless.openDesigner',
  openCourse: 'keyless.openCourse',
  reviewCourse: 'keyless.reviewCourse',
  exportCourseProgress: 'keyless.exportCourseProgress',
  resetCourseProgress: 'keyless.resetCourseProgress',
} as const;

export type CommandName = keyof typeof COMMANDS;
