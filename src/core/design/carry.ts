import { designFields } from './fields';
import type { Destination, IdentityKind } from './types';

/**
 * The pins a form for this identity and destination keeps from a set of values: its defaults, overlaid with the
 * given values of its own fields (a select keeps a value only when it offers it).
 */
export function carryPins(identity: IdentityKind, destination: Destination, values: Readonly<Record<string, string>>): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const f of designFields(identity, destination)) {
    if (f.target !== 'pins') continue;
    const v = values[f.id];
    const usable = v !== undefined && v !== '' && (f.kind !== 'select' || !!f.options?.some((o) => o.value === v));
    if (usable) pins[f.id] = v;
    else if (f.defaultValue !== undefined) pins[f.id] = f.defaultValue;
  }
  return pins;
}
