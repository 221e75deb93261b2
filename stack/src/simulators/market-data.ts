// Real market data read at run time from the shared market-data folder
// beside the repository: hourly PTF and SMF prices, the real sample of
// profile coefficients and the real OSOS sample. Files are read once, on
// first use.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "../config.ts";
import type { RealSeriesSite } from "./metering-points.ts";

export const DEFAULT_MARKET_DATA_DIR = path.resolve(
  ROOT_DIR,
  "..",
  "shared",
  "market-data",
);

// Rows of a CSV file without quoted fields, keyed by the header.
export function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  const columns = (header ?? "").split(",");

  return lines.map((line) => {
    const cells = line.split(",");

    return Object.fromEntries(
      columns.map((column, index) => [column, cells[index] ?? ""]),
    );
  });
}

export type HourlyPrice = {
  // TL/MWh as published, decimal text.
  tryPerMwh: string;
  usdPerMwh?: string;
  eurPerMwh?: string;
};

export type OsosSampleRow = {
  startUtcMs: number;
  timestamp: string;
  multiplier: number;
  importKwh: string;
  exportKwh: string;
};

export type ProfileCoefficientSample = {
  startUtcMs: number;
  // Month as YYYY-MM.
  period: string;
  distributionId: number;
  profileGroupId: number;
  meterReadingTypeId: number;
  multiplier: string;
};

export class MarketData {
  private ptf?: Map<number, HourlyPrice>;
  private smf?: Map<number, string>;
  private osos?: Map<RealSeriesSite, OsosSampleRow[]>;
  private profile?: ProfileCoefficientSample[];

  constructor(readonly dir: string = DEFAULT_MARKET_DATA_DIR) {}

  private files(pattern: RegExp): string[] {
    if (!existsSync(this.dir)) {
      return [];
    }

    return readdirSync(this.dir)
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => path.join(this.dir, name));
  }

  ptfPrices(): Map<number, HourlyPrice> {
    if (this.ptf === undefined) {
      this.ptf = new Map();
      for (const file of this.files(/^ptf-hourly-.*\.csv$/)) {
        for (const row of readCsv(file)) {
          this.ptf.set(Date.parse(row.timestamp as string), {
            tryPerMwh: row.ptf_try_per_mwh as string,
            ...(row.ptf_usd_per_mwh ? { usdPerMwh: row.ptf_usd_per_mwh } : {}),
            ...(row.ptf_eur_per_mwh ? { eurPerMwh: row.ptf_eur_per_mwh } : {}),
          });
        }
      }
    }

    return this.ptf;
  }

  smfPrices(): Map<number, string> {
    if (this.smf === undefined) {
      this.smf = new Map();
      for (const file of this.files(/^smf-hourly-.*\.csv$/)) {
        for (const row of readCsv(file)) {
          this.smf.set(
            Date.parse(row.timestamp as string),
            row.smf_try_per_mwh as string,
          );
        }
      }
    }

    return this.smf;
  }

  // The real OSOS rows of one site in time order, empty when the file is
  // absent.
  ososSample(site: RealSeriesSite): OsosSampleRow[] {
    if (this.osos === undefined) {
      this.osos = new Map();
      for (const file of this.files(/^osos-hourly-sample-.*\.csv$/)) {
        for (const row of readCsv(file)) {
          const key = row.site as RealSeriesSite;
          const rows = this.osos.get(key) ?? [];
          rows.push({
            startUtcMs: Date.parse(row.timestamp as string),
            timestamp: row.timestamp as string,
            multiplier: Number(row.ct_multiplier),
            importKwh: row.import_kwh as string,
            exportKwh: row.export_kwh as string,
          });
          this.osos.set(key, rows);
        }
      }
      for (const rows of this.osos.values()) {
        rows.sort((a, b) => a.startUtcMs - b.startUtcMs);
      }
    }

    return this.osos.get(site) ?? [];
  }

  // Real profile coefficients published by EPİAŞ (a sample of some hours of
  // one month, region, profile group and meter reading type).
  profileCoefficientSamples(): ProfileCoefficientSample[] {
    if (this.profile === undefined) {
      this.profile = [];
      for (const file of this.files(/^profile-coefficients-.*\.csv$/)) {
        for (const row of readCsv(file)) {
          this.profile.push({
            startUtcMs: Date.parse(row.timestamp as string),
            period: row.period as string,
            distributionId: Number(row.distribution_org_id),
            profileGroupId: Number(row.profile_group_id),
            meterReadingTypeId: Number(row.meter_reading_type_id),
            multiplier: row.multiplier as string,
          });
        }
      }
    }

    return this.profile;
  }
}
