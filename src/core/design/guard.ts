// A design that crossed a trust boundary (a webview message, a restored webview state, a command argument) is
// untrusted data: read it field by field into a DesignModel, or reject it. Nothing else reads raw designs.
import { DESTINATIONS, IDENTITY_KINDS, type DesignModel, type Destination, type IdentityKind } from './types';

/** Longest value of one field: inline JWKS are the largest thing a design holds. */
export const MAX_FIELD_LENGTH = 64 * 1024;
const MAX_PINS = 64;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_FIELD_LENGTH;

export const isIdentityKind = (v: unknown): v is IdentityKind => typeof v === 'string' && (IDENTITY_KINDS as readonly string[]).includes(v);
export const isDestination = (v: unknown): v is Destination => typeof v === 'string' && (DESTINATIONS as readonly string[]).includes(v);

/** A DesignModel from untrusted data, or undefined when any part of it is not what a design holds. */
export function readDesignModel(raw: unknown): DesignModel | undefined {
  if (!isObject(raw) || !isIdentityKind(raw.identity) || !isDestination(raw.destination)) return undefined;
  if (!isObject(raw.pins) || !text(raw.scope) || !text(raw.serviceAccount)) return undefined;
  const entries = Object.entries(raw.pins);
  if (entries.length > MAX_PINS || !entries.every(([k, v]) => /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(k) && text(v))) return undefined;
  if (raw.workspace !== undefined && !text(raw.workspace)) return undefined;
  const life = raw.lifetimeSeconds;
  if (life !== undefined && (typeof life !== 'number' || !Number.isFinite(life))) return undefined;
  // a fresh object: no prototype tricks or extra members travel on
  const pins: Record<string, string> = Object.create(null);
  for (const [k, v] of entries) pins[k] = v as string;
  return {
    identity: raw.identity,
    destination: raw.destination,
    pins: { ...pins },
    scope: raw.scope,
    ...(raw.workspace !== undefined ? { workspace: raw.workspace as string } : {}),
    ...(life !== undefined ? { lifetimeSeconds: life } : {}),
    serviceAccount: raw.serviceAccount,
  };
}
