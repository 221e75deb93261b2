// Benchmark: renders the offer, comparison and contract PDFs and the daily
// summary annex of one meter for a year (365 rows) on the main thread. Each
// document gets one warm-up and then RUNS measured renders. The script
// prints the median and maximum wall-clock time, the median CPU time of the
// process, the page count and the load average. Run with
// `npm run bench:documents` (BENCH_RUNS sets the runs, 5 by default).

import os from "node:os";
import { addDecimals, formatDecimal } from "../../shared/money.ts";
import { nodeAssetLoader } from "../src/node/assets.ts";
import {
  renderAnnexPdf,
  renderComparisonPdf,
  renderContractPdf,
  renderOfferPdf,
} from "../src/render.ts";
import type { AnnexDocument } from "../src/types.ts";
import {
  ANNEX_ROWS_PER_PAGE,
  buildComparison,
  buildContract,
  buildOffer,
  hourlyReadings,
  organisation,
} from "../test/fixtures.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error(`BENCH_RUNS must be a positive integer, got ${RUNS}`);
}

// Builds the daily summary annex: the 2023 hourly readings summed per day.
function dailySummaryAnnex(): AnnexDocument {
  const readings = hourlyReadings();
  const days = new Map<string, string[]>();
  for (const reading of readings) {
    days.set(reading.date, [...(days.get(reading.date) ?? []), reading.kwh]);
  }
  const rows = [...days].map(([date, values]) => ({
    date: date.split("-").reverse().join("."),
    kwh: formatDecimal(addDecimals(...values), 3),
  }));
  const totalKwh = addDecimals(...readings.map((reading) => reading.kwh));

  return {
    language: "tr",
    organisation,
    title: "Günlük Tüketim Özeti – 40ZKAYSERI001230 – 2023",
    columns: [
      { key: "date", header: "Tarih", width: 2 },
      { key: "kwh", header: "Tüketim (kWh)", width: 2, align: "right" },
    ],
    rows,
    rows_per_page: ANNEX_ROWS_PER_PAGE,
    totals: { date: "Toplam", kwh: formatDecimal(totalKwh, 3) },
  };
}

// Counts the page objects of a PDF (each page has one "/Type /Page" entry).
function pageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString("latin1");

  return text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const documents: [string, () => Promise<Uint8Array>][] = [
  ["offer", () => renderOfferPdf(buildOffer(), nodeAssetLoader)],
  ["comparison", () => renderComparisonPdf(buildComparison(), nodeAssetLoader)],
  ["contract", () => renderContractPdf(buildContract(), nodeAssetLoader)],
  [
    "daily summary annex (365 rows)",
    () => renderAnnexPdf(dailySummaryAnnex(), nodeAssetLoader),
  ],
];

console.log(
  `${RUNS} runs after one warm-up each, load average ` +
    `${os.loadavg()[0]?.toFixed(1)} at the start`,
);
for (const [name, render] of documents) {
  const pages = pageCount(await render());
  const wallSeconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await render();
    wallSeconds.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpuBefore);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  console.log(
    `${name}: ${pages} pages, median ${median(wallSeconds).toFixed(2)} s ` +
      `(max ${Math.max(...wallSeconds).toFixed(2)} s) wall clock, ` +
      `median ${median(cpuSeconds).toFixed(2)} s CPU`,
  );
}
console.log(`load average ${os.loadavg()[0]?.toFixed(1)} at the end`);
