// What changed between two versions of a page's text, line by line (a line is one paragraph).
// Longest-common-subsequence diff, so moved or repeated lines are counted correctly; above a size
// where the table would be too large, a multiset difference gives the same answer for additions
// and removals, only blind to reordering.

export interface LineDiff {
  added: string[];
  removed: string[];
}

const MAX_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  return text
    .split(/\n+/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l) => l !== "");
}

export function diffLines(before: string[], after: string[]): LineDiff {
  // Common head and tail are the usual case (a page grows in one place): skip them cheaply.
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  const b = before.slice(start, endB);
  const a = after.slice(start, endA);
  if (b.length === 0 || a.length === 0) return { added: a, removed: b };
  if ((b.length + 1) * (a.length + 1) > MAX_CELLS) return multisetDiff(b, a);

  const cols = a.length + 1;
  const table = new Uint32Array((b.length + 1) * cols);
  for (let i = b.length - 1; i >= 0; i--) {
    for (let j = a.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        b[i] === a[j]
          ? table[(i + 1) * cols + j + 1]! + 1
          : Math.max(table[(i + 1) * cols + j]!, table[i * cols + j + 1]!);
    }
  }
  const added: string[] = [];
  const removed: string[] = [];
  let i = 0;
  let j = 0;
  while (i < b.length && j < a.length) {
    if (b[i] === a[j]) {
      i++;
      j++;
    } else if (table[(i + 1) * cols + j]! >= table[i * cols + j + 1]!) removed.push(b[i++]!);
    else added.push(a[j++]!);
  }
  while (i < b.length) removed.push(b[i++]!);
  while (j < a.length) added.push(a[j++]!);
  return { added, removed };
}

function multisetDiff(before: string[], after: string[]): LineDiff {
  const count = new Map<string, number>();
  for (const l of before) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of after) {
    const c = count.get(l) ?? 0;
    if (c > 0) count.set(l, c - 1);
    else added.push(l);
  }
  const left = new Map<string, number>();
  for (const l of after) left.set(l, (left.get(l) ?? 0) + 1);
  const removed: string[] = [];
  for (const l of before) {
    const c = left.get(l) ?? 0;
    if (c > 0) left.set(l, c - 1);
    else removed.push(l);
  }
  return { added, removed };
}
