// Imports hourly load profiles and three-time register readings from the
// OSOS service for the metering points read by OSOS.
//
// POST body, all optional: period_start and period_end are local dates
// YYYY-MM-DD with the end excluded (default: yesterday).
// metering_point_codes limits the run to these points. chunk_points sets
// the points per committed chunk (default 50), and index_readings = false
// skips the register readings.
//
// Each point's load profile is validated: gaps are estimated by linear
// interpolation, catch-up values after a gap are spread evenly over it,
// negative values (index resets) are excluded and estimated, and all of
// them are flagged; import and export stay separate. Register readings of
// three-time points are stored, and meter replacements, rollovers and
// implausible drops flagged. A point without a load profile gets, for each
// whole month of the period, its register consumption per time zone spread
// over the hours with public.convert_consumption_to_hourly. The load profile
// is read from a week before the period (READINGS_LOOKBACK_HOURS), so that
// a gap across the period start and its catch-up value are recognised.
//
// A chunk's points are all fetched and checked before any of them is
// stored, and the chunk commits together with the run's cursor, so a bad
// response stores nothing of its chunk and a stopped run resumes with the
// next chunk. Secrets: OSOS_URL, OSOS_USERNAME, OSOS_PASSWORD.
import { createHash } from "node:crypto";
// @ts-types="npm:@types/pg@8.23.1"
import type pg from "npm:pg@8.23.1";
import {
  envInteger,
  requiredEnv,
  retryOptionsFromEnv,
} from "../_shared/integrations/http.ts";
import { OsosClient } from "../_shared/integrations/osos.ts";
import {
  analyseIndexReadings,
  analyseLoadProfile,
  type HourRow,
  type Period,
  type PointResult,
  roundCumulatively,
} from "../_shared/integrations/readings-batch.ts";
import {
  storeFlags,
  storeHours,
  storeIndexReadings,
} from "../_shared/integrations/readings-store.ts";
import {
  forgetOtherWork,
  InputError,
  serveJob,
} from "../_shared/integrations/run.ts";
import { type JobRun, processInChunks } from "../_shared/job-runs.ts";
import { formatMilli } from "../_shared/readings/decimal.ts";
import {
  addDays,
  formatLocalDate,
  formatLocalIso,
  type LocalDate,
  localToUtc,
  parseLocalDate,
  TURKEY_TIME_ZONE,
  toLocal,
} from "../_shared/readings/time-zone.ts";

const JOB_NAME = "fetch-readings";
const MAX_PERIOD_DAYS = 92;
const HOUR_MS = 3_600_000;

type Point = {
  id: string;
  code: string;
  tariff_type: "single_time" | "three_time";
  distribution_region_code: string;
  subscriber_group_code: string;
  voltage_level_code: string;
};

type Cursor = { period: string; after: string };
type FetchedPoint = { point: Point; result: PointResult };

function midnight(date: LocalDate): number {
  return localToUtc({ ...date, hour: 0, minute: 0 }, TURKEY_TIME_ZONE);
}

function iso(ms: number): string {
  return formatLocalIso(ms, TURKEY_TIME_ZONE);
}

function dateField(
  body: Record<string, unknown>,
  key: string,
): LocalDate | null {
  const value = body[key];
  if (value === undefined || value === null) {
    return null;
  }
  try {
    return parseLocalDate(String(value));
  } catch (error) {
    throw new InputError(`${key}: ${(error as Error).message}`);
  }
}

function integerField(
  body: Record<string, unknown>,
  key: string,
  fallback: number,
  max: number,
): number {
  const value = body[key] ?? fallback;
  if (
    !Number.isInteger(value) ||
    (value as number) < 1 ||
    (value as number) > max
  ) {
    throw new InputError(`${key} must be an integer from 1 to ${max}`);
  }

  return value as number;
}

function codesField(body: Record<string, unknown>): string[] | null {
  const value = body.metering_point_codes;
  if (value === undefined || value === null) {
    return null;
  }
  if (!Array.isArray(value) || value.some((code) => typeof code !== "string")) {
    throw new InputError("metering_point_codes must be a list of codes");
  }

  return value as string[];
}

// The whole local months inside the period, as their first and next first
// local midnight.
function wholeMonths(start: LocalDate, end: LocalDate) {
  const months: { month: string; startMs: number; endMs: number }[] = [];
  let month = start.day === 1 ? start : nextMonth(start);
  for (;;) {
    const following = nextMonth(month);
    if (formatLocalDate(following) > formatLocalDate(end)) {
      return months;
    }
    months.push({
      month: formatLocalDate(month).slice(0, 7),
      startMs: midnight(month),
      endMs: midnight(following),
    });
    month = following;
  }
}

function nextMonth(date: LocalDate): LocalDate {
  return date.month === 12
    ? { year: date.year + 1, month: 1, day: 1 }
    : { year: date.year, month: date.month + 1, day: 1 };
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    },
  );
  await Promise.all(workers);

  return results;
}

// Spreads the register consumption of whole months without a load profile
// over their hours, through the pricing engine's conversion.
async function profiledHours(
  db: pg.Client,
  fetched: readonly FetchedPoint[],
): Promise<HourRow[]> {
  const rows = fetched.flatMap(({ point, result }) =>
    result.monthsToProfile.map(({ month, byZoneMilli }) => ({
      key: `${point.id}|${month}`,
      distribution_region_code: point.distribution_region_code,
      subscriber_group_code: point.subscriber_group_code,
      voltage_level_code: point.voltage_level_code,
      tariff_type: "three_time",
      month,
      t1_kwh: Number(formatMilli(byZoneMilli.T1)),
      t2_kwh: Number(formatMilli(byZoneMilli.T2)),
      t3_kwh: Number(formatMilli(byZoneMilli.T3)),
    })),
  );
  if (rows.length === 0) {
    return [];
  }
  const { rows: hours } = await db.query<{
    row_key: string;
    hour_start: Date;
    time_zone_code: string;
    consumption_kwh: string;
    shape_source: string;
  }>(
    `select row_key, hour_start, time_zone_code, consumption_kwh::text,
       shape_source
     from public.convert_consumption_to_hourly($1::jsonb)`,
    [JSON.stringify({ rows })],
  );
  const series = new Map<string, typeof hours>();
  for (const hour of hours) {
    const key = `${hour.row_key}|${hour.time_zone_code}`;
    series.set(key, [...(series.get(key) ?? []), hour]);
  }
  const result: HourRow[] = [];
  for (const zoneHours of series.values()) {
    const rounded = roundCumulatively(
      zoneHours.map((hour) => hour.consumption_kwh),
    );
    zoneHours.forEach((hour, k) => {
      result.push({
        meteringPointId: hour.row_key.split("|")[0] as string,
        hourStart: hour.hour_start.toISOString(),
        consumptionKwh: rounded[k] as string,
        // NOTE: the export register is not spread, so injection stays 0
        // for profiled hours; a point with injection needs a load profile.
        injectionKwh: "0.000",
        consumptionQuality: "profiled",
        injectionQuality: "profiled",
        estimationMethod:
          hour.shape_source === "profile_coefficients"
            ? "profile_coefficients"
            : "flat_within_zone",
        meterConsumptionKwh: null,
        meterInjectionKwh: null,
      });
    });
  }

  return result;
}

Deno.serve(
  serveJob(JOB_NAME, "fetch-readings", async (body) => {
    const yesterday = addDays(toLocal(Date.now(), TURKEY_TIME_ZONE), -1);
    const start = dateField(body, "period_start") ?? yesterday;
    const end = dateField(body, "period_end") ?? addDays(start, 1);
    const period: Period = { startMs: midnight(start), endMs: midnight(end) };
    const days = Math.round((period.endMs - period.startMs) / 86_400_000);
    if (days < 1 || days > MAX_PERIOD_DAYS) {
      throw new InputError(
        `period_end must be 1 to ${MAX_PERIOD_DAYS} days after period_start`,
      );
    }
    const codes = codesField(body);
    const chunkPoints = integerField(body, "chunk_points", 50, 500);
    const withIndexReadings = body.index_readings !== false;
    const months = wholeMonths(start, end);
    // A stopped run's cursor is resumed only by a call for the same work.
    const periodKey = [
      `${formatLocalDate(start)}..${formatLocalDate(end)}`,
      codes === null
        ? "all"
        : createHash("sha256")
            .update([...codes].sort().join(","))
            .digest("hex"),
      withIndexReadings ? "index" : "no-index",
    ].join(":");
    const osos = new OsosClient({
      url: requiredEnv("OSOS_URL"),
      username: requiredEnv("OSOS_USERNAME"),
      password: requiredEnv("OSOS_PASSWORD"),
      retry: retryOptionsFromEnv(),
    });
    const concurrency = envInteger("OSOS_CONCURRENCY", 8);
    // NOTE: a gap longer than the look-back window is not joined to the
    // catch-up value that ends it, which is then stored as measured.
    const lookbackHours = envInteger("READINGS_LOOKBACK_HOURS", 7 * 24);
    const lookbackStartMs = period.startMs - lookbackHours * HOUR_MS;

    async function fetchPoint(point: Point): Promise<FetchedPoint> {
      const profile = await osos.loadProfile(
        point.code,
        iso(lookbackStartMs),
        iso(period.endMs),
      );
      const result: PointResult = {
        hours: [],
        flags: [],
        indexRows: [],
        monthsToProfile: [],
      };
      if (profile !== null) {
        const analysed = analyseLoadProfile(
          point.id,
          point.code,
          period,
          lookbackStartMs,
          profile,
        );
        result.hours = analysed.hours;
        result.flags.push(...analysed.flags);
      }
      if (point.tariff_type === "three_time" && withIndexReadings) {
        // The reading at the period's last midnight closes the period.
        const readings = await osos.indexReadings(
          point.code,
          iso(period.startMs),
          iso(period.endMs + HOUR_MS),
        );
        if (readings !== null) {
          result.indexRows = readings.map((reading) => ({
            meteringPointId: point.id,
            reading,
          }));
          result.flags.push(
            ...analyseIndexReadings(point.id, point.code, readings).flags,
          );
          if (profile === null) {
            for (const month of months) {
              const inMonth = readings.filter((reading) => {
                const at = Date.parse(reading.readAt);

                return at >= month.startMs && at <= month.endMs;
              });
              const first = inMonth.map((r) => Date.parse(r.readAt));
              if (
                !first.includes(month.startMs) ||
                !first.includes(month.endMs)
              ) {
                continue;
              }
              const { byZoneMilli } = analyseIndexReadings(
                point.id,
                point.code,
                inMonth,
              );
              if (byZoneMilli !== null) {
                result.monthsToProfile.push({
                  month: month.month,
                  byZoneMilli,
                });
              }
            }
          }
        }
      }
      if (profile === null && result.monthsToProfile.length === 0) {
        result.flags.push({
          meteringPointId: point.id,
          kind: "missing_hours",
          channel: null,
          startsAt: iso(period.startMs),
          hourCount: (period.endMs - period.startMs) / HOUR_MS,
          meterValueKwh: null,
          detail: {
            estimated_by: null,
            at: "whole_period",
            reason: "no load profile",
          },
        });
      }

      return { point, result };
    }

    return async (run: JobRun) => {
      await forgetOtherWork(
        run,
        (cursor) => (cursor as Cursor).period === periodKey,
      );
      // A null list of codes selects every point read by OSOS.
      const { rows: totals } = await run.client.query<{ total: number }>(
        `select count(*)::integer as total from public.metering_points
         where reading_method = 'osos' and status in ('active', 'leaving')
           and ($1::text[] is null or code = any($1::text[]))`,
        [codes],
      );
      await processInChunks<FetchedPoint, Cursor>(run, {
        chunkSize: chunkPoints,
        total: totals[0]?.total ?? 0,
        loadChunk: async (cursor, limit) => {
          const after = cursor?.after ?? "";
          const { rows: points } = await run.client.query<Point>(
            `select id, code, tariff_type, distribution_region_code,
               subscriber_group_code, voltage_level_code
             from public.metering_points
             where reading_method = 'osos' and status in ('active', 'leaving')
               and code > $1
               and ($3::text[] is null or code = any($3::text[]))
             order by code
             limit $2`,
            [after, limit, codes],
          );
          const started = Date.now();
          const fetched = await mapWithConcurrency(
            points,
            concurrency,
            fetchPoint,
          );
          console.log(
            `job run ${run.id}: fetched ${points.length} points in ${Date.now() - started} ms`,
          );

          return {
            items: fetched,
            nextCursor: {
              period: periodKey,
              after: points.at(-1)?.code ?? after,
            },
          };
        },
        handleChunk: async (db, fetched) => {
          const started = Date.now();
          const hours = [
            ...fetched.flatMap((item) => item.result.hours),
            ...(await profiledHours(db, fetched)),
          ];
          const flags = fetched.flatMap((item) => item.result.flags);
          const indexRows = fetched.flatMap((item) => item.result.indexRows);

          const counts = {
            points: fetched.length,
            hours_received: hours.length,
            hours_changed: await storeHours(db, hours, run.id),
            flags_changed: await storeFlags(db, flags, run.id),
            index_readings_changed: await storeIndexReadings(
              db,
              indexRows,
              run.id,
            ),
          };
          console.log(
            `job run ${run.id}: stored ${hours.length} hours in ${Date.now() - started} ms`,
          );

          return counts;
        },
      });

      return {
        period_start: formatLocalDate(start),
        period_end: formatLocalDate(end),
      };
    };
  }),
);
