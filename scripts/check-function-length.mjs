// Fails when a function in src/ or jobs/ spans more than MAX_LINES lines, so that a long function is
// split along the steps it names before it lands (`npm run lint` runs this).
//
// Usage: node scripts/check-function-length.mjs [--max N]
// Prints file:line name length for each function over the limit and exits 1 if there is one.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SyntaxKind } from "typescript/unstable/ast";
import { API } from "typescript/unstable/sync";

const DEFAULT_MAX_LINES = 120;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHECKED_FOLDERS = ["src/", "jobs/"];
const SKIPPED_FOLDERS = ["src/generated/"];

const FUNCTION_KINDS = new Set([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.Constructor,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
]);

function maxLinesFromArgs(argv) {
  const at = argv.indexOf("--max");
  if (at === -1) return DEFAULT_MAX_LINES;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--max wants a whole number of lines, got ${JSON.stringify(argv[at + 1])}`);
  }
  return value;
}

function isChecked(relative) {
  return (
    CHECKED_FOLDERS.some((folder) => relative.startsWith(folder)) &&
    !SKIPPED_FOLDERS.some((folder) => relative.startsWith(folder)) &&
    /\.tsx?$/.test(relative) &&
    !relative.endsWith(".d.ts")
  );
}

function textOfName(name, sourceFile) {
  return name ? name.getText(sourceFile) : undefined;
}

// A function's name as a reader would search for it: its own, the variable or property it is
// assigned to, or the call it is an argument of.
function functionName(node, sourceFile) {
  const own = textOfName(node.name, sourceFile);
  if (own) return own;
  if (node.kind === SyntaxKind.Constructor) return "constructor";
  const parent = node.parent;
  if (!parent) return "<anonymous>";
  if (
    parent.kind === SyntaxKind.VariableDeclaration ||
    parent.kind === SyntaxKind.PropertyAssignment ||
    parent.kind === SyntaxKind.PropertyDeclaration
  ) {
    return textOfName(parent.name, sourceFile) ?? "<anonymous>";
  }
  if (parent.kind === SyntaxKind.CallExpression || parent.kind === SyntaxKind.NewExpression) {
    const callee = parent.expression.getText(sourceFile).replace(/\s+/g, "");
    const shown = callee.length > 40 ? `${callee.slice(0, 40)}…` : callee;
    return `<callback of ${parent.kind === SyntaxKind.NewExpression ? "new " : ""}${shown}>`;
  }
  return "<anonymous>";
}

function lineOf(sourceFile, position) {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1;
}

function longFunctionsIn(sourceFile, relative, maxLines) {
  const found = [];
  const visit = (node) => {
    if (FUNCTION_KINDS.has(node.kind) && node.body) {
      const first = lineOf(sourceFile, node.getStart(sourceFile));
      const last = lineOf(sourceFile, node.end);
      const length = last - first + 1;
      if (length > maxLines) {
        found.push({ file: relative, line: first, name: functionName(node, sourceFile), length });
      }
    }
    node.forEachChild(visit);
  };
  sourceFile.forEachChild(visit);
  return found;
}

function checkProject(maxLines) {
  const api = new API({ cwd: ROOT });
  try {
    const snapshot = api.updateSnapshot({ openProjects: [path.join(ROOT, "tsconfig.json")] });
    const program = snapshot.getProjects()[0].program;
    const found = [];
    for (const fileName of program.getSourceFileNames()) {
      const relative = path.relative(ROOT, fileName).split(path.sep).join("/");
      if (!isChecked(relative)) continue;
      found.push(...longFunctionsIn(program.getSourceFile(fileName), relative, maxLines));
    }
    return found;
  } finally {
    api.close();
  }
}

const maxLines = maxLinesFromArgs(process.argv.slice(2));
const tooLong = checkProject(maxLines);
for (const { file, line, name, length } of tooLong) {
  console.log(`${file}:${line} ${name} ${length} lines (at most ${maxLines})`);
}
if (tooLong.length > 0) {
  console.log(`${tooLong.length} function(s) over ${maxLines} lines: split them along the steps they name.`);
  process.exitCode = 1;
}
