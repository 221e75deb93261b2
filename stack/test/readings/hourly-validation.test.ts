import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatMilli } from "../../../functions/_shared/readings/decimal.ts";
import {
  type HourlyRow,
  SeriesError,
  validateHourlySeries,
} from "../../../functions/_shared/readings/hourly-validation.ts";
import { ROOT_DIR } from "../../src/config.ts";

const SAMPLE = path.resolve(
  ROOT_DIR,
  "..",
  "shared",
  "market-data",
  "osos-hourly-sample-meram-edas-2025-2026.csv",
);
const HOUR_MS = 3_600_000;

type SampleRow = HourlyRow & { site: string };

// A plain reader: the sample has no quoted fields.
function readSample(): SampleRow[] {
  const [header, ...lines] = readFileSync(SAMPLE, "utf8").trim().split("\n");
  const columns = (header ?? "").split(",");
  const at = (name: string) => columns.indexOf(name);

  return lines.map((line) => {
    const cells = line.split(",");

    return {
      timestamp: cells[at("timestamp")] as string,
      site: cells[at("site")] as string,
      importKwh: cells[at("import_kwh")] as string,
      exportKwh: cells[at("export_kwh")] as string,
    };
  });
}

// Sums decimal text with two places as integer hundredths.
function hundredths(text: string | number): number {
  const [whole = "0", fraction = ""] = String(text).replace("-", "").split(".");
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));

  return String(text).startsWith("-") ? -value : value;
}

const sample = readSample();
const sites = ["site_1", "site_2", "site_3"] as const;
const rowsOf = (site: string) => sample.filter((row) => row.site === site);

describe("validateHourlySeries on the real OSOS sample", () => {
  it.each([
    ["site_1", 402],
    ["site_2", 104],
    ["site_3", 1408],
  ])("should count missing hours of %s as %i", (site, documented) => {
    const rows = rowsOf(site);
    const times = rows.map((row) => Date.parse(row.timestamp));
    const span = (Math.max(...times) - Math.min(...times)) / HOUR_MS + 1;
    const independent = span - rows.length;
    const result = validateHourlySeries(rows);

    expect(independent).toBe(documented);
    expect(result.missingHourCount).toBe(independent);
    expect(result.hours).toHaveLength(span);
    const flagged = result.flags
      .filter((flag) => flag.kind === "missing")
      .reduce(
        (sum, flag) => sum + (flag.kind === "missing" ? flag.hours : 0),
        0,
      );
    expect(flagged).toBe(independent);
  });

  it("should exclude the one negative delta on site_3", () => {
    const negatives = sample.filter((row) => hundredths(row.importKwh) < 0);
    expect(negatives.map((row) => [row.site, row.timestamp])).toEqual([
      ["site_3", "2025-07-18T12:00:00+03:00"],
    ]);
    const result = validateHourlySeries(rowsOf("site_3"));
    const resets = result.flags.filter((flag) => flag.kind === "reset");

    expect(resets).toHaveLength(1);
    expect(resets[0]).toMatchObject({
      channel: "import",
      startUtcMs: Date.parse("2025-07-18T12:00:00+03:00"),
      valueMilli: -20896662150n,
    });
    const hour = result.hours.find(
      (h) => h.start === "2025-07-18T12:00:00+03:00",
    );
    expect(hour?.import.status).toBe("excluded");
    expect(hour?.import.valueMilli).toBeGreaterThanOrEqual(0n);
    expect(result.hours.every((h) => h.import.valueMilli >= 0n)).toBe(true);
  });

  it.each(sites)("should keep measured energy of %s", (site) => {
    const rows = rowsOf(site);
    const result = validateHourlySeries(rows);
    for (const channel of ["import", "export"] as const) {
      const column = channel === "import" ? "importKwh" : "exportKwh";
      const measured = rows
        .map((row) => hundredths(row[column]))
        .filter((value) => value >= 0)
        .reduce((sum, value) => sum + value, 0);
      const kept = result.hours
        .filter((h) => ["measured", "spread"].includes(h[channel].status))
        .reduce((sum, h) => sum + h[channel].valueMilli, 0n);

      expect(kept).toBe(BigInt(measured) * 10n);
    }
  });

  it("should never net export into import", () => {
    const rows = rowsOf("site_1");
    const result = validateHourlySeries(rows);
    const importKwh = rows.reduce(
      (sum, row) => sum + hundredths(row.importKwh),
      0,
    );
    const exportKwh = rows.reduce(
      (sum, row) => sum + hundredths(row.exportKwh),
      0,
    );

    expect(exportKwh).toBeGreaterThan(importKwh);
    expect(result.totals.import.usedMilli).toBeGreaterThanOrEqual(
      BigInt(importKwh) * 10n,
    );
    expect(result.totals.export.usedMilli).toBeGreaterThanOrEqual(
      BigInt(exportKwh) * 10n,
    );
  });

  it("should spread the site_1 export catch-up over its gap", () => {
    const rows = rowsOf("site_1");
    const catchUpAt = Date.parse("2025-11-06T05:00:00+03:00");
    const index = rows.findIndex(
      (row) => Date.parse(row.timestamp) === catchUpAt,
    );
    const previous = Date.parse(rows[index - 1]?.timestamp as string);
    const gapHours = (catchUpAt - previous) / HOUR_MS - 1;
    const result = validateHourlySeries(rows);
    const flag = result.flags.find(
      (f) =>
        f.kind === "catch_up" &&
        f.channel === "export" &&
        f.startUtcMs === catchUpAt,
    );

    expect(rows[index]?.exportKwh).toBe("16671.69");
    expect(gapHours).toBeGreaterThan(0);
    expect(flag).toMatchObject({ spreadOver: gapHours + 1 });
    const spread = result.hours.filter(
      (h) => h.startUtcMs > previous && h.startUtcMs <= catchUpAt,
    );
    expect(spread.every((h) => h.export.status === "spread")).toBe(true);
    expect(
      formatMilli(spread.reduce((s, h) => s + h.export.valueMilli, 0n)),
    ).toBe("16671.690");
  });
});

describe("validateHourlySeries on small series", () => {
  const row = (hour: number, importKwh: string, exportKwh = "0") => ({
    timestamp: new Date(Date.UTC(2026, 0, 1, hour - 3)).toISOString(),
    importKwh,
    exportKwh,
  });

  it("should interpolate a gap linearly when no catch-up follows", () => {
    const result = validateHourlySeries([
      row(0, "10"),
      row(1, "12"),
      row(4, "18"),
      row(5, "18"),
    ]);

    expect(result.missingHourCount).toBe(2);
    expect(result.hours.map((h) => formatMilli(h.import.valueMilli))).toEqual([
      "10.000",
      "12.000",
      "14.000",
      "16.000",
      "18.000",
      "18.000",
    ]);
    expect(result.hours[2]?.import.status).toBe("estimated");
    expect(result.totals.import.estimatedMilli).toBe(30_000n);
  });

  it("should spread a catch-up over the gap and itself", () => {
    const result = validateHourlySeries([
      row(0, "10"),
      row(3, "40"),
      row(4, "10"),
    ]);

    expect(result.hours.map((h) => h.import.status)).toEqual([
      "measured",
      "spread",
      "spread",
      "spread",
      "measured",
    ]);
    expect(result.hours.slice(1, 4).map((h) => h.import.valueMilli)).toEqual([
      13_334n,
      13_333n,
      13_333n,
    ]);
  });

  it("should reject a repeated hour", () => {
    expect(() => validateHourlySeries([row(0, "1"), row(0, "2")])).toThrow(
      SeriesError,
    );
  });
});
