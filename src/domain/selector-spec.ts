// `--selector item=…,title=…,link=…,date=…,summary=…`: the CSS selectors of an HTML list page.
// CSS selectors contain commas themselves ("h2, h3"), so a comma only separates two settings
// when a word and `=` follow it (no selector in a list starts that way); unknown words are refused.
// The flag may also be given once per key.
// Pure: text in, selectors or words out.
import { categorizedError } from "./error-category.js";

export const SELECTOR_KEYS = ["item", "title", "link", "date", "summary"] as const;
export type SelectorKey = (typeof SELECTOR_KEYS)[number];
export type SelectorSpec = { item: string } & Partial<Record<Exclude<SelectorKey, "item">, string>>;

export class SelectorSpecError extends categorizedError("SelectorSpecError", "invalid") {}

const SPLIT = /,(?=\s*[A-Za-z_-]+\s*=)/;

export function parseSelectorSpec(values: readonly string[]): SelectorSpec {
  const out: Partial<Record<SelectorKey, string>> = {};
  for (const value of values) {
    for (const part of value.split(SPLIT)) {
      const eq = part.indexOf("=");
      const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      if (eq < 0 || !(SELECTOR_KEYS as readonly string[]).includes(key)) {
        throw new SelectorSpecError(
          `"${part.trim()}" is not a selector setting: write key=CSS with key one of ${SELECTOR_KEYS.join(", ")} ` +
            `(for example --selector "item=article.news,title=h2,link=a,date=time").`,
        );
      }
      const css = part.slice(eq + 1).trim();
      if (css === "") throw new SelectorSpecError(`The selector for "${key}" is empty.`);
      out[key as SelectorKey] = css;
    }
  }
  if (!out.item) {
    throw new SelectorSpecError(
      'The selectors need "item=…": the CSS selector of one entry in the list (for example item=li.news).',
    );
  }
  return out as SelectorSpec;
}
