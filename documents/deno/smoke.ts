// Renders the comparison sheet under Deno with `npm:` specifiers, as an edge
// function would, and writes it to test-results/comparison-deno.pdf.
// Run from the repository root:
//   npx deno run --config documents/deno/deno.json -A documents/deno/smoke.ts

import { readFile, writeFile } from "node:fs/promises";
import { renderComparisonPdf } from "../src/render.ts";
import { buildComparison } from "../test/fixtures.ts";

const fontDirectory = new URL(
  "../../node_modules/dejavu-fonts-ttf/ttf/",
  import.meta.url,
);
const loader = {
  async loadFonts() {
    const [regular, bold] = await Promise.all([
      readFile(new URL("DejaVuSans.ttf", fontDirectory)),
      readFile(new URL("DejaVuSans-Bold.ttf", fontDirectory)),
    ]);

    return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
  },
};

const pdf = await renderComparisonPdf(buildComparison(), loader);
const header = new TextDecoder().decode(pdf.subarray(0, 5));
if (header !== "%PDF-") {
  throw new Error(`Rendered bytes do not start with %PDF-: "${header}"`);
}

const output = new URL(
  "../../test-results/comparison-deno.pdf",
  import.meta.url,
);
await writeFile(output, pdf);
console.log(`comparison sheet rendered under Deno: ${pdf.byteLength} bytes`);
