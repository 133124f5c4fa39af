// DOM helpers for the webview pages: elements built from data, text always set as text (never parsed as HTML).
type Child = Node | string | false | null | undefined;

export function el(tag: string, attrs: Readonly<Record<string, string>> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== false && c !== null && c !== undefined) e.append(c);
  return e;
}

/** "1 key", "3 keys": a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
