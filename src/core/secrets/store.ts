// The keys of a workspace, file by file: what the Keys view shows and the file watchers keep current. One file's
// keys are replaced at a time (a changed file is rescanned alone), and the grouping the tree shows — provider, then
// key type, then location — is derived on demand. Editor-independent: files are named by any string (VS Code uses
// URIs) and positions are 0-based lines and UTF-16 characters, as editors count them.
import type { Span } from '../model';
import { compareStrings, LineIndex, type Position } from '../text';
import { type Baseline, isBaselined } from './baseline';
import { DEFAULT_SALT, scanText } from './scan';
import { type SecretFinding, type SecretProvider, type SecretSeverity, secretSeverityRank } from './types';

export interface KeyRange {
  readonly start: Position;
  readonly end: Position;
}

/** One key found in a file: everything the Keys view and key diagnostics show, and never the key itself. */
export interface StoredKey extends Pick<SecretFinding, 'detectorId' | 'provider' | 'type' | 'severity' | 'masked' | 'fingerprint' | 'span'> {
  /** The store's name for the file (a URI in VS Code). */
  readonly file: string;
  readonly range: KeyRange;
  /** The other half of a paired credential (the AWS secret access key next to its key id). */
  readonly related: readonly KeyRange[];
}

export interface FileKeys {
  readonly keys: readonly StoredKey[];
  /** Keys a `keyless:allow` (or gitleaks / detect-secrets) comment covers. */
  readonly suppressed: number;
  /** Keys the baseline accepted. */
  readonly baselined: number;
}

export interface KeysInOptions {
  /** The path detectors see (some only apply to some files); defaults to `file`. */
  readonly path?: string;
  /** Fingerprints are salted with the baseline's salt when there is one, so they can be compared with it. */
  readonly baseline?: Baseline;
  /** The file as the baseline names it (relative to the folder that holds `.keyless/baseline.json`). */
  readonly baselinePath?: string;
  readonly now?: number;
}

/** Scan one file's text into stored keys: suppressed and baselined keys are counted, not kept. */
export function keysIn(text: string, file: string, opts: KeysInOptions = {}): FileKeys {
  const path = opts.path ?? file;
  const found = scanText(text, path, { salt: opts.baseline?.salt ?? DEFAULT_SALT, ...(opts.now !== undefined ? { now: opts.now } : {}) });
  if (found.length === 0) return { keys: [], suppressed: 0, baselined: 0 };
  const lines = new LineIndex(text);
  const range = (s: Span): KeyRange => ({ start: lines.positionAt(s.start), end: lines.positionAt(s.end) });
  const keys: StoredKey[] = [];
  let suppressed = 0;
  let baselined = 0;
  for (const f of found) {
    if (f.suppressed) suppressed++;
    else if (opts.baseline && isBaselined(f, opts.baseline, opts.baselinePath ?? path)) baselined++;
    else {
      keys.push({
        file, detectorId: f.detectorId, provider: f.provider, type: f.type, severity: f.severity, masked: f.masked, fingerprint: f.fingerprint,
        span: f.span, range: range(f.span), related: (f.related ?? []).map(range),
      });
    }
  }
  return { keys, suppressed, baselined };
}

export interface TypeGroup {
  readonly type: string;
  readonly detectorId: string;
  /** The highest severity among its keys. */
  readonly severity: SecretSeverity;
  /** By file, then position. */
  readonly keys: readonly StoredKey[];
}

export interface ProviderGroup {
  readonly provider: SecretProvider;
  readonly severity: SecretSeverity;
  readonly count: number;
  readonly types: readonly TypeGroup[];
}

const sameKeys = (a: readonly StoredKey[], b: readonly StoredKey[]): boolean =>
  a.length === b.length &&
  a.every((k, i) => {
    const o = b[i]!;
    return k.fingerprint === o.fingerprint && k.detectorId === o.detectorId && k.severity === o.severity && k.span.start === o.span.start && k.span.end === o.span.end && k.range.start.line === o.range.start.line;
  });

const maxSeverity = (keys: readonly { severity: SecretSeverity }[]): SecretSeverity =>
  keys.reduce<SecretSeverity>((m, k) => (secretSeverityRank(k.severity) > secretSeverityRank(m) ? k.severity : m), 'low');

const byLocation = (a: StoredKey, b: StoredKey): number => compareStrings(a.file, b.file) || a.span.start - b.span.start;

export class KeyStore {
  private readonly byFile = new Map<string, FileKeys>();
  private total = 0;

  /** Replace one file's keys; whether anything a view shows changed. */
  set(file: string, keys: FileKeys): boolean {
    const before = this.byFile.get(file);
    if (keys.keys.length === 0 && keys.suppressed === 0 && keys.baselined === 0) return this.delete(file);
    this.byFile.set(file, keys);
    this.total += keys.keys.length - (before?.keys.length ?? 0);
    return !before || !sameKeys(before.keys, keys.keys) || before.suppressed !== keys.suppressed || before.baselined !== keys.baselined;
  }

  delete(file: string): boolean {
    const before = this.byFile.get(file);
    if (!before) return false;
    this.byFile.delete(file);
    this.total -= before.keys.length;
    return true;
  }

  /** Forget every file under a folder (`prefix` ends with `/`): the folder was deleted or left the workspace. */
  deleteUnder(prefix: string): boolean {
    let changed = false;
    for (const file of [...this.byFile.keys()]) if (file.startsWith(prefix)) changed = this.delete(file) || changed;
    return changed;
  }

  clear(): void {
    this.byFile.clear();
    this.total = 0;
  }

  get(file: string): FileKeys | undefined {
    return this.byFile.get(file);
  }

  has(file: string): boolean {
    return this.byFile.has(file);
  }

  /** Files with keys, shown or not (reviewed, baselined): what a change of the baseline can affect. */
  files(): string[] {
    return [...this.byFile.keys()];
  }

  /** How many keys the view shows. */
  get count(): number {
    return this.total;
  }

  get suppressed(): number {
    let n = 0;
    for (const f of this.byFile.values()) n += f.suppressed;
    return n;
  }

  get baselined(): number {
    let n = 0;
    for (const f of this.byFile.values()) n += f.baselined;
    return n;
  }

  /** Every key, by file then position. */
  all(): StoredKey[] {
    const out: StoredKey[] = [];
    for (const f of this.byFile.values()) out.push(...f.keys);
    return out.sort(byLocation);
  }

  /** Provider -> key type -> locations: the worst first at each level, then by name. */
  groups(): ProviderGroup[] {
    // a key type is a detector (two detectors never share a type name within a provider)
    const providers = new Map<SecretProvider, Map<string, StoredKey[]>>();
    for (const k of this.all()) {
      let types = providers.get(k.provider);
      if (!types) providers.set(k.provider, (types = new Map()));
      const list = types.get(k.detectorId);
      if (list) list.push(k);
      else types.set(k.detectorId, [k]);
    }
    const worstFirst = <T extends { severity: SecretSeverity }>(a: T, b: T, name: (x: T) => string): number =>
      secretSeverityRank(b.severity) - secretSeverityRank(a.severity) || compareStrings(name(a), name(b));
    return [...providers].map(([provider, types]): ProviderGroup => {
      const groups = [...types].map(([detectorId, keys]): TypeGroup => ({ type: keys[0]!.type, detectorId, severity: maxSeverity(keys), keys }));
      groups.sort((a, b) => worstFirst(a, b, (g) => g.type));
      return { provider, severity: maxSeverity(groups), count: groups.reduce((n, g) => n + g.keys.length, 0), types: groups };
    }).sort((a, b) => worstFirst(a, b, (g) => g.provider));
  }
}
