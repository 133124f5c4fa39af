// Typed access to Keyless's settings. Every change applies without a reload (`onDidChange`).
import * as vscode from 'vscode';
import type { RuleSetting } from '../core/engine';

export type RunMode = 'onType' | 'onSave';

export interface Override {
  /** Globs (workspace-relative) the override applies to. */
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

export const SECTION = 'keyless';

const SETTINGS = new Set<RuleSetting>(['error', 'warning', 'info', 'off']);

function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

/** Only well-formed entries count: a typo in settings.json never breaks checking. */
function ruleSettings(raw: unknown): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (SETTINGS.has(v as RuleSetting)) out[k] = v as RuleSetting;
  }
  return out;
}

export function runMode(scope?: vscode.ConfigurationScope): RunMode {
  return section(scope).get<RunMode>('run') === 'onSave' ? 'onSave' : 'onType';
}

export function enabled(scope?: vscode.ConfigurationScope): boolean {
  return section(scope).get<boolean>('enable') !== false;
}

export function rules(scope?: vscode.ConfigurationScope): Record<string, RuleSetting> {
  return ruleSettings(section(scope).get('rules'));
}

export function overrides(scope?: vscode.ConfigurationScope): Override[] {
  const raw = section(scope).get<unknown>('overrides');
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((o) => {
    if (!o || typeof o !== 'object') return [];
    const files = (o as { files?: unknown }).files;
    const list = typeof files === 'string' ? [files] : Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
    return list.length ? [{ files: list, rules: ruleSettings((o as { rules?: unknown }).rules) }] : [];
  });
}

export function includeGlobs(scope?: vscode.ConfigurationScope): string[] {
  return (section(scope).get<unknown[]>('files.include') ?? []).filter((g): g is string => typeof g === 'string');
}

export function excludeGlobs(scope?: vscode.ConfigurationScope): string[] {
  return (section(scope).get<unknown[]>('files.exclude') ?? []).filter((g): g is string => typeof g === 'string');
}

export function onDidChange(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) listener();
  });
}
