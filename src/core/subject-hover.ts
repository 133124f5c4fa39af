// The hover of a subject value or matcher: what it admits in plain words, concrete subjects it would also accept,
// and the wildcard rules of the place it is written in (Anthropic `subject_prefix`, OpenAI `sub` matchers, Codex
// `external_subject`, IAM `…:sub` conditions). Facts: docs (shared) domain.md §1.5, §2.1, §2.4, §4.2.
import { LINKS } from './doc-links';
import { parseOperator } from './iam/facts';
import { type IssuerFamily, ISSUER_PROFILES } from './issuers';
import { parseWildcard } from './openai/matchers';
import { type WildcardSyntax, analyzeSubject } from './subjects';

export interface SubjectContext {
  readonly provider: 'anthropic' | 'openai' | 'codex' | 'iam';
  /** The identity provider behind the rule or statement, when known. */
  readonly family?: IssuerFamily;
  /** IAM: the condition operator, as written. */
  readonly operator?: string;
  /** How many values the condition lists (any one of them may match). */
  readonly alternatives: number;
}

/**
 * Credential shapes (docs (shared) domain.md §6): a value holding one is never echoed, wherever it was pasted. A JWT is
 * found from the dot after its header, looking back (so each run of base64url characters is read once, not once per
 * `eyJ` in it).
 */
const SECRET_SHAPE = /sk-ant-|sk-(?:proj|svcacct|admin)-|\bsk-[A-Za-z0-9]{20}|sk_live_|rk_live_|\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}|ABSK[A-Za-z0-9+/]{16}|\bgh[pousr]_[A-Za-z0-9]{20}|github_pat_|xox[abpe]-|\bAIza[A-Za-z0-9_-]{20}|\.(?<=\beyJ[A-Za-z0-9_-]{8,}\.)|PRIVATE KEY-----/;

export function looksSecret(v: string): boolean {
  return SECRET_SHAPE.test(v);
}

/** A Markdown code span that survives backticks in the text. */
export const code = (s: string): string => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);

const WHERE: Readonly<Record<SubjectContext['provider'], string>> = {
  anthropic: '`match.subject_prefix`',
  openai: '`attribute_matchers.sub`',
  codex: '`external_subject`',
  iam: 'condition on `sub`',
};

const RULES: Readonly<Record<'anthropic' | 'openai' | 'codex', string>> = {
  anthropic: 'Wildcards: compared with `sub` exactly and case-sensitively; only a final `*` is a wildcard, making it a prefix match. A `*` anywhere else is an ordinary character.',
  openai: 'Wildcards: exact, or a prefix match with one final `*` after a non-empty prefix. OpenAI rejects `*` alone and a `*` anywhere else.',
  codex: 'Wildcards: exact, or a prefix match with one final `*`. Codex rejects a `*` anywhere else.',
};

const LINK: Readonly<Record<SubjectContext['provider'], string>> = {
  anthropic: LINKS.anthropicReference,
  openai: LINKS.openai,
  codex: LINKS.codex,
  iam: LINKS.awsInbound,
};

export function subjectMarkdown(value: string, c: SubjectContext): string | undefined {
  if (looksSecret(value)) return undefined;
  let syntax: WildcardSyntax = 'trailing-star';
  let rules: string;
  let negated = false;
  let ignoreCase = false;
  const notes: string[] = [];
  if (c.provider === 'iam') {
    const op = parseOperator(c.operator ?? '');
    const base = op.baseLower;
    if (!base.startsWith('string')) return undefined;
    negated = base.startsWith('stringnot');
    ignoreCase = base.endsWith('ignorecase');
    syntax = base.endsWith('like') ? 'glob' : 'exact';
    rules = syntax === 'glob'
      ? `Wildcards: under ${code(op.base)}, \`*\` matches any run of characters and \`?\` exactly one, anywhere in the value; the match is case-sensitive.`
      : `Wildcards: none. Under ${code(op.base)}, \`*\` and \`?\` are ordinary characters.`;
    if (op.qualifier === 'ForAllValues') notes.push('`ForAllValues:` on the single-valued `sub` is also true when the token has no `sub` at all; use the operator without the qualifier.');
    if (syntax === 'exact' && /[*?]/.test(value) && !negated) notes.push(`${code(op.base)} compares literally: this admits only a subject spelled with these very characters, which tokens do not carry. Use \`StringLike\` for a pattern.`);
    if (syntax === 'glob' && !/[*?]/.test(value)) notes.push(`\`${op.base}\` without \`*\` or \`?\` is an exact match; \`StringEquals\` says so plainly.`);
  } else {
    rules = RULES[c.provider];
    if (c.provider !== 'anthropic') {
      const shape = parseWildcard(value);
      if (shape.kind === 'alone' || shape.kind === 'multiple' || shape.kind === 'mid') {
        return section(value, c, [`${c.provider === 'codex' ? 'Codex' : 'OpenAI'} rejects this value: a \`*\` may appear once, at the end, after a non-empty prefix.`, rules]);
      }
    } else if (value.includes('*') && !value.endsWith('*')) {
      notes.push('The `*` here is not the last character, so it is an ordinary character.');
    }
  }
  const a = analyzeSubject(value, syntax, c.family);
  const body: string[] = [];
  if (negated) {
    body.push(`Rejects the subjects ${a.wildcard ? 'this pattern matches' : 'equal to this value'}; every other subject passes this condition.`);
  } else if (a.issues.length > 0) {
    body.push(`Admits ${a.issues.map((i) => i.detail).join('; ')}.`);
    if (a.alsoAdmits.length) body.push(['Subjects it would also accept, for example:', ...a.alsoAdmits.map((s) => `- ${code(s)}`)].join('\n'));
  } else if (a.wildcard) {
    body.push(syntax === 'glob' ? `Admits every subject this pattern matches (the literal part before the first wildcard is ${code(a.prefix)}).` : `Admits every subject that starts with ${code(a.prefix)}.`);
  } else {
    body.push(`Exactly this workload: ${code(value)}${ignoreCase ? ' (in any letter case)' : ''}, nothing else.`);
  }
  if (c.alternatives > 1) body.push(`One of ${c.alternatives} values: a token matching any of them passes.`);
  return section(value, c, [...body, ...notes, rules], a.family);
}

function section(value: string, c: SubjectContext, body: readonly string[], inferred?: IssuerFamily): string {
  const family = c.family && c.family !== 'custom' ? c.family : inferred;
  const who = family && family !== 'custom' ? ` · ${ISSUER_PROFILES[family].label}` : '';
  const where = c.provider === 'iam' && c.operator ? `${WHERE.iam} under ${code(c.operator)}` : WHERE[c.provider];
  return [`**Subject** ${code(value)} · ${where}${who}`, ...body, `[Provider docs](${LINK[c.provider]})`].join('\n\n');
}
