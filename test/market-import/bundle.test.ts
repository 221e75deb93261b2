// The importer bundle that the import-market-file function loads must be
// the build of the current seed/src/market sources.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildFunctionsBundle,
  OUTPUT_DIRECTORY,
} from "../../seed/src/market/functions-bundle.ts";

describe("market importer bundle for edge functions", async () => {
  const files = await buildFunctionsBundle();

  it("matches the committed output", () => {
    for (const [name, text] of files) {
      const committed = readFileSync(path.join(OUTPUT_DIRECTORY, name), "utf8");
      expect(
        committed === text,
        `${name} is stale: run npx tsx seed/src/market/functions-bundle.ts`,
      ).toBe(true);
    }
  });

  it("imports only node modules and exceljs's workbook", () => {
    const code = files.get("import.js") ?? "";
    const specifiers = [...code.matchAll(/from "([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(specifiers).toEqual([
      "node:fs/promises",
      "node:path",
      "npm:exceljs@4.4.0/lib/doc/workbook.js",
    ]);
  });
});
