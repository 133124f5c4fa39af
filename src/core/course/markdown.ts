// Markdown of the lessons (build-time): one markdown-it instance with raw HTML disabled (a `<script>` in a lesson is
// shown as text, never run), no typographic replacements (quotes and dashes stay as written), links kept as they are
// and image paths left relative so the webview can rewrite them.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Block Markdown (a reading, a prompt, an explanation) to HTML. */
export function renderBlock(markdown: string): string {
  return md.render(markdown);
}

/** One line of Markdown (a choice, a point, a hint) to HTML without the wrapping paragraph. */
export function renderInline(markdown: string): string {
  // a text of several paragraphs (an author's choice) renders as blocks; one paragraph loses its <p>
  const html = md.render(markdown).trim();
  const single = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return single && !single[1]!.includes('<p>') ? single[1]! : html;
}

export interface MarkdownImage {
  readonly src: string;
  readonly alt: string;
  /** 0-based line within the Markdown text. */
  readonly line: number;
}

export interface MarkdownScan {
  readonly images: readonly MarkdownImage[];
  /** 0-based lines of level-1 headings (a reading's headings start at `##`). */
  readonly topHeadings: readonly number[];
  /** 0-based lines of fenced code blocks without a language. */
  readonly bareFences: readonly number[];
}

/** What the lesson checks need to know about a Markdown text: its images, top-level headings, bare code fences. */
export function scanMarkdown(markdown: string): MarkdownScan {
  const images: MarkdownImage[] = [];
  const topHeadings: number[] = [];
  const bareFences: number[] = [];
  for (const t of md.parse(markdown, {})) {
    const line = t.map?.[0] ?? 0;
    if (t.type === 'heading_open' && t.tag === 'h1') topHeadings.push(line);
    else if (t.type === 'fence' && t.info.trim() === '') bareFences.push(line);
    else if (t.type === 'inline') {
      for (const c of t.children ?? []) {
        if (c.type === 'image') images.push({ src: c.attrGet('src') ?? '', alt: c.content, line });
      }
    }
  }
  return { images, topHeadings, bareFences };
}
