// fetch-readings against the OSOS simulator: the flaws of the three real
// series are recognised and kept apart, a malformed response stores nothing
// of its chunk, and a point without a load profile is converted from its
// register readings.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect, inject, it } from "vitest";
import { ROOT_DIR } from "../../stack/src/config.ts";
import {
  describeMeteringPoint,
  REAL_SERIES_METERING_POINTS,
} from "../../stack/src/simulators/metering-points.ts";
import {
  clearOsosFaults,
  type IntegrationRuntime,
  setOsosFault,
  startIntegrationRuntime,
} from "./harness.ts";
import { demoCodes, insertOsosPoints } from "./metering-points.ts";

const stack = inject("stack");
const USER = "test-fetch-readings";
const SAMPLE = path.resolve(
  ROOT_DIR,
  "..",
  "shared",
  "market-data",
  "osos-hourly-sample-meram-edas-2025-2026.csv",
);
const HOUR_MS = 3_600_000;

type SampleRow = { startMs: number; importKwh: string; exportKwh: string };

let runtime: IntegrationRuntime;
let pointIds: Map<string, string>;
let sample: Map<string, SampleRow[]>;

// Milli-kWh of a decimal text with at most three decimals.
function milli(text: string): number {
  return Math.round(Number(text) * 1000);
}

async function readSample(): Promise<Map<string, SampleRow[]>> {
  const text = await readFile(SAMPLE, "utf8");
  const bySite = new Map<string, SampleRow[]>();
  for (const line of text.trim().split("\n").slice(1)) {
    const [timestamp, site, , importKwh, exportKwh] = line.split(",");
    const rows = bySite.get(site as string) ?? [];
    rows.push({
      startMs: Date.parse(timestamp as string),
      importKwh: importKwh as string,
      exportKwh: exportKwh as string,
    });
    bySite.set(site as string, rows);
  }

  return bySite;
}

function sampleIn(site: string, from: string, to: string): SampleRow[] {
  const start = Date.parse(from);
  const end = Date.parse(to);

  return (sample.get(site) ?? []).filter(
    (row) => row.startMs >= start && row.startMs < end,
  );
}

type StoredHour = {
  hour_start: Date;
  consumption_kwh: string;
  injection_kwh: string;
  consumption_quality: string;
  injection_quality: string;
  estimation_method: string | null;
  meter_consumption_kwh: string | null;
  meter_injection_kwh: string | null;
};

async function storedHours(code: string): Promise<StoredHour[]> {
  const { rows } = await runtime.db.query<StoredHour>(
    `select hour_start, consumption_kwh::text, injection_kwh::text,
       consumption_quality, injection_quality, estimation_method,
       meter_consumption_kwh::text, meter_injection_kwh::text
     from public.hourly_readings
     where metering_point_id = $1 order by hour_start`,
    [pointIds.get(code)],
  );

  return rows;
}

async function flagsOf(code: string) {
  const { rows } = await runtime.db.query<{
    flag_kind: string;
    channel: string | null;
    starts_at: Date;
    hour_count: number | null;
    meter_value_kwh: string | null;
  }>(
    `select flag_kind, channel, starts_at, hour_count, meter_value_kwh::text
     from public.reading_flags where metering_point_id = $1
     order by starts_at, flag_kind, channel`,
    [pointIds.get(code)],
  );

  return rows;
}

beforeAll(async () => {
  sample = await readSample();
  runtime = await startIntegrationRuntime(stack, {
    simulatorUser: USER,
    env: { INTEGRATION_RETRY_ATTEMPTS: "2" },
  });
  pointIds = await insertOsosPoints(runtime.db, [
    ...Object.values(REAL_SERIES_METERING_POINTS),
    ...demoCodes(40),
  ]);
});

afterAll(async () => {
  await clearOsosFaults(stack, USER);
  await runtime?.stop();
});

beforeEach(async () => {
  await clearOsosFaults(stack, USER);
  await runtime.db.query(`
    truncate public.hourly_readings, public.reading_flags,
      public.index_readings;
    delete from public.job_runs;
  `);
});

it("spreads a catch-up and keeps injection apart", async () => {
  const code = REAL_SERIES_METERING_POINTS.site_1;
  const response = await runtime.call("fetch-readings", {
    period_start: "2025-11-01",
    period_end: "2025-12-01",
    metering_point_codes: [code],
  });
  const body = await response.json();

  expect(response.status, JSON.stringify(body)).toBe(200);

  const november = sampleIn(
    "site_1",
    "2025-11-01T00:00:00+03:00",
    "2025-12-01T00:00:00+03:00",
  );
  const lastOctober = sampleIn(
    "site_1",
    "2025-10-01T00:00:00+03:00",
    "2025-11-01T00:00:00+03:00",
  ).at(-1)?.startMs as number;
  const periodEnd = Date.parse("2025-12-01T00:00:00+03:00");
  const last = november.at(-1)?.startMs as number;
  const hours = await storedHours(code);

  // The gap runs from the last October hour to the first November one, so
  // every hour after the last October one is stored: measured, estimated
  // or a share of the catch-up that ends the gap.
  expect(hours[0]?.hour_start.getTime()).toBe(lastOctober + HOUR_MS);
  expect(hours).toHaveLength((last - lastOctober) / HOUR_MS);

  // Gaps: every hour the source lacks is not measured, and flagged.
  const present = new Set(november.map((row) => row.startMs));
  const missingHours = (last - lastOctober) / HOUR_MS - present.size;
  const trailingHours = (periodEnd - last - HOUR_MS) / HOUR_MS;
  const flags = await flagsOf(code);
  const gapFlags = flags.filter(
    (flag) =>
      flag.flag_kind === "missing_hours" &&
      flag.starts_at.getTime() > lastOctober,
  );

  expect(missingHours).toBeGreaterThan(100);
  expect(gapFlags.reduce((sum, flag) => sum + (flag.hour_count ?? 0), 0)).toBe(
    missingHours + trailingHours,
  );
  for (const hour of hours) {
    if (!present.has(hour.hour_start.getTime())) {
      expect(hour.consumption_quality).not.toBe("measured");
      expect(hour.injection_quality).not.toBe("measured");
    }
  }

  // The export catch-up of 16 671.69 kWh after the gap is spread over the
  // gap and kept whole: measured plus spread energy equals the source's.
  const catchUp = flags.find(
    (flag) =>
      flag.flag_kind === "catch_up" &&
      flag.channel === "injection" &&
      flag.starts_at.getTime() === Date.parse("2025-11-06T05:00:00+03:00"),
  );

  expect(catchUp?.meter_value_kwh).toBe("16671.690");
  expect(catchUp?.hour_count).toBeGreaterThan(1);

  const keptInjection = hours
    .filter((hour) => ["measured", "catch_up"].includes(hour.injection_quality))
    .reduce((sum, hour) => sum + milli(hour.injection_kwh), 0);
  const keptConsumption = hours
    .filter((hour) =>
      ["measured", "catch_up"].includes(hour.consumption_quality),
    )
    .reduce((sum, hour) => sum + milli(hour.consumption_kwh), 0);

  expect(keptInjection).toBe(
    november.reduce((sum, row) => sum + milli(row.exportKwh), 0),
  );
  expect(keptConsumption).toBe(
    november.reduce((sum, row) => sum + milli(row.importKwh), 0),
  );

  // Measured hours carry the source values unchanged, each channel apart.
  const sourceByStart = new Map(november.map((row) => [row.startMs, row]));
  let measured = 0;
  for (const hour of hours) {
    const row = sourceByStart.get(hour.hour_start.getTime());
    if (row && hour.consumption_quality === "measured") {
      measured++;
      expect(milli(hour.consumption_kwh)).toBe(milli(row.importKwh));
    }
    if (row && hour.injection_quality === "measured") {
      expect(milli(hour.injection_kwh)).toBe(milli(row.exportKwh));
    }
  }

  // Every source hour is measured except those a consumption flag names.
  const flaggedSourceHours = flags.filter(
    (flag) =>
      ["catch_up", "reset"].includes(flag.flag_kind) &&
      flag.channel === "consumption" &&
      present.has(flag.starts_at.getTime()),
  ).length;

  expect(flaggedSourceHours).toBeGreaterThan(0);
  expect(measured).toBe(present.size - flaggedSourceHours);
});

it("excludes an index reset and flags it", async () => {
  const code = REAL_SERIES_METERING_POINTS.site_3;
  const response = await runtime.call("fetch-readings", {
    period_start: "2025-07-18",
    period_end: "2025-07-20",
    metering_point_codes: [code],
  });

  expect(response.status).toBe(200);

  const resetAt = Date.parse("2025-07-18T12:00:00+03:00");
  const hours = await storedHours(code);
  const resetHour = hours.find((hour) => hour.hour_start.getTime() === resetAt);

  expect(resetHour?.consumption_quality).toBe("reset");
  expect(resetHour?.meter_consumption_kwh).toBe("-20896662.150");
  expect(resetHour?.estimation_method).toBe("linear_interpolation");
  expect(Number(resetHour?.consumption_kwh)).toBeGreaterThanOrEqual(0);
  expect(Number(resetHour?.consumption_kwh)).toBeLessThan(1000);

  const flags = await flagsOf(code);
  const reset = flags.find((flag) => flag.flag_kind === "reset");

  expect(reset?.channel).toBe("consumption");
  expect(reset?.starts_at.getTime()).toBe(resetAt);
  expect(reset?.meter_value_kwh).toBe("-20896662.150");

  // No stored hour is negative, and the day's total is nowhere near the
  // reset's magnitude.
  const total = hours.reduce(
    (sum, hour) => sum + Number(hour.consumption_kwh),
    0,
  );

  expect(hours.every((hour) => Number(hour.consumption_kwh) >= 0)).toBe(true);
  expect(total).toBeLessThan(100_000);
});

it("stores a solar day hour by hour", async () => {
  const code = REAL_SERIES_METERING_POINTS.site_2;
  const response = await runtime.call("fetch-readings", {
    period_start: "2026-06-10",
    period_end: "2026-06-11",
    metering_point_codes: [code],
  });

  expect(response.status).toBe(200);

  const source = sampleIn(
    "site_2",
    "2026-06-10T00:00:00+03:00",
    "2026-06-11T00:00:00+03:00",
  );
  const hours = await storedHours(code);

  expect(source).toHaveLength(24);
  expect(hours).toHaveLength(24);
  expect(source.some((row) => milli(row.exportKwh) > 0)).toBe(true);
  hours.forEach((hour, k) => {
    const row = source[k] as SampleRow;

    expect(hour.hour_start.getTime()).toBe(row.startMs);
    expect(milli(hour.consumption_kwh)).toBe(milli(row.importKwh));
    expect(milli(hour.injection_kwh)).toBe(milli(row.exportKwh));
    expect(hour.consumption_quality).toBe("measured");
    expect(hour.injection_quality).toBe("measured");
  });
});

it("stores nothing of a chunk with a malformed response", async () => {
  const codes = demoCodes(40);
  const bad = codes[25] as string;
  await setOsosFault(stack, {
    scope: USER,
    malformed: "wrong_types",
    pathContains: `${bad}/load-profile`,
  });
  const response = await runtime.call("fetch-readings", {
    period_start: "2026-01-10",
    period_end: "2026-01-11",
    metering_point_codes: codes,
    chunk_points: 10,
    index_readings: false,
  });
  const body = await response.json();

  expect(response.status).toBe(502);
  expect(body.error).toMatch(new RegExp(`load-profile of ${bad}.*malformed`));

  const { rows } = await runtime.db.query<{ code: string; hours: number }>(
    `select mp.code, count(r.hour_start)::integer as hours
     from public.metering_points as mp
     left join public.hourly_readings as r on r.metering_point_id = mp.id
     where mp.code = any($1::text[])
     group by mp.code order by mp.code`,
    [codes],
  );
  const sorted = [...codes].sort();
  const badChunk = Math.floor(sorted.indexOf(bad) / 10);

  rows.forEach((row, k) => {
    expect(row.hours, row.code).toBe(Math.floor(k / 10) < badChunk ? 24 : 0);
  });

  const { rows: runs } = await runtime.db.query(
    `select status, error, progress_done from public.job_runs
     where job_name = 'fetch-readings'`,
  );

  expect(runs).toEqual([
    { status: "failed", error: body.error, progress_done: badChunk * 10 },
  ]);
});

it("converts register readings without a load profile", async () => {
  const code = demoCodes(40).find(
    (candidate) => candidate !== undefined && isThreeTime(candidate),
  ) as string;
  await setOsosFault(stack, {
    scope: USER,
    status: 404,
    pathContains: `${code}/load-profile`,
  });
  const response = await runtime.call("fetch-readings", {
    period_start: "2026-01-01",
    period_end: "2026-02-01",
    metering_point_codes: [code],
  });

  expect(response.status).toBe(200);

  const hours = await storedHours(code);

  expect(hours).toHaveLength(744);
  expect(hours.every((hour) => hour.consumption_quality === "profiled")).toBe(
    true,
  );
  // The scratch database has no profile coefficients.
  expect(hours[0]?.estimation_method).toBe("flat_within_zone");

  const { rows: readings } = await runtime.db.query<{
    t1: string;
    t2: string;
    t3: string;
    multiplier: string;
  }>(
    `select t1_index_kwh::text as t1, t2_index_kwh::text as t2,
       t3_index_kwh::text as t3, multiplier::text
     from public.index_readings where metering_point_id = $1
       and read_at in ('2026-01-01T00:00:00+03:00', '2026-02-01T00:00:00+03:00')
     order by read_at`,
    [pointIds.get(code)],
  );

  expect(readings).toHaveLength(2);

  const [start, end] = readings as [(typeof readings)[0], (typeof readings)[0]];
  const zoneOf = (hour: StoredHour) => {
    const local = (hour.hour_start.getUTCHours() + 3) % 24;

    return local >= 6 && local < 17
      ? "t1"
      : local >= 17 && local < 22
        ? "t2"
        : "t3";
  };
  for (const zone of ["t1", "t2", "t3"] as const) {
    const advance = milli(end[zone]) - milli(start[zone]);
    const expected = Math.round(advance * Number(start.multiplier));
    const stored = hours
      .filter((hour) => zoneOf(hour) === zone)
      .reduce((sum, hour) => sum + milli(hour.consumption_kwh), 0);

    expect(stored, zone).toBe(expected);
  }
});

function isThreeTime(code: string): boolean {
  return describeMeteringPoint(code).meterReadingType === 1;
}
