// Hourly load profiles and three-time register indexes of the OSOS
// simulator's meters. Demo meters get a deterministic shape from their
// subscriber group, and the three real-series meters replay the real OSOS
// sample, flaws included. Quantities are integer milli-units: register
// advance in milli-kWh of the register, energy = advance × multiplier.

import { parseMilli } from "../../../functions/_shared/readings/decimal.ts";
import {
  formatLocalIso,
  localToUtc,
  TURKEY_TIME_ZONE,
} from "../../../functions/_shared/readings/time-zone.ts";
import { hashKey } from "./deterministic.ts";
import {
  type LocalHour,
  localHoursBetween,
  timeZoneOfHour,
} from "./local-time.ts";
import type { MarketData } from "./market-data.ts";
import {
  HOURLY_SHAPES,
  type MeteringPointMasterData,
  WEEKDAY_FACTORS,
} from "./metering-points.ts";

const HOUR_MS = 3_600_000;

// Local time at which demo meters start recording. Earlier hours have no data.
export const DEMO_SERIES_START_MS = localToUtc(
  { year: 2024, month: 1, day: 1, hour: 0, minute: 0 },
  TURKEY_TIME_ZONE,
);

// Seasonal factor of each month (January first), in percent.
const SEASON: Record<string, number[]> = {
  default: [112, 108, 100, 92, 90, 96, 106, 108, 96, 92, 100, 110],
  tarimsal_sulama: [20, 20, 40, 80, 140, 190, 220, 220, 160, 60, 20, 20],
  aydinlatma: [115, 110, 100, 92, 86, 82, 84, 90, 98, 106, 112, 118],
};

export type SeriesHour = {
  startUtcMs: number;
  hour: LocalHour;
  // Register advance in milli-kWh of the register.
  importAdvance: bigint;
  exportAdvance: bigint;
  importMilli: bigint;
  exportMilli: bigint;
  reactiveInductiveMilli: bigint | null;
  reactiveCapacitiveMilli: bigint | null;
};

function averageWeight(
  group: MeteringPointMasterData["subscriberGroup"],
): number {
  const shape = HOURLY_SHAPES[group];
  const week = WEEKDAY_FACTORS[group];
  let sum = 0;
  for (const factor of week) {
    for (const value of shape) {
      sum += value * factor;
    }
  }

  return sum / (shape.length * week.length);
}

function demoHour(point: MeteringPointMasterData, hour: LocalHour): SeriesHour {
  const group = point.subscriberGroup;
  const weekday = new Date(
    Date.UTC(hour.date.year, hour.date.month - 1, hour.date.day),
  ).getUTCDay();
  const weight =
    ((HOURLY_SHAPES[group][hour.hour] ?? 50) *
      (WEEKDAY_FACTORS[group][weekday] ?? 100)) /
    averageWeight(group);
  const season =
    (SEASON[group] ?? SEASON.default)?.[hour.date.month - 1] ?? 100;
  const variation =
    900 + (hashKey(`${point.meteringPointEic}:${hour.startUtcMs}`) % 201);
  const kwh =
    (point.annualConsumptionKwh / 8760) *
    weight *
    (season / 100) *
    (variation / 1000);
  const multiplier = BigInt(point.multiplier);
  const importAdvance = BigInt(
    Math.max(0, Math.round((kwh * 1000) / point.multiplier)),
  );
  const importMilli = importAdvance * multiplier;
  const inductivePercent =
    10n + BigInt(hashKey(`${point.meteringPointEic}:ri`) % 30);
  const capacitivePercent = BigInt(hashKey(`${point.meteringPointEic}:rc`) % 5);

  return {
    startUtcMs: hour.startUtcMs,
    hour,
    importAdvance,
    exportAdvance: 0n,
    importMilli,
    exportMilli: 0n,
    reactiveInductiveMilli: (importMilli * inductivePercent) / 100n,
    reactiveCapacitiveMilli: (importMilli * capacitivePercent) / 100n,
  };
}

export class MeterSeries {
  constructor(
    private readonly data: MarketData,
    private readonly nowMs: () => number,
  ) {}

  // Hours with data in [fromUtcMs, toUtcMs), in time order. Missing hours of
  // the real series are absent.
  hours(
    point: MeteringPointMasterData,
    fromUtcMs: number,
    toUtcMs: number,
  ): SeriesHour[] {
    const site = point.realSeriesSite;
    if (site !== undefined) {
      const multiplier = BigInt(point.multiplier);
      const rows = this.data
        .ososSample(site)
        .filter(
          (row) => row.startUtcMs >= fromUtcMs && row.startUtcMs < toUtcMs,
        );
      const first = rows[0]?.startUtcMs ?? 0;
      const last = rows.at(-1)?.startUtcMs ?? 0;
      const localHours = new Map(
        localHoursBetween(first, last + HOUR_MS).map((hour) => [
          hour.startUtcMs,
          hour,
        ]),
      );
      const result: SeriesHour[] = rows.map((row) => {
        const importMilli = parseMilli(row.importKwh);
        const exportMilli = parseMilli(row.exportKwh);

        return {
          startUtcMs: row.startUtcMs,
          hour: localHours.get(row.startUtcMs) as LocalHour,
          importAdvance: importMilli / multiplier,
          exportAdvance: exportMilli / multiplier,
          importMilli,
          exportMilli,
          reactiveInductiveMilli: null,
          reactiveCapacitiveMilli: null,
        };
      });

      return result;
    }
    const lastCompleteHour =
      Math.floor(this.nowMs() / HOUR_MS) * HOUR_MS - HOUR_MS;
    const from = Math.max(fromUtcMs, DEMO_SERIES_START_MS);
    const to = Math.min(toUtcMs, lastCompleteHour + HOUR_MS);

    return localHoursBetween(from, to).map((hour) => demoHour(point, hour));
  }

  // Register indexes at the start of the series, in milli-kWh.
  private initialIndexes(point: MeteringPointMasterData) {
    const start = (salt: string, max: number) =>
      BigInt(hashKey(`${point.meteringPointEic}:${salt}`) % max) * 1000n;

    return {
      T1: start("t1", 900_000),
      T2: start("t2", 400_000),
      T3: start("t3", 600_000),
      export: start("export", 100_000),
    };
  }

  // Index readings at local midnight of each day whose midnight lies in
  // [fromUtcMs, toUtcMs). A day is skipped when the meter's hour before
  // midnight has no data, because then the index is unknown.
  indexReadings(
    point: MeteringPointMasterData,
    fromUtcMs: number,
    toUtcMs: number,
  ) {
    const site = point.realSeriesSite;
    const firstMs =
      site === undefined
        ? DEMO_SERIES_START_MS
        : (this.data.ososSample(site)[0]?.startUtcMs ??
          Number.POSITIVE_INFINITY);
    const all = this.hours(point, firstMs, toUtcMs);
    const range = 10n ** BigInt(point.registerDigits) * 1000n;
    const index = this.initialIndexes(point);
    const readings: {
      readAt: string;
      meterSerial: string;
      registerDigits: number;
      multiplier: number;
      t1Index: number;
      t2Index: number;
      t3Index: number;
      totalIndex: number;
      exportIndex: number;
    }[] = [];
    const wrap = (value: bigint) => ((value % range) + range) % range;
    const kwh = (milli: bigint) => Number(milli) / 1000;
    const emit = (readAtMs: number) => {
      const t1 = wrap(index.T1);
      const t2 = wrap(index.T2);
      const t3 = wrap(index.T3);
      readings.push({
        readAt: formatLocalIso(readAtMs, TURKEY_TIME_ZONE),
        meterSerial: point.meterSerial,
        registerDigits: point.registerDigits,
        multiplier: point.multiplier,
        t1Index: kwh(t1),
        t2Index: kwh(t2),
        t3Index: kwh(t3),
        totalIndex: kwh(wrap(t1 + t2 + t3)),
        exportIndex: kwh(wrap(index.export)),
      });
    };
    let previousMs: number | undefined;
    for (const hour of all) {
      const isMidnight = hour.hour.hour === 0;
      const known =
        previousMs === undefined || previousMs === hour.startUtcMs - HOUR_MS;
      if (
        isMidnight &&
        hour.startUtcMs >= fromUtcMs &&
        (known || hour.startUtcMs === firstMs)
      ) {
        emit(hour.startUtcMs);
      }
      const zone = timeZoneOfHour(hour.hour.hour);
      index[zone] += hour.importAdvance;
      index.export += hour.exportAdvance;
      previousMs = hour.startUtcMs;
    }

    return readings;
  }
}
