// The designer's messages, imported by both sides (the page in the webview and the panel in the extension host), so
// neither can send what the other does not read. Everything here is plain JSON. The host validates every message
// from the page with `readPageMessage` before use: a webview is a page, and a page is not trusted.
import type { AttackView, DesignModel, DesignView, PlaygroundView } from '../../core/design';

export const DESIGNER_VIEW_TYPE = 'keyless.designer';

/** Tabs of the page, kept in its state across reloads. */
export const TABS = ['documents', 'playground', 'attacks'] as const;
export type Tab = (typeof TABS)[number];

/** What the page keeps with `setState` (and the panel serializer hands back after a reload). Never a token. */
export interface DesignerState {
  readonly model: DesignModel;
  readonly tab: Tab;
}

/** Where a save goes: a new file, or into an existing file (an edit the user sees and can undo). */
export type SaveMode = 'new' | 'existing';

/** Page → host. */
export type PageMessage =
  /** The page has loaded and listens: the host answers with `init`. */
  | { readonly type: 'ready' }
  /**
   * The design changed (every keystroke; the host waits for a pause). `seq` counts the page's changes, 1 up: the
   * host's views say which change they show, so the page can tell a view of an older design from its latest.
   */
  | { readonly type: 'change'; readonly model: DesignModel; readonly seq: number }
  /** Decide a token in the playground: a sample of the designed workload, or a pasted JWT. */
  | { readonly type: 'token'; readonly input: { readonly kind: 'sample' } | { readonly kind: 'pasted'; readonly jwt: string } }
  | { readonly type: 'save'; readonly document: string; readonly mode: SaveMode }
  | { readonly type: 'copy'; readonly document: string }
  /** Copy the Admin API requests that create the destination's resources, as curl commands. */
  | { readonly type: 'copyCurl' }
  /** Open a rule's documentation. */
  | { readonly type: 'openRule'; readonly ruleId: string }
  /** The answer to `inspect`: what the page shows, region by region, as text. */
  | { readonly type: 'inspected'; readonly id: number; readonly regions: Readonly<Record<string, string>> };

/** Host → page. */
export type HostMessage =
  | { readonly type: 'init'; readonly state: DesignerState }
  /** The design's view; `seq` is the page's latest change the host had read (0: none since the page loaded). */
  | { readonly type: 'view'; readonly view: DesignView; readonly curl: boolean; readonly seq: number }
  | { readonly type: 'playground'; readonly result: PlaygroundView }
  | { readonly type: 'attacks'; readonly result: AttackView }
  /** A short message after an action (saved, copied, nothing to do). */
  | { readonly type: 'notice'; readonly text: string }
  /** Ask the page for the text of what it shows (the integration tests read the rendered page this way). */
  | { readonly type: 'inspect'; readonly id: number };

/** Longest pasted token the page may send: the providers reject assertions over 16 KiB anyway. */
export const MAX_PASTED_TOKEN = 64 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const shortText = (v: unknown, max = 256): v is string => typeof v === 'string' && v.length <= max;
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * A page message with the shape its type requires, or undefined. The design inside `change` is checked by
 * `readDesignModel` (core) where it is used; here only its envelope.
 */
export function readPageMessage(raw: unknown): PageMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'copyCurl':
      return { type: raw.type };
    case 'change':
      return isObject(raw.model) && isSeq(raw.seq) ? { type: 'change', model: raw.model as unknown as DesignModel, seq: raw.seq } : undefined;
    case 'token': {
      const input = raw.input;
      if (!isObject(input)) return undefined;
      if (input.kind === 'sample') return { type: 'token', input: { kind: 'sample' } };
      if (input.kind === 'pasted' && shortText(input.jwt, MAX_PASTED_TOKEN)) return { type: 'token', input: { kind: 'pasted', jwt: input.jwt } };
      return undefined;
    }
    case 'save':
      return shortText(raw.document) && (raw.mode === 'new' || raw.mode === 'existing') ? { type: 'save', document: raw.document, mode: raw.mode } : undefined;
    case 'copy':
      return shortText(raw.document) ? { type: 'copy', document: raw.document } : undefined;
    case 'openRule':
      return shortText(raw.ruleId) && /^[a-z]+\/[a-z0-9-]+$/.test(raw.ruleId) ? { type: 'openRule', ruleId: raw.ruleId } : undefined;
    case 'inspected': {
      if (typeof raw.id !== 'number' || !isObject(raw.regions)) return undefined;
      const regions: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw.regions)) if (typeof v === 'string' && v.length <= 1_000_000) regions[k] = v;
      return { type: 'inspected', id: raw.id, regions };
    }
    default:
      return undefined;
  }
}

/** The tab of a restored page state (from the serializer); the first tab when it is not one. */
export function readTab(v: unknown): Tab {
  return typeof v === 'string' && (TABS as readonly string[]).includes(v) ? (v as Tab) : 'documents';
}
