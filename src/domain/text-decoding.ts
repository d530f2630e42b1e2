// Turns the bytes of an answer into text, honouring the charset the way browsers and feed readers
// do, so a windows-1251 or koi8-r Russian feed reads as Russian, not mojibake.
// Rules, in the order they apply:
//  1. A byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE) and is removed from the text; UTF-16
//     without one is recognised by its zero bytes.
//  2. Else the first label we know among: the Content-Type `charset`, then, for XML, the XML
//     declaration's `encoding`, or, for anything else, an HTML `<meta charset>` /
//     `<meta http-equiv="Content-Type" content="…; charset=…">` in the first 8 KiB.
//  3. A declared UTF-8 that the bytes are not (a common misconfiguration: the server says utf-8,
//     the feed is windows-1251 and says so in its XML declaration) gives way to the next
//     declared non-UTF-8 label.
//  4. With nothing declared: UTF-8 when the bytes are valid UTF-8, else windows-1252 (the web's
//     default for undeclared legacy text).
// Labels follow the WHATWG mapping where it matters: latin1/iso-8859-1/us-ascii mean windows-1252,
// and a UTF-16 label on a document we could read as ASCII means UTF-8.

import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

export interface DecodedText {
  text: string;
  /** The charset used, lower-case (e.g. "utf-8", "windows-1251"). */
  charset: string;
}

const XML_DECLARATION = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/;
const XML_START = /^\s*<\?xml\s/;
const META_CHARSET = /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

/** The `charset` parameter of a Content-Type header value, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*"?\s*([^";\s]+)/i.exec(contentType);
  return match?.[1]?.toLowerCase() ?? null;
}

/** The charset a document declares inside itself (XML declaration or HTML meta), or null. */
export function declaredCharset(bytes: Uint8Array): string | null {
  // Declarations are ASCII; latin1 maps bytes one to one, so offsets stay honest.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192)).toString(
    "latin1",
  );
  if (XML_START.test(head)) return XML_DECLARATION.exec(head.slice(0, 1024))?.[1]?.toLowerCase() ?? null;
  return META_CHARSET.exec(head)?.[1]?.toLowerCase() ?? null;
}

/** Decodes an answer's bytes to text; never throws. */
export function decodeText(bytes: Uint8Array, contentType: string | null | undefined): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = bomCharset(buf) ?? utf16WithoutBom(buf);
  if (bom) return { text: iconv.decode(buf, bom, { stripBOM: true }), charset: bom };

  const declared = [charsetFromContentType(contentType), declaredCharset(buf)]
    .map((label) => (label ? canonicalLabel(label) : null))
    .filter((label): label is string => label !== null);

  const validUtf8 = isUtf8(buf);
  let chosen: string | undefined = declared[0];
  if (chosen === "utf-8" && !validUtf8) {
    chosen = declared.find((label) => label !== "utf-8") ?? "utf-8";
  }
  if (!chosen) chosen = validUtf8 ? "utf-8" : "windows-1252";
  // Valid UTF-8 (the usual answer) decodes the same either way; Buffer's own decoder is the faster.
  if (chosen === "utf-8" && validUtf8) return { text: buf.toString("utf8"), charset: chosen };
  return { text: iconv.decode(buf, chosen, { stripBOM: true }), charset: chosen };
}

function bomCharset(buf: Buffer): string | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return "utf-8";
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return "utf-16le";
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return "utf-16be";
  return null;
}

/**
 * UTF-16 that lacks its byte-order mark: markup and text start with ASCII, which UTF-16 writes with
 * a zero byte on the same side of each pair (at least half of them, as Cyrillic has none); no 8-bit
 * text has zero bytes at all.
 */
function utf16WithoutBom(buf: Buffer): string | null {
  const n = Math.min(buf.length, 256) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs / 2 && evenZero === 0) return "utf-16le";
  if (evenZero >= pairs / 2 && oddZero === 0) return "utf-16be";
  return null;
}

// A label iconv-lite knows, in a canonical spelling; null for labels nobody knows.
function canonicalLabel(label: string): string | null {
  const l = label.trim().toLowerCase();
  if (["utf-8", "utf8", "unicode-1-1-utf-8"].includes(l)) return "utf-8";
  // Without a BOM we already read the declaration as ASCII: the document cannot be UTF-16.
  if (l.startsWith("utf-16") || l === "unicode" || l === "ucs-2") return "utf-8";
  if (["iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "cp819"].includes(l)) {
    return "windows-1252";
  }
  return iconv.encodingExists(l) ? l : null;
}
