/** The V8 flags every policywatch process runs with (see start-flags.mjs). */
export const V8_FLAGS: string[];
export function applyV8Flags(): void;
/** Flags V8 reads only at start: on node's command line wherever a policywatch process starts. */
export const V8_START_FLAGS: string[];
/** Environment the C library reads only at start (see start-flags.mjs). */
export const START_ENV: Record<string, string>;
/** START_ENV as `NAME=value` words. */
export function startEnvWords(): string[];
