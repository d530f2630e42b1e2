// Making text from sources safe to put in a mail or a feed. Item titles, quotes and source names
// come from the open web: they are always escaped for HTML/XML, stripped of control characters
// (which also make XML ill-formed), and links are used only when they are http(s).

// C0 controls except tab/newline/carriage return, DEL, C1 controls, and U+FFFE/U+FFFF are not
// allowed in XML; lone surrogates are not text at all.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Characters that may appear in mail and XML: controls dropped, lone surrogates replaced. */
export function stripControls(value: string): string {
  return value.replace(LONE_SURROGATE, "\uFFFD").replace(CONTROL, "");
}

/** Text on one line: control characters removed, runs of white space collapsed. */
export function cleanText(value: string | null | undefined): string {
  if (!value) return "";
  return stripControls(value).replace(/\s+/g, " ").trim();
}

/** At most `max` characters, cut at a word boundary with an ellipsis. */
export function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML and XML content and attribute values. */
export function escapeMarkup(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The URL, normalised, when it is an absolute http(s) URL; otherwise null (never linked). */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password) return null;
    return url.toString();
  } catch {
    return null;
  }
}

/** HTML that is already safe; everything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | null | undefined | false | HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeMarkup(typeof value === "number" ? String(value) : stripControls(value));
}

/** Tagged template for HTML: interpolated values are escaped unless they are SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** A link when the URL is http(s), else the text alone. */
export function link(url: string | null | undefined, text: string, style = ""): SafeHtml {
  const safe = safeHttpUrl(url);
  if (!safe) return html`${text}`;
  return style ? html`<a href="${safe}" style="${style}">${text}</a>` : html`<a href="${safe}">${text}</a>`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const STATUS_WORDS: Record<string, string> = {
  not_started: "not started",
  in_progress: "in progress",
  at_risk: "at risk",
  achieved: "achieved",
  partially_achieved: "partially achieved",
  stalled: "stalled",
  overdue: "overdue",
  ongoing: "ongoing",
};

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? cleanText(status);
}
