/** The V8 flags for a process with this environment (see v8-flags.mjs). */
export function v8Flags(env?: NodeJS.ProcessEnv | Record<string, string | undefined>): string[];
export function applyV8Flags(env?: NodeJS.ProcessEnv | Record<string, string | undefined>): void;
