// Turns a detector example into the document to scan and the spans it marks: `«secret»` for a finding's span and
// `‹secret›` for the related span of the finding marked just before.
import type { Span } from '../../../src/core/model';
import type { ExampleBuilder } from '../../../src/core/secrets/types';

export interface Expected {
  readonly span: Span;
  readonly related?: readonly Span[];
}

export interface Example {
  readonly path: string;
  readonly text: string;
  readonly expected: readonly Expected[];
}

export function buildExample(builder: ExampleBuilder): Example {
  const built = builder();
  const { path, text: marked } = typeof built === 'string' ? { path: 'example.txt', text: built } : built;
  let text = '';
  const expected: { span: Span; related?: Span[] }[] = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === '«' || ch === '‹') open = text.length;
    else if (ch === '»') expected.push({ span: { start: open, end: text.length } });
    else if (ch === '›') {
      const last = expected[expected.length - 1]!;
      last.related = [...(last.related ?? []), { start: open, end: text.length }];
    } else text += ch;
  }
  return { path, text, expected };
}
