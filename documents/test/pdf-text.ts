// Test helpers: save a rendered PDF under test-results/ and read it back
// with poppler's pdftotext, one string per page.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const RESULTS_DIRECTORY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "test-results",
);

export interface ReadBackPdf {
  file: string;
  pages: string[];
  text: string;
}

/** Writes the PDF to test-results/<name>.pdf and extracts its text by page. */
export function savePdf(name: string, pdf: Uint8Array): ReadBackPdf {
  mkdirSync(RESULTS_DIRECTORY, { recursive: true });
  const file = path.join(RESULTS_DIRECTORY, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync(
    "pdftotext",
    ["-layout", "-enc", "UTF-8", file, "-"],
    {
      encoding: "utf8",
    },
  );
  // pdftotext ends every page with a form feed.
  const pages = text.split("\f").slice(0, -1);

  return { file, pages, text };
}

/** Returns the page count pdfinfo reports. */
export function pageCount(file: string): number {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const match = /^Pages:\s+(\d+)/m.exec(info);

  return Number(match?.[1]);
}

/** Collapses runs of spaces that -layout inserts between columns. */
export function squeeze(text: string): string {
  return text.replace(/[ \t]+/g, " ");
}
