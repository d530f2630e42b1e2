// Reads the `Fusion.globalContent={…}` object Reuters pages embed in `script#fusion-metadata`.
// The script is JavaScript, not JSON: the object is cut out by matching braces (strings and their
// escapes respected) and only that slice goes to JSON.parse. Nothing is evaluated.

export function extractAssignedObject(script: string, name: string): unknown | null {
  const at = script.indexOf(`${name}=`);
  if (at < 0) return null;
  const start = script.indexOf("{", at + name.length + 1);
  if (start < 0 || script.slice(at + name.length + 1, start).trim() !== "") return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < script.length; i++) {
    const c = script[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) {
        try {
          return JSON.parse(script.slice(start, i + 1));
        } catch {
          return null;
        }
      }
    }
  }
  return null;
}
