// Reading an answer's body safely: decompressed (gzip, deflate, br), counted after
// decompression, and stopped the moment it passes the cap, so neither an endless stream nor a
// decompression bomb can grow memory past the cap.

import type { IncomingMessage } from "node:http";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import zlib from "node:zlib";
import { FetchError } from "../domain/fetch-error.js";
import { describePlace, formatBytes, headerValue, networkError, type Place } from "./fetch-failure.js";

// Reads the body through its decoders, counting decoded bytes. Past `cap`: with `truncate`, keeps
// the first `cap` bytes and stops; else fails with too-large. Either way the stream is destroyed
// at once, so a decompression bomb never grows past the cap.
export function readBody(
  res: IncomingMessage,
  cap: number,
  truncate: boolean,
  place: Place,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const encodings = (headerValue(res.headers["content-encoding"]) ?? "")
      .toLowerCase()
      .split(",")
      .map((e) => e.trim())
      .filter((e) => e !== "" && e !== "identity");

    const tooLarge = () =>
      new FetchError({
        kind: "too-large",
        url: place.requested.href,
        message: `${describePlace(place)} is larger than the ${formatBytes(cap)} limit; reading stopped there.`,
      });

    if (cap === 0) {
      res.resume();
      // Nothing to read (304, 204): whatever happens to the connection now does not matter.
      res.once("end", () => resolve(Buffer.alloc(0)));
      res.once("error", () => resolve(Buffer.alloc(0)));
      res.once("close", () => resolve(Buffer.alloc(0)));
      return;
    }
    const declared = Number(headerValue(res.headers["content-length"]));
    if (!truncate && encodings.length === 0 && Number.isFinite(declared) && declared > cap) {
      res.destroy();
      reject(tooLarge());
      return;
    }

    const streams: Readable[] = [res];
    let decoded: Readable = res;
    for (const encoding of encodings.reverse()) {
      const decoder = makeDecoder(encoding);
      if (!decoder) {
        res.destroy();
        reject(
          new FetchError({
            kind: "parse",
            url: place.requested.href,
            message: `${describePlace(place)} is compressed with "${encoding}", which policywatch cannot read.`,
          }),
        );
        return;
      }
      decoded.pipe(decoder);
      decoded = decoder;
      streams.push(decoder);
    }

    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const stop = () => {
      for (const s of streams) s.destroy();
    };
    const succeed = () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, total));
    };
    const fail = (error: unknown) => {
      if (done) return;
      done = true;
      stop();
      reject(error);
    };

    decoded.on("data", (chunk: Buffer) => {
      if (done) return;
      if (total + chunk.length > cap) {
        if (!truncate) {
          fail(tooLarge());
          return;
        }
        chunks.push(chunk.subarray(0, cap - total));
        total = cap;
        succeed();
        stop();
        return;
      }
      chunks.push(chunk);
      total += chunk.length;
    });
    decoded.on("end", succeed);
    res.on("error", (error: NodeJS.ErrnoException) => fail(networkError(error, place)));
    // A connection closed before the body ended: the answer is incomplete.
    res.on("close", () => {
      if (!res.complete) fail(networkError({ code: "ECONNRESET", message: "aborted" }, place));
    });
    for (const decoder of streams.slice(1)) {
      decoder.on("error", () =>
        fail(
          new FetchError({
            kind: "parse",
            url: place.requested.href,
            message: `${describePlace(place)} sent a compressed answer (${encodings.join(", ")}) that could not be decompressed.`,
          }),
        ),
      );
    }
  });
}

function makeDecoder(
  encoding: string,
): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | DeflateDecoder | null {
  // SYNC_FLUSH: a body cut short by the server still yields what arrived instead of an error.
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (encoding === "gzip" || encoding === "x-gzip") return zlib.createGunzip(flush);
  if (encoding === "br")
    return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  if (encoding === "deflate") return new DeflateDecoder();
  return null;
}

// "deflate" should be zlib-wrapped, but some servers send raw deflate: look at the first byte.
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      const zlibWrapped = chunk.length > 0 && (chunk[0]! & 0x0f) === 8;
      const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
      this.inner = zlibWrapped ? zlib.createInflate(flush) : zlib.createInflateRaw(flush);
      this.inner.on("data", (d: Buffer) => this.push(d));
      this.inner.on("error", (e) => this.destroy(e));
    }
    this.inner.write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) {
      callback();
      return;
    }
    this.inner.once("end", () => callback());
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}
