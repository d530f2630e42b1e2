import { describe, expect, it } from "vitest";
import { detectBlockedPage, looksLikeHtml } from "../../src/sources/blocked-page.js";
import { detectScriptLanguage, normalizeLanguage } from "../../src/sources/shared/language.js";
import { htmlToText, inlineText } from "../../src/sources/shared/text.js";
import { XmlParseFailure, childText, parseXml, textOf } from "../../src/sources/shared/xml.js";
import { diffLines } from "../../src/sources/page/line-diff.js";
import { itemContentHash } from "../../src/sources/shared/item.js";

describe("parseXml", () => {
  it("does not expand internal or external entities declared in a DOCTYPE", () => {
    const root = parseXml(`<?xml version="1.0"?>
      <!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY f SYSTEM "file:///etc/hostname">]>
      <r><x>&b;</x><y>&f;</y><z>&lt;&amp;&#1071;&#x44F;</z></r>`);
    expect(childText(root, "x")).toBe("&b;");
    expect(childText(root, "y")).toBe("&f;");
    expect(childText(root, "z")).toBe("<&Яя");
  });

  it("keeps CDATA as written", () => {
    expect(textOf(parseXml("<r><![CDATA[<p>AT&T</p>]]></r>"))).toBe("<p>AT&T</p>");
  });

  it("rejects a truncated or mismatched document", () => {
    expect(() => parseXml("<rss><channel><title>x</title>")).toThrow(XmlParseFailure);
    expect(() => parseXml("<a><b></a></b>")).toThrow(XmlParseFailure);
    expect(() => parseXml("")).toThrow(XmlParseFailure);
  });
});

describe("text", () => {
  it("makes plain paragraphs from markup", () => {
    expect(htmlToText("<p>One&nbsp;<b>two</b></p><p>Three<br>four</p><script>x()</script>")).toBe(
      "One two\n\nThree\nfour",
    );
    expect(inlineText("  <h1>A  &amp;\n B</h1> ")).toBe("A & B");
    expect(inlineText("<p></p>")).toBeNull();
  });
});

describe("language", () => {
  it("normalises tags and tells Cyrillic from Latin text", () => {
    expect(normalizeLanguage("en-US")).toBe("en");
    expect(normalizeLanguage("rus")).toBe("ru");
    expect(normalizeLanguage("not a tag")).toBeNull();
    expect(detectScriptLanguage("Указ Президента о развитии ИИ")).toBe("ru");
    expect(detectScriptLanguage("Executive Order on AI")).toBe("en");
    expect(detectScriptLanguage("2026")).toBeNull();
  });
});

describe("blocked-page detector", () => {
  it("names the bot wall", () => {
    expect(detectBlockedPage("<html><head><title>Just a moment...</title></head></html>")).toContain(
      "Cloudflare",
    );
    expect(detectBlockedPage("<script src='https://ct.captcha-delivery.com/c.js'></script>")).toContain(
      "DataDome",
    );
    expect(
      detectBlockedPage("<html><title>Access Denied</title><body>Reference #18.1</body></html>"),
    ).toContain("Access denied");
    expect(
      detectBlockedPage("<html><body><div class='g-recaptcha'></div>Are you a robot?</body></html>"),
    ).not.toBeNull();
  });

  it("does not flag a long article that merely embeds a captcha widget", () => {
    const article = `<html><body>${"<p>Long article text about policy.</p>".repeat(3000)}<div class="g-recaptcha"></div></body></html>`;
    expect(detectBlockedPage(article)).toBeNull();
  });

  it("tells HTML from XML feeds", () => {
    expect(looksLikeHtml("<!DOCTYPE html><html></html>")).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?><rss></rss>')).toBe(false);
    expect(looksLikeHtml("<div class='hentry'></div>")).toBe(true);
    // Servers often label feeds text/html; the document's first element is what counts.
    expect(looksLikeHtml("<feed></feed>", "text/html")).toBe(false);
    expect(looksLikeHtml("no markup at all", "text/html")).toBe(true);
  });

  it("reads a feed as a feed when a leading comment or a CDATA section holds an HTML document", () => {
    expect(
      looksLikeHtml('<?xml version="1.0"?>\n<!-- <html><body>generator</body></html> -->\n<rss></rss>'),
    ).toBe(false);
    expect(looksLikeHtml("<rss><channel><description><![CDATA[<html><body>x</body></html>]]>")).toBe(false);
  });
});

describe("diffLines", () => {
  it("finds added and removed lines in order", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "b", "c", "y"])).toEqual({ added: ["x", "y"], removed: [] });
    expect(diffLines(["a", "b", "c"], ["a", "c"])).toEqual({ added: [], removed: ["b"] });
    expect(diffLines(["a", "b"], ["b", "a"])).toEqual({ added: ["a"], removed: ["a"] });
  });
});

describe("itemContentHash", () => {
  it("changes when what a reader sees changes, and only then", () => {
    const a = { title: "Plan approved", summary: "S", content: "Text" };
    expect(itemContentHash(a)).toBe(itemContentHash({ ...a }));
    expect(itemContentHash(a)).not.toBe(itemContentHash({ ...a, content: "Text, corrected" }));
    // Field boundaries count: moving words between fields is a change.
    expect(itemContentHash({ title: "ab", summary: "c", content: null })).not.toBe(
      itemContentHash({ title: "a", summary: "bc", content: null }),
    );
  });
});
