/** The compiled file for `entry` (relative to the repository), built first when the sources changed; null when no build can be made. */
export function compiledEntry(entry: string): Promise<string | null>;
