// An independent TypeScript model of the pricing rules, for tests: local
// hours from the tz database through Intl, prices read straight from the
// market-data CSV files, and exact decimal arithmetic.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Decimal, dec, sum } from "./decimal.ts";
import { MARKET_DATA_DIR } from "./market-db.ts";

const HOUR_MS = 3_600_000;
const localHour = new Intl.DateTimeFormat("en-US", {
  timeZone: "Europe/Istanbul",
  hourCycle: "h23",
  hour: "2-digit",
});
const localMonth = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Istanbul",
  year: "numeric",
  month: "2-digit",
});

export type Zone = "T1" | "T2" | "T3";

// T1 06-17, T2 17-22, T3 22-06 local time.
export function zoneOf(hour: number): Zone {
  return hour >= 6 && hour < 17 ? "T1" : hour >= 17 && hour < 22 ? "T2" : "T3";
}

export type Hour = { start: Date; zone: Zone };

// Every hour of a local month ("2025-03"), found by walking UTC hours and
// keeping those whose local month matches.
export function monthHours(month: string): Hour[] {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const hours: Hour[] = [];
  const from = Date.UTC(year, number - 1, 1) - 5 * HOUR_MS;
  const to = Date.UTC(year, number, 1) + 5 * HOUR_MS;
  for (let t = from; t < to; t += HOUR_MS) {
    const start = new Date(t);
    if (localMonth.format(start) === month) {
      hours.push({ start, zone: zoneOf(Number(localHour.format(start))) });
    }
  }

  return hours;
}

// Spreads a zone's kWh evenly over its n hours by cumulative rounding to
// 6 decimals: hour k gets round(Z * k/n) - round(Z * (k-1)/n), with the
// shares k/n rounded to 20 decimals as the database keeps them.
export function spreadFlat(kwh: Decimal, hours: number): Decimal[] {
  const n = dec(BigInt(hours));
  const cumulative = (k: number) =>
    kwh.times(dec(BigInt(k)).dividedBy(n, 20)).round(6);

  return Array.from({ length: hours }, (_, i) =>
    cumulative(i + 1).minus(cumulative(i)),
  );
}

// Hourly series of a market-data CSV: hour start (ms) -> TL/MWh.
export function readSeries(file: string, column: string): Map<number, Decimal> {
  const [header = "", ...lines] = readFileSync(
    path.join(MARKET_DATA_DIR, file),
    "utf8",
  )
    .trim()
    .split("\n");
  const index = header.split(",").indexOf(column);
  const series = new Map<number, Decimal>();
  for (const line of lines) {
    const cells = line.split(",");
    series.set(
      new Date(cells[0] as string).getTime(),
      dec(cells[index] as string),
    );
  }

  return series;
}

export type Line = { quantity: Decimal; price: Decimal; energy: boolean };

export type Bill = {
  lines: Decimal[];
  energy: Decimal;
  subtotal: Decimal;
  btv: Decimal;
  kdv: Decimal;
  total: Decimal;
};

// Lines rounded to kuruş; BTV once on the rounded energy lines; KDV once on
// all rounded lines plus BTV.
export function bill(
  lines: Array<{ amount: Decimal; energy: boolean }>,
  btvPct: Decimal,
  kdvPct: Decimal,
): Bill {
  const rounded = lines.map((line) => ({
    amount: line.amount.round(2),
    energy: line.energy,
  }));
  const energy = sum(rounded.filter((l) => l.energy).map((l) => l.amount));
  const subtotal = sum(rounded.map((l) => l.amount));
  const hundred = dec(100n);
  const btv = energy.times(btvPct).dividedBy(hundred, 2);
  const kdv = subtotal.plus(btv).times(kdvPct).dividedBy(hundred, 2);

  return {
    lines: rounded.map((l) => l.amount),
    energy,
    subtotal,
    btv,
    kdv,
    total: subtotal.plus(btv).plus(kdv),
  };
}
