// fetch-readings fired by the scheduler from a public.scheduled_jobs row,
// as cron would, while the OSOS simulator responds slowly to load profile
// requests. With a timeout shorter than the function's run, the scheduled
// run is recorded as timed_out with no HTTP status (never as succeeded)
// before the next slot, and the scheduler logs it. With a timeout long
// enough, the run is recorded with HTTP 200 and the function's own run
// shows one completed run linked to it.
import { afterAll, beforeAll, beforeEach, expect, inject, it } from "vitest";
import { Scheduler } from "../../stack/src/scheduler/scheduler.ts";
import {
  clearOsosFaults,
  type IntegrationRuntime,
  setOsosFault,
  startIntegrationRuntime,
} from "./harness.ts";
import { demoCodes, insertOsosPoints } from "./metering-points.ts";

const stack = inject("stack");
const USER = "test-scheduled-fetch-readings";
const POINTS = 2;
// Delay of the simulator's response to every load profile request.
const OSOS_DELAY_MS = 2500;
const BODY = {
  period_start: "2026-03-10",
  period_end: "2026-03-11",
  index_readings: false,
};
// The job runs every five minutes. Its first slot is 10:00 in Istanbul.
const SLOT = new Date("2026-03-12T07:00:00Z");
const CYCLE_MS = 5 * 60_000;

type RunRow = {
  job_run_id: string;
  status: string;
  http_status: number | null;
  error: string | null;
  scheduled_for: Date | null;
  finished_at: Date | null;
  parent_job_run_id: string | null;
  progress_done: number;
};

let runtime: IntegrationRuntime;

beforeAll(async () => {
  runtime = await startIntegrationRuntime(stack, {
    simulatorUser: USER,
    wallClockLimitMs: 60_000,
    env: { INTEGRATION_REQUEST_TIMEOUT_MS: "30000" },
  });
  await insertOsosPoints(runtime.db, demoCodes(POINTS, 5_000_001));
  await setOsosFault(stack, {
    scope: USER,
    delayMs: OSOS_DELAY_MS,
    pathContains: "load-profile",
  });
});

afterAll(async () => {
  await clearOsosFaults(stack, USER);
  await runtime?.stop();
});

beforeEach(async () => {
  await waitUntilIdle();
  await runtime.db.query(`
    delete from public.scheduled_jobs;
    truncate public.hourly_readings;
    delete from public.job_runs;
  `);
});

// Waits until no process holds the lock of the function's own job.
async function waitUntilIdle(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await runtime.db.query<{ running: boolean }>(
      "select private.job_is_running('fetch-readings') as running",
    );
    if (!rows[0]?.running) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error("fetch-readings is still running after 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Waits until the function's own run started by a scheduled run has
// finished. The function may open it after the scheduler stopped waiting.
async function waitForWorkOf(parentJobRunId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await runtime.db.query<{ status: string }>(
      `select status from public.job_runs
       where job_name = 'fetch-readings' and parent_job_run_id = $1`,
      [parentJobRunId],
    );
    if (rows.length > 0 && rows.every((row) => row.status !== "running")) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no finished fetch-readings run of ${parentJobRunId} after 60 s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function addJob(name: string, timeout: string): Promise<void> {
  await runtime.db.query(
    `insert into public.scheduled_jobs
       (name, cron_expression, function_name, body, timeout, created_at)
     values ($1, '*/5 * * * *', 'fetch-readings', $2, $3::interval, $4)`,
    [name, JSON.stringify(BODY), timeout, new Date(SLOT.getTime() - 60_000)],
  );
}

async function runsOf(jobName: string): Promise<RunRow[]> {
  const { rows } = await runtime.db.query<RunRow>(
    `select job_run_id, status, http_status, error, scheduled_for,
            finished_at, parent_job_run_id, progress_done
     from public.job_runs where job_name = $1 order by started_at`,
    [jobName],
  );

  return rows;
}

// Fires the slot at 10:00:01 and waits until the call is recorded.
async function fireSlot(logs: string[]): Promise<void> {
  const scheduler = new Scheduler({
    databaseUrl: runtime.databaseUrl,
    functionsUrl: runtime.functionsUrl,
    serviceRoleKey: stack.SERVICE_ROLE_KEY,
    now: () => new Date(SLOT.getTime() + 1000),
    log: (line) => logs.push(line),
  });
  try {
    const firings = await scheduler.tick();

    expect(firings.map((firing) => firing.status)).toEqual(["running"]);

    await scheduler.idle();
  } finally {
    await scheduler.stop();
  }
}

it("records a slow call as timed_out", async () => {
  const logs: string[] = [];
  await addJob("readings-short-timeout", "1 second");
  const started = Date.now();
  await fireSlot(logs);
  const elapsedMs = Date.now() - started;
  const [run] = await runsOf("readings-short-timeout");

  expect(run?.status, run?.error ?? "").toBe("timed_out");
  expect(run?.http_status).toBeNull();
  expect(run?.error).toContain("1000 ms");
  expect(run?.scheduled_for?.toISOString()).toBe(SLOT.toISOString());
  // Recorded when the timeout ran out, before the next slot was due.
  expect(elapsedMs).toBeLessThan(CYCLE_MS);
  expect(run?.finished_at).not.toBeNull();
  expect(
    logs.some((line) => line.includes(`run ${run?.job_run_id} timed_out`)),
  ).toBe(true);

  // The next test's call would find the job locked by this late run.
  await waitForWorkOf(run?.job_run_id as string);
}, 120_000);

it("records the function's late finish separately", async () => {
  const logs: string[] = [];
  await addJob("readings-short-timeout", "1 second");
  await fireSlot(logs);
  const [scheduled] = await runsOf("readings-short-timeout");
  await waitForWorkOf(scheduled?.job_run_id as string);
  const work = await runsOf("fetch-readings");

  // The function kept working after the scheduler stopped waiting. Its own
  // run records the finish, and the scheduled run stays timed_out.
  expect(scheduled?.status, scheduled?.error ?? "").toBe("timed_out");
  expect(work).toHaveLength(1);
  expect(work[0]?.parent_job_run_id).toBe(scheduled?.job_run_id);
  expect(work[0]?.status).toBe("succeeded");
  expect(work[0]?.progress_done).toBe(POINTS);
}, 120_000);

it("records HTTP 200 and one completed run", async () => {
  const logs: string[] = [];
  await addJob("readings-long-timeout", "30 seconds");
  await fireSlot(logs);
  const [scheduled] = await runsOf("readings-long-timeout");
  const work = await runsOf("fetch-readings");
  const { rows } = await runtime.db.query<{ hours: number }>(
    "select count(*)::integer as hours from public.hourly_readings",
  );

  expect(scheduled?.status).toBe("succeeded");
  expect(scheduled?.http_status).toBe(200);
  expect(scheduled?.error).toBeNull();
  expect(work).toHaveLength(1);
  expect(work[0]?.status).toBe("succeeded");
  expect(work[0]?.parent_job_run_id).toBe(scheduled?.job_run_id);
  expect(work[0]?.progress_done).toBe(POINTS);
  // One day of 24 hours per point, stored once.
  expect(rows[0]?.hours).toBe(POINTS * 24);
  expect(logs).toEqual([]);
}, 120_000);
