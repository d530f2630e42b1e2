// Keys written twice in one JSON object. JSON.parse keeps the last silently, so a list written twice
// in a data file (an agenda's cues for one language) loses the first without a word.

interface Frame {
  kind: "object" | "array";
  path: string;
  keys: Set<string>;
  expectingKey: boolean;
  index: number;
  lastKey: string;
}

/** Where a key repeats within one object, as dotted paths (`matching.progress.fr`), in text order. */
export function duplicateJsonKeys(text: string): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (top?.kind === "object" && top.expectingKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) found.push(childPath(top.path, key));
        top.keys.add(key);
        top.lastKey = key;
        top.expectingKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === "{" || c === "[") stack.push(openFrame(c, top));
    else if (c === "}" || c === "]") stack.pop();
    else if (c === "," && top?.kind === "object") top.expectingKey = true;
    else if (c === "," && top?.kind === "array") top.index++;
    i++;
  }
  return found;
}

function openFrame(c: "{" | "[", parent: Frame | undefined): Frame {
  const path = !parent
    ? ""
    : parent.kind === "object"
      ? childPath(parent.path, parent.lastKey)
      : `${parent.path}[${parent.index}]`;
  return {
    kind: c === "{" ? "object" : "array",
    path,
    keys: new Set(),
    expectingKey: c === "{",
    index: 0,
    lastKey: "",
  };
}

function childPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** The index of the quote that closes the string opened at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i;
}
