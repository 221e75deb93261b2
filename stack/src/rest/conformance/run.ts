// Command line of the conformance runner:
//   tsx stack/src/rest/conformance/run.ts [--cases DIR] [--only 1000,1001] [--verbose]
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runConformance, suiteDir } from "./runner.ts";

const ROOT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "..",
);

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);

  return index >= 0 ? args[index + 1] : undefined;
};
const casesDir = option("--cases");
const only = option("--only");
if (!existsSync(suiteDir(ROOT_DIR))) {
  console.log(
    `conformance: the suite folder ${suiteDir(ROOT_DIR)} is absent; skipped`,
  );
  process.exit(0);
}
const summary = await runConformance({
  rootDir: ROOT_DIR,
  casesDir: casesDir ? path.resolve(casesDir) : undefined,
  only: only
    ? new Set(only.split(",").map((id) => Number.parseInt(id, 10)))
    : undefined,
});
if (args.includes("--verbose")) {
  for (const result of summary.results) {
    if (result.outcome === "failed") {
      console.log(`${result.id}: ${result.reason}`);
    }
  }
}
