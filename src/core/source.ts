// One document being checked: its text, a path hint, and parses computed at most once and only when asked for.
import { type ParseProblem, type StructuredParse, MAX_STRUCTURED_LENGTH, parseStructured } from './parse';

export class SourceContext {
  private structuredParse: StructuredParse | undefined;
  /** Parse problems that the document's recogniser wants reported (structured or text formats). */
  readonly problems: ParseProblem[] = [];
  /**
   * Set by a recogniser that read the document as a line-based text format (a dotenv file or a Dockerfile recognised
   * by content): its YAML parse problems are then not the document's and are not reported.
   */
  textFormat: 'sql' | 'dotenv' | 'dockerfile' | undefined;

  constructor(
    readonly text: string,
    /** A path or file name hint. Content decides what a document is; names only break ties. */
    readonly path: string,
  ) {}

  /** Base name of the path hint, lower-cased (`Dockerfile` -> `dockerfile`). */
  get baseName(): string {
    const i = Math.max(this.path.lastIndexOf('/'), this.path.lastIndexOf('\\'));
    return this.path.slice(i + 1).toLowerCase();
  }

  /** Lower-cased extension including the dot ('' when none). */
  get extension(): string {
    const b = this.baseName;
    const i = b.lastIndexOf('.');
    return i > 0 ? b.slice(i) : '';
  }

  /** The YAML/JSON parse of the text (every document of a stream), computed once. */
  structured(): StructuredParse {
    if (!this.structuredParse) {
      this.structuredParse =
        this.text.length > MAX_STRUCTURED_LENGTH
          ? { syntax: 'yaml', documents: [], problems: [] }
          : parseStructured(this.text);
    }
    return this.structuredParse;
  }

  /** Whether a structured parse was made (so its problems are known). */
  get hasStructured(): boolean {
    return this.structuredParse !== undefined;
  }

  /** True when the text is plausibly YAML/JSON worth parsing: not an obvious SQL script, dotenv or Dockerfile. */
  get textFormatHint(): 'sql' | 'dotenv' | 'dockerfile' | undefined {
    const b = this.baseName;
    if (this.extension === '.sql') return 'sql';
    if (b === 'dockerfile' || b === 'containerfile' || b.endsWith('.dockerfile') || b.startsWith('dockerfile.')) return 'dockerfile';
    if (b === '.env' || b.startsWith('.env.') || b.endsWith('.env')) return 'dotenv';
    return undefined;
  }
}
