/** The V8 flags every policywatch process runs with (see v8-flags.mjs). */
export const V8_FLAGS: string[];
export function applyV8Flags(): void;
