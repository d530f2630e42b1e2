// Turning markup into the plain text items store: titles and summaries on one line, full text as
// paragraphs separated by blank lines. Entities are decoded, tags dropped, whitespace collapsed.
//
// Markup is read as a stream of tokens with no element tree, so the work is linear in the input
// and nesting depth costs nothing: a hostile item of 200,000 nested <div> is just 200,000 paragraph
// breaks. Parsed DOM nodes (from adapters that select parts of a page) are walked with an explicit
// stack for the same reason.

import type { AnyNode } from "domhandler";
import { Tokenizer } from "htmlparser2";

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
]);
const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "iframe",
  "head",
  "object",
  "canvas",
]);

/** Collects text into paragraphs; `flush` ends the current paragraph. */
class Paragraphs {
  private readonly blocks: string[] = [];
  private buf = "";

  text(s: string): void {
    this.buf += s;
  }

  lineBreak(): void {
    this.buf += "\n";
  }

  flush(): void {
    if (this.buf === "") return;
    const lines = this.buf
      .split("\n")
      .map((l) => l.replace(/\s+/g, " ").trim())
      .filter((l) => l !== "");
    if (lines.length > 0) this.blocks.push(lines.join("\n"));
    this.buf = "";
  }

  result(): string {
    this.flush();
    return this.blocks.join("\n\n");
  }
}

// What the readers look at of one field, whatever a feed sends: more than the largest caps at
// ingest (docs/limits.md), and small enough that a 9 MB title costs milliseconds, not seconds.
export const LINE_INPUT_MAX_CHARS = 100_000;
export const TEXT_INPUT_MAX_CHARS = 2_000_000;

/** Plain text with paragraphs separated by blank lines (and single newlines for `<br>`). */
export function htmlToText(input: string | null | undefined): string {
  if (!input) return "";
  const html = input.length > TEXT_INPUT_MAX_CHARS ? input.slice(0, TEXT_INPUT_MAX_CHARS) : input;
  if (!/[<&]/.test(html)) return paragraphsFromPlain(html);
  return streamToText(html);
}

// Tag events straight from the tokenizer: skipped elements (scripts, styles) are tracked by name
// and count instead of a stack, so unbalanced or deeply nested markup cannot make the work grow.
function streamToText(html: string): string {
  const out = new Paragraphs();
  let tag = "";
  let skipping = "";
  let skipCount = 0;
  const open = (selfClosing: boolean) => {
    if (skipping) {
      if (tag === skipping && !selfClosing) skipCount++;
    } else if (SKIP.has(tag)) {
      if (!selfClosing) {
        skipping = tag;
        skipCount = 1;
      }
    } else if (tag === "br") out.lineBreak();
    else if (BLOCK.has(tag)) out.flush();
  };
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      ontext: (start, end) => {
        if (!skipping) out.text(html.slice(start, end));
      },
      ontextentity: (cp) => {
        if (!skipping) out.text(String.fromCodePoint(cp));
      },
      oncdata: (start, end) => {
        if (!skipping) out.text(html.slice(start, end));
      },
      onopentagname: (start, end) => {
        tag = html.slice(start, end).toLowerCase();
      },
      onopentagend: () => open(false),
      onselfclosingtag: () => open(true),
      onclosetag: (start, end) => {
        const name = html.slice(start, end).toLowerCase();
        if (skipping) {
          if (name === skipping && --skipCount === 0) skipping = "";
        } else if (name === "br") out.lineBreak();
        else if (BLOCK.has(name)) out.flush();
      },
      onattribdata: () => {},
      onattribentity: () => {},
      onattribend: () => {},
      onattribname: () => {},
      oncomment: () => {},
      ondeclaration: () => {},
      onprocessinginstruction: () => {},
      onend: () => {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return out.result();
}

/** Text of already-parsed nodes, same rules as htmlToText. */
export function nodesToText(nodes: AnyNode[]): string {
  const out = new Paragraphs();
  // A block's end is pushed as a marker so its paragraph closes after its children.
  const BLOCK_END = null;
  const stack: Array<AnyNode | null> = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === BLOCK_END) {
      out.flush();
      continue;
    }
    if (node === undefined) break;
    if (node.type === "text") {
      out.text(node.data.replace(/\s+/g, " "));
      continue;
    }
    if (node.type !== "tag" && node.type !== "root" && node.type !== "cdata") continue;
    if (node.type === "tag") {
      const name = node.name.toLowerCase();
      if (SKIP.has(name)) continue;
      if (name === "br") {
        out.lineBreak();
        continue;
      }
      if (BLOCK.has(name)) {
        out.flush();
        stack.push(BLOCK_END);
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out.result();
}

/** One line: tags stripped, entities decoded, whitespace collapsed. Null when nothing is left. */
export function inlineText(html: string | null | undefined): string | null {
  if (!html) return null;
  // Plain text is cut before reading; markup after, as its text may start deep inside.
  const input = /[<&]/.test(html) ? html : html.slice(0, LINE_INPUT_MAX_CHARS);
  const t = htmlToText(input).slice(0, LINE_INPUT_MAX_CHARS).replace(/\s+/g, " ").trim();
  return t === "" ? null : t;
}

// Inline HTML tags that titles really carry; anything else in angle brackets ("Vector<T>") is text.
const INLINE_MARKUP =
  /<\/?(?:a|abbr|b|big|br|cite|code|del|dfn|div|em|font|i|img|ins|kbd|mark|p|q|s|small|span|strike|strong|sub|sup|time|tt|u|wbr)(?:\s[^<>]*)?\/?>/i;

/**
 * A title or other plain-text field: entities are decoded, but it is read as HTML only when it holds
 * real inline tags, so "Using Vector<T> in C++" keeps its "<T>". Null when blank.
 */
export function titleText(raw: string | null | undefined): string | null {
  if (!raw) return null;
  return inlineText(INLINE_MARKUP.test(raw) ? raw : raw.replace(/</g, "&lt;"));
}

/** Plain text (no markup) to paragraphs: blank lines separate paragraphs, other whitespace collapses. */
export function paragraphsFromPlain(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "")
    .join("\n\n");
}

/** Collapses whitespace on one line; null when blank. */
export function oneLine(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.slice(0, LINE_INPUT_MAX_CHARS).replace(/\s+/g, " ").trim();
  return t === "" ? null : t;
}

/** Shortens text at a word boundary, for summaries made from full text. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
