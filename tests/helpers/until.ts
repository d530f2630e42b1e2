/** Asks `probe` every `everyMs` until `ok` holds; fails in words after `limitMs` (a hang detector, not a timing). */
export async function until<T>(
  what: string,
  probe: () => Promise<T> | T,
  ok: (v: T) => boolean,
  limitMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const stop = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > stop) throw new Error(`${what} did not happen (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
