// Imports hourly PTF and SMF and monthly YEKDEM unit costs from the EPİAŞ
// transparency platform into the market tables.
//
// POST body, all optional: start_date and end_date are local dates
// YYYY-MM-DD, both included. They default to today and tomorrow in
// Istanbul, because the day-ahead prices of tomorrow are published around
// 14:00. series defaults to ["ptf", "smf", "yekdem"]. One platform call per series and
// month; each call's rows commit together with the run's cursor, so a
// stopped run resumes with the next call and a repeated run changes no row.
// Secrets: EPIAS_CAS_URL, EPIAS_TRANSPARENCY_URL, EPIAS_USERNAME,
// EPIAS_PASSWORD.
// @ts-types="npm:@types/pg@8.23.1"
import type pg from "npm:pg@8.23.1";
import { EpiasClient } from "../_shared/integrations/epias.ts";
import {
  requiredEnv,
  retryOptionsFromEnv,
} from "../_shared/integrations/http.ts";
import {
  InputError,
  PRICE_SERIES,
  type PriceRow,
  type PriceSeries,
  type PriceStep,
  parseHourlyPrices,
  parseMonthlyCosts,
  planPriceSteps,
  priceRequest,
} from "../_shared/integrations/market-prices.ts";
import { forgetOtherWork, serveJob } from "../_shared/integrations/run.ts";
import { processInChunks } from "../_shared/job-runs.ts";
import {
  addDays,
  formatLocalDate,
  TURKEY_TIME_ZONE,
  toLocal,
} from "../_shared/readings/time-zone.ts";

const JOB_NAME = "fetch-market-prices";

type Cursor = { range: string; next: number };
type FetchedStep = { step: PriceStep; rows: PriceRow[] };

function todayInIstanbul(): string {
  const now = toLocal(Date.now(), TURKEY_TIME_ZONE);

  return formatLocalDate(now);
}

function textField(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== "string") {
    throw new InputError(`${key} must be a date text YYYY-MM-DD`);
  }

  return value;
}

function seriesField(body: Record<string, unknown>): PriceSeries[] {
  const value = body.series;
  if (value === undefined || value === null) {
    return [...PRICE_SERIES];
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(
      `series must be a non-empty list of ${PRICE_SERIES.join(", ")}`,
    );
  }

  return value as PriceSeries[];
}

async function storeHourly(
  client: pg.Client,
  table: "ptf_hourly_prices" | "smf_hourly_prices",
  source: string,
  rows: PriceRow[],
): Promise<number> {
  const first = rows[0]?.start;
  const last = rows.at(-1)?.start;
  await client.query(
    `select private.ensure_month_partitions($1::regclass, $2::timestamptz,
       $3::timestamptz + interval '1 hour')`,
    [`public.${table}`, first, last],
  );
  const result = await client.query(
    `insert into public.${table} as p
       (hour_start, price_try_per_mwh, source, is_demo)
     select * from unnest($1::timestamptz[], $2::numeric[], $3::text[],
       $4::boolean[])
     on conflict (hour_start) do update
     set price_try_per_mwh = excluded.price_try_per_mwh,
         source = excluded.source,
         is_demo = excluded.is_demo
     where (p.price_try_per_mwh, p.source, p.is_demo)
       is distinct from (excluded.price_try_per_mwh, excluded.source,
         excluded.is_demo)`,
    [
      rows.map((row) => row.start),
      rows.map((row) => row.value),
      rows.map(() => source),
      rows.map((row) => row.isDemo),
    ],
  );

  return result.rowCount ?? 0;
}

async function storeMonthly(
  client: pg.Client,
  source: string,
  rows: PriceRow[],
): Promise<number> {
  const result = await client.query(
    `insert into public.yekdem_unit_costs as y
       (period_month, unit_cost_try_per_mwh, source, is_demo)
     select * from unnest($1::date[], $2::numeric[], $3::text[], $4::boolean[])
     on conflict (period_month) do update
     set unit_cost_try_per_mwh = excluded.unit_cost_try_per_mwh,
         source = excluded.source,
         is_demo = excluded.is_demo
     where (y.unit_cost_try_per_mwh, y.source, y.is_demo)
       is distinct from (excluded.unit_cost_try_per_mwh, excluded.source,
         excluded.is_demo)`,
    [
      rows.map((row) => row.start),
      rows.map((row) => row.value),
      rows.map(() => source),
      rows.map((row) => row.isDemo),
    ],
  );

  return result.rowCount ?? 0;
}

Deno.serve(
  serveJob(JOB_NAME, "fetch-market-prices", async (body) => {
    const today = todayInIstanbul();
    const startDate = textField(body, "start_date") ?? today;
    const endDate =
      textField(body, "end_date") ??
      (textField(body, "start_date") === null
        ? formatLocalDate(addDays(toLocal(Date.now(), TURKEY_TIME_ZONE), 1))
        : startDate);
    const series = seriesField(body);
    const steps = planPriceSteps(startDate, endDate, series);
    const range = `${startDate}..${endDate}:${series.join(",")}`;
    const client = new EpiasClient({
      casUrl: requiredEnv("EPIAS_CAS_URL"),
      transparencyUrl: requiredEnv("EPIAS_TRANSPARENCY_URL"),
      username: requiredEnv("EPIAS_USERNAME"),
      password: requiredEnv("EPIAS_PASSWORD"),
      retry: retryOptionsFromEnv(),
    });

    return async (run) => {
      await forgetOtherWork(
        run,
        (cursor) => (cursor as Cursor).range === range,
      );
      await processInChunks<FetchedStep, Cursor>(run, {
        chunkSize: 1,
        total: steps.length,
        loadChunk: async (cursor) => {
          const next = cursor?.next ?? 0;
          const step = steps[next];
          if (step === undefined) {
            return { items: [], nextCursor: { range, next } };
          }
          const request = priceRequest(step);
          const response = await client.post(request.path, request.body);
          const rows =
            step.series === "yekdem"
              ? parseMonthlyCosts(step, response)
              : parseHourlyPrices(step, response);

          return {
            items: [{ step, rows }],
            nextCursor: { range, next: next + 1 },
          };
        },
        handleChunk: async (db, fetched) => {
          const counts: Record<string, number> = {};
          for (const { step, rows } of fetched) {
            const source = `EPİAŞ transparency ${priceRequest(step).path}`;
            const changed =
              step.series === "yekdem"
                ? await storeMonthly(db, source, rows)
                : await storeHourly(
                    db,
                    step.series === "ptf"
                      ? "ptf_hourly_prices"
                      : "smf_hourly_prices",
                    source,
                    rows,
                  );
            counts[`${step.series}_received`] = rows.length;
            counts[`${step.series}_changed`] = changed;
          }

          return counts;
        },
      });

      return { start_date: startDate, end_date: endDate };
    };
  }),
);
