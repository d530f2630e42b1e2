import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { charsetFromContentType, decodeText } from "../../src/domain/text-decoding.js";

const RU = "Правительство утвердило стратегию развития искусственного интеллекта";

describe("decodeText", () => {
  it("reads the charset parameter of Content-Type", () => {
    expect(charsetFromContentType('text/xml; charset="Windows-1251"')).toBe("windows-1251");
    expect(charsetFromContentType("text/html")).toBeNull();
    expect(decodeText(iconv.encode(RU, "koi8-r"), "text/plain; charset=koi8-r").text).toBe(RU);
  });

  it("uses the XML declaration when the header says nothing", () => {
    const xml = `<?xml version='1.0' encoding='windows-1251' ?><t>${RU}</t>`;
    expect(decodeText(iconv.encode(xml, "windows-1251"), "application/xml").text).toBe(xml);
  });

  it("uses an HTML meta charset when the header says nothing", () => {
    const html = `<html><head><META HTTP-EQUIV="content-type" CONTENT="text/html; charset=KOI8-R"></head>${RU}</html>`;
    const decoded = decodeText(iconv.encode(html, "koi8-r"), null);
    expect(decoded).toEqual({ text: html, charset: "koi8-r" });
  });

  it("prefers a BOM to anything declared, and removes it", () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(RU, "utf-16be")]);
    expect(decodeText(bytes, "text/plain; charset=windows-1251")).toEqual({ text: RU, charset: "utf-16be" });
  });

  it("reads UTF-16 without a byte-order mark, little- and big-endian", () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>${RU}</title></channel></rss>`;
    expect(decodeText(iconv.encode(xml, "utf-16le"), "application/rss+xml")).toEqual({
      text: xml,
      charset: "utf-16le",
    });
    expect(decodeText(iconv.encode(xml, "utf-16be"), null)).toEqual({ text: xml, charset: "utf-16be" });
  });

  it("does not believe a UTF-8 header over bytes that are not UTF-8", () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?><t>${RU}</t>`;
    expect(decodeText(iconv.encode(xml, "windows-1251"), "text/xml; charset=UTF-8").charset).toBe(
      "windows-1251",
    );
  });

  it("falls back to UTF-8, or windows-1252 for undeclared legacy bytes", () => {
    expect(decodeText(Buffer.from(RU), null)).toEqual({ text: RU, charset: "utf-8" });
    expect(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), null)).toEqual({
      text: "café",
      charset: "windows-1252",
    });
    expect(decodeText(Buffer.from([0x93, 0x68, 0x69, 0x94]), "text/plain; charset=iso-8859-1").text).toBe(
      "“hi”",
    );
  });

  it("ignores a charset nobody knows", () => {
    expect(decodeText(Buffer.from(RU), "text/plain; charset=x-made-up").text).toBe(RU);
  });
});
