// Digests, alerts and the Atom feed: pure builders over plain data.
export * from "./alert.js";
export * from "./atom.js";
export * from "./digest.js";
export * from "./keys.js";
export * from "./model.js";
export * from "./period.js";
export { cleanText, escapeMarkup, safeHttpUrl } from "./text.js";
export * from "./retry.js";
export * from "./subscriber-input.js";
