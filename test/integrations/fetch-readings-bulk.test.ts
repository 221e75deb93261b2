// fetch-readings for many metering points and one month of hourly load
// profiles: after two runs every hour is stored exactly once, and the
// second run changes nothing. A call stopped at the wall-clock limit is
// called again and resumes, as a scheduler's next call would.
//
// The full size, 5,000 points (3,360,000 rows), runs with
// INTEGRATIONS_BULK_POINTS=5000. The default of 300 points keeps the suite
// within minutes on a shared two-core machine.
// The full size passes but takes about 34 minutes on such a machine under
// load (figures in bench/README.md), so it is not the default.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type IntegrationRuntime, startIntegrationRuntime } from "./harness.ts";
import { demoCodes, insertOsosPoints } from "./metering-points.ts";

const stack = inject("stack");
const USER = "test-fetch-readings-bulk";
const POINTS = Number(process.env.INTEGRATIONS_BULK_POINTS ?? 300);
// February 2026: 28 days of 24 hours (Turkey has no daylight saving time).
const HOURS = 28 * 24;
const MAX_CALLS = 20;
// The register readings are left out: the simulator works them out from
// 2024 on for every request, which would dominate the run time.
const REQUEST = {
  period_start: "2026-02-01",
  period_end: "2026-03-01",
  chunk_points: 100,
  index_readings: false,
};

let runtime: IntegrationRuntime;

beforeAll(async () => {
  runtime = await startIntegrationRuntime(stack, {
    simulatorUser: USER,
    // Supabase's free-plan limit, and below the 300 s that Node's fetch
    // waits for response headers.
    wallClockLimitMs: 150_000,
    env: {
      OSOS_CONCURRENCY: "8",
      READINGS_LOOKBACK_HOURS: "1",
      INTEGRATION_REQUEST_TIMEOUT_MS: "60000",
    },
  });
  await insertOsosPoints(runtime.db, demoCodes(POINTS, 4_000_001));
});

afterAll(async () => {
  await runtime?.stop();
});

async function totals() {
  const { rows } = await runtime.db.query(`
    select
      count(*)::integer as hours,
      count(distinct metering_point_id)::integer as points,
      count(distinct job_run_id)::integer as runs
    from public.hourly_readings
  `);

  return rows[0];
}

// Calls the function until a run succeeds; returns its response body and the
// number of calls stopped at the wall-clock limit before it.
async function runToCompletion(): Promise<{
  body: Record<string, unknown> & { counts: Record<string, number> };
  stopped: number;
}> {
  for (let call = 0; call < MAX_CALLS; call++) {
    const response = await runtime.call("fetch-readings", REQUEST);
    const body = await response.json();
    if (response.status === 200) {
      return { body, stopped: call };
    }

    expect(response.status, JSON.stringify(body)).toBe(546);
  }
  throw new Error(`no run succeeded in ${MAX_CALLS} calls`);
}

it(`lands a month for ${POINTS} points once`, async () => {
  const first = await runToCompletion();

  expect(first.body.progress_done).toBe(POINTS);
  expect(first.body.counts.points).toBe(POINTS);
  expect(first.body.counts.hours_received).toBe(POINTS * HOURS);
  expect(first.body.counts.hours_changed).toBe(POINTS * HOURS);

  const afterFirst = await totals();

  expect(afterFirst.hours).toBe(POINTS * HOURS);
  expect(afterFirst.points).toBe(POINTS);

  const second = await runToCompletion();

  expect(second.body.counts.hours_received).toBe(POINTS * HOURS);
  expect(second.body.counts.hours_changed).toBe(0);
  // No row was rewritten: the rows still name the runs that stored them.
  expect(await totals()).toEqual(afterFirst);
}, 3_600_000);
