import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildFunctionsBundle,
  OUTPUT_DIRECTORY,
} from "../build/functions-bundle.ts";

describe("documents bundle for edge functions", async () => {
  const files = await buildFunctionsBundle();

  it("matches the committed output", () => {
    for (const [name, text] of files) {
      const committed = readFileSync(path.join(OUTPUT_DIRECTORY, name), "utf8");
      expect(
        committed === text,
        `${name} is stale: run npm run build:functions -w @enerji/documents`,
      ).toBe(true);
    }
  });

  it("imports packages only by versioned npm specifiers", () => {
    const code = files.get("render.js") ?? "";
    const specifiers = [...code.matchAll(/from "([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(specifiers.length).toBeGreaterThan(0);
    for (const specifier of specifiers) {
      expect(specifier).toMatch(/^npm:(@react-pdf\/renderer|react)@\d/);
    }
  });
});
