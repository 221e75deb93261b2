// fetch-readings killed at the wall-clock limit while the OSOS service is
// slow, then started again, ends with the same data as an uninterrupted
// run, with nothing half-stored in between.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import {
  clearOsosFaults,
  type IntegrationRuntime,
  setOsosFault,
  startIntegrationRuntime,
} from "./harness.ts";
import { demoCodes, insertOsosPoints } from "./metering-points.ts";

const stack = inject("stack");
const USER = "test-fetch-readings-resume";
const POINTS = 40;
const CHUNK_POINTS = 5;
const SLOW_POINT = 22;
const PERIOD = {
  period_start: "2026-03-10",
  period_end: "2026-03-12",
  chunk_points: CHUNK_POINTS,
};

let runtime: IntegrationRuntime;
let codes: string[];

beforeAll(async () => {
  runtime = await startIntegrationRuntime(stack, {
    simulatorUser: USER,
    wallClockLimitMs: 30_000,
    // Longer than the wall-clock limit, so the slow response is not retried
    // but outlives the worker.
    env: { INTEGRATION_REQUEST_TIMEOUT_MS: "100000" },
  });
  codes = demoCodes(POINTS, 3_000_001).sort();
  await insertOsosPoints(runtime.db, codes);
});

afterAll(async () => {
  await clearOsosFaults(stack, USER);
  await runtime?.stop();
});

async function jobIsRunning(): Promise<boolean> {
  const { rows } = await runtime.db.query<{ running: boolean }>(
    "select private.job_is_running('fetch-readings') as running",
  );

  return rows[0]?.running ?? false;
}

async function waitUntilStopped(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (await jobIsRunning()) {
    if (Date.now() > deadline) {
      throw new Error("the killed run still holds its lock after 10 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// A digest of everything stored, without the ids of the runs that stored it.
async function storedData(): Promise<Record<string, string | number>> {
  const { rows } = await runtime.db.query(`
    select
      (select count(*)::integer from public.hourly_readings) as hours,
      (select md5(string_agg(concat_ws('|', mp.code, r.hour_start,
          r.consumption_kwh, r.injection_kwh, r.consumption_quality,
          r.injection_quality, r.estimation_method), ',' order by mp.code,
          r.hour_start))
       from public.hourly_readings as r
       join public.metering_points as mp on mp.id = r.metering_point_id)
        as hours_digest,
      (select count(*)::integer from public.index_readings) as index_readings,
      (select md5(string_agg(concat_ws('|', mp.code, i.read_at, i.meter_serial,
          i.t1_index_kwh, i.t2_index_kwh, i.t3_index_kwh), ','
          order by mp.code, i.read_at))
       from public.index_readings as i
       join public.metering_points as mp on mp.id = i.metering_point_id)
        as index_digest,
      (select count(*)::integer from public.reading_flags) as flags
  `);

  return rows[0];
}

it("resumes a killed run to the same data", async () => {
  await setOsosFault(stack, {
    scope: USER,
    delayMs: 45_000,
    pathContains: `${codes[SLOW_POINT]}/load-profile`,
  });
  const killed = await runtime.call("fetch-readings", PERIOD);

  expect(killed.status).toBe(546);

  await waitUntilStopped();
  await clearOsosFaults(stack, USER);
  const partial = await storedData();
  const committedPoints = Number(partial.hours) / 48;

  // Only whole chunks before the slow point were committed: all of them on
  // an idle machine, fewer when the wall-clock limit came first.
  expect(committedPoints % CHUNK_POINTS).toBe(0);
  expect(committedPoints).toBeLessThanOrEqual(
    Math.floor(SLOW_POINT / CHUNK_POINTS) * CHUNK_POINTS,
  );

  const resumed = await runtime.call("fetch-readings", PERIOD);
  const resumedBody = await resumed.json();

  expect(resumed.status, JSON.stringify(resumedBody)).toBe(200);
  expect(resumedBody.progress_done).toBe(POINTS);

  const { rows: runs } = await runtime.db.query(
    `select status, progress_done from public.job_runs
     where job_name = 'fetch-readings' order by started_at`,
  );

  expect(runs).toEqual([
    { status: "failed", progress_done: committedPoints },
    { status: "succeeded", progress_done: POINTS },
  ]);

  const afterResume = await storedData();

  expect(afterResume.hours).toBe(POINTS * 48);

  await runtime.db.query(`
    truncate public.hourly_readings, public.index_readings,
      public.reading_flags;
    delete from public.job_runs;
  `);
  const uninterrupted = await runtime.call("fetch-readings", PERIOD);

  expect(uninterrupted.status).toBe(200);
  expect(await storedData()).toEqual(afterResume);
}, 120_000);
