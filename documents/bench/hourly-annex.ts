// Benchmark: renders the hourly consumption annex of one meter for a year
// (8 760 rows) in a worker thread and prints the wall-clock time, the CPU
// time of the process (main thread and worker), the load average, the page
// count and the memory. On a shared machine the CPU time compares runs
// better than the wall-clock time. Run with `npm run bench:pdf`.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderAnnexInWorker } from "../src/node/render-in-worker.ts";
import { hourlyAnnex } from "../test/fixtures.ts";

const outputDirectory = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "test-results",
);
const annex = hourlyAnnex();
let peakRssMb = 0;
const sampler = setInterval(() => {
  peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20);
}, 100);
let lastReported = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await renderAnnexInWorker(annex, ({ page, total_pages }) => {
  if (page - lastReported >= 20 || page === total_pages) {
    lastReported = page;
    console.log(`page ${page} / ${total_pages}`);
  }
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);

mkdirSync(outputDirectory, { recursive: true });
const file = path.join(outputDirectory, "hourly-annex.pdf");
writeFileSync(file, result.pdf);
console.log(
  `hourly annex: ${annex.rows.length} rows, ${result.pages} pages, ` +
    `${seconds.toFixed(1)} s wall clock, ${cpuSeconds.toFixed(1)} s CPU, ` +
    `load average ${os.loadavg()[0]?.toFixed(1)}, ` +
    `${(result.pdf.byteLength / 2 ** 20).toFixed(1)} MiB PDF, peak RSS ${peakRssMb.toFixed(0)} MiB (main thread and worker), ${file}`,
);

// Reads the PDF back: every reading once, on one line, and the header row
// and page footer on every page.
const pages = execFileSync(
  "pdftotext",
  ["-layout", "-enc", "UTF-8", file, "-"],
  {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  },
)
  .split("\f")
  .slice(0, -1);
const readings =
  pages.join("\n").match(/\d\d\.\d\d\.2023 +\d\d:00 +[\d,]+/g) ?? [];
const pagesWithHeader = pages.filter((page) =>
  /Tarih +Saat +Tüketim \(kWh\)/.test(page),
).length;
const pagesWithFooter = pages.filter((page, index) =>
  page.includes(`Sayfa ${index + 1} / ${pages.length}`),
).length;
console.log(
  `read back: ${readings.length} readings (${new Set(readings).size} distinct), ` +
    `header on ${pagesWithHeader} and footer on ${pagesWithFooter} of ${pages.length} pages`,
);
if (
  readings.length !== annex.rows.length ||
  new Set(readings).size !== annex.rows.length ||
  pagesWithHeader !== pages.length ||
  pagesWithFooter !== pages.length
) {
  throw new Error("The annex read back from the PDF is incomplete");
}
