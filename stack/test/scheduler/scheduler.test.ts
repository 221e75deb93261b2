// The local scheduler with an injected clock against the fixture runtime.
// It evaluates slots in Europe/Istanbul time and fires each once. It skips
// overlapping firings and missed slots (unless the job catches up), and it
// records calls that time out as timed_out rather than as successes.
import pg from "pg";
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
} from "vitest";
import { dueSlot, Scheduler } from "../../src/scheduler/scheduler.ts";
import {
  type FixtureRuntime,
  startFixtureRuntime,
} from "../functions/harness.ts";

const stack = inject("stack");

let runtime: FixtureRuntime;
let db: pg.Client;

type RunRow = {
  job_run_id: string;
  job_name: string;
  status: string;
  scheduled_for: Date | null;
  http_status: number | null;
  error: string | null;
  parent_job_run_id: string | null;
  trigger_kind: string;
};

beforeAll(async () => {
  runtime = await startFixtureRuntime(stack, { wallClockLimitMs: 10_000 });
  db = new pg.Client({ connectionString: runtime.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await runtime?.stop();
});

beforeEach(async () => {
  await db.query("delete from public.job_runs");
  await db.query("delete from public.scheduled_jobs");
});

function schedulerAt(clock: { now: Date }): Scheduler {
  return new Scheduler({
    databaseUrl: runtime.databaseUrl,
    functionsUrl: runtime.functionsUrl,
    serviceRoleKey: stack.SERVICE_ROLE_KEY,
    now: () => clock.now,
    log: () => undefined,
  });
}

async function addJob(job: {
  name: string;
  cron: string;
  functionName: string;
  body: unknown;
  catchUp?: boolean;
  timeout?: string;
  createdAt: string;
}): Promise<void> {
  await db.query(
    `insert into public.scheduled_jobs
       (name, cron_expression, function_name, body, catch_up, timeout,
        created_at)
     values ($1, $2, $3, $4, $5, $6::interval, $7)`,
    [
      job.name,
      job.cron,
      job.functionName,
      JSON.stringify(job.body),
      job.catchUp ?? false,
      job.timeout ?? "30 seconds",
      job.createdAt,
    ],
  );
}

async function runsOf(jobName: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `select * from public.job_runs where job_name = $1
     order by scheduled_for nulls last, started_at`,
    [jobName],
  );

  return rows;
}

describe("dueSlot", () => {
  const base = {
    cron_expression: "0 10 * * *",
    catch_up: false,
    last_slot: new Date("2026-01-04T00:00:00Z"),
  };

  it("evaluates cron in Europe/Istanbul time", () => {
    // 10:00 in Istanbul (UTC+3 all year) is 07:00 UTC.
    const slot = dueSlot(base, new Date("2026-01-05T07:00:20Z"), 60_000, 0);

    expect(slot?.toISOString()).toBe("2026-01-05T07:00:00.000Z");
  });

  it("finds nothing due before the slot", () => {
    const slot = dueSlot(base, new Date("2026-01-05T06:59:59Z"), 60_000, 0);

    expect(slot).toBeUndefined();
  });

  it("skips a slot missed by more than the grace time", () => {
    const slot = dueSlot(base, new Date("2026-01-05T07:05:00Z"), 60_000, 0);

    expect(slot).toBeUndefined();
  });

  it("returns the oldest missed slot when catching up", () => {
    const slot = dueSlot(
      { ...base, catch_up: true, last_slot: new Date("2026-01-02T07:00:00Z") },
      new Date("2026-01-05T07:05:00Z"),
      60_000,
      7 * 24 * 3600_000,
    );

    expect(slot?.toISOString()).toBe("2026-01-03T07:00:00.000Z");
  });
});

describe("scheduler", () => {
  it("fires a due job once and records its run", async () => {
    await addJob({
      name: "daily-reminders",
      cron: "0 10 * * *",
      functionName: "slow-work",
      body: { job: "reminders-work-once", ms: 10 },
      createdAt: "2026-01-05T06:00:00Z",
    });
    const clock = { now: new Date("2026-01-05T07:00:05Z") };
    const scheduler = schedulerAt(clock);
    try {
      const first = await scheduler.tick();
      await scheduler.idle();
      clock.now = new Date("2026-01-05T07:00:40Z");
      const second = await scheduler.tick();
      await scheduler.idle();

      expect(first).toHaveLength(1);
      expect(second).toHaveLength(0);
    } finally {
      await scheduler.stop();
    }
    const runs = await runsOf("daily-reminders");

    expect(runs).toHaveLength(1);
    expect(runs[0]?.status).toBe("succeeded");
    expect(runs[0]?.http_status).toBe(200);
    expect(runs[0]?.trigger_kind).toBe("schedule");
    expect(runs[0]?.scheduled_for?.toISOString()).toBe(
      "2026-01-05T07:00:00.000Z",
    );
    const work = await runsOf("reminders-work-once");

    expect(work).toHaveLength(1);
    expect(work[0]?.parent_job_run_id).toBe(runs[0]?.job_run_id);
  });

  it("skips a firing that overlaps a running run", async () => {
    await addJob({
      name: "every-minute",
      cron: "* * * * *",
      functionName: "slow-work",
      body: { job: "overlap-work", ms: 1500 },
      createdAt: "2026-01-05T06:59:30Z",
    });
    const clock = { now: new Date("2026-01-05T07:00:01Z") };
    const scheduler = schedulerAt(clock);
    try {
      const [first] = await scheduler.tick();
      clock.now = new Date("2026-01-05T07:01:01Z");
      const [second] = await scheduler.tick();
      await scheduler.idle();

      expect(first?.status).toBe("running");
      expect(second?.status).toBe("skipped");
    } finally {
      await scheduler.stop();
    }
    const runs = await runsOf("every-minute");

    expect(runs.map((run) => run.status)).toEqual(["succeeded", "skipped"]);
    expect(runs[1]?.scheduled_for?.toISOString()).toBe(
      "2026-01-05T07:01:00.000Z",
    );
    expect(runs[1]?.error).toContain("already running");
    expect(await runsOf("overlap-work")).toHaveLength(1);
  });

  it("fires a slot once across two schedulers", async () => {
    await addJob({
      name: "two-schedulers",
      cron: "* * * * *",
      functionName: "slow-work",
      body: { job: "two-schedulers-work", ms: 300 },
      createdAt: "2026-01-05T06:59:30Z",
    });
    const clock = { now: new Date("2026-01-05T07:00:01Z") };
    const first = schedulerAt(clock);
    const second = schedulerAt(clock);
    try {
      const firings = await Promise.all([first.tick(), second.tick()]);
      await Promise.all([first.idle(), second.idle()]);

      expect(firings.flat()).toHaveLength(1);
    } finally {
      await first.stop();
      await second.stop();
    }
    const runs = await runsOf("two-schedulers");

    expect(runs).toHaveLength(1);
    expect(runs[0]?.status).toBe("succeeded");
    expect(await runsOf("two-schedulers-work")).toHaveLength(1);
  });

  it("skips slots missed during downtime", async () => {
    await addJob({
      name: "no-catch-up",
      cron: "* * * * *",
      functionName: "slow-work",
      body: { job: "no-catch-up-work", ms: 1 },
      createdAt: "2026-01-05T06:59:30Z",
    });
    const clock = { now: new Date("2026-01-05T07:00:02Z") };
    const scheduler = schedulerAt(clock);
    try {
      await scheduler.tick();
      await scheduler.idle();
      clock.now = new Date("2026-01-05T07:05:30Z");
      await scheduler.tick();
      await scheduler.idle();
      await scheduler.tick();
      await scheduler.idle();
    } finally {
      await scheduler.stop();
    }
    const slots = (await runsOf("no-catch-up")).map((run) =>
      run.scheduled_for?.toISOString(),
    );

    expect(slots).toEqual([
      "2026-01-05T07:00:00.000Z",
      "2026-01-05T07:05:00.000Z",
    ]);
  });

  it("runs missed slots in order for catch_up jobs", async () => {
    await addJob({
      name: "with-catch-up",
      cron: "* * * * *",
      functionName: "slow-work",
      body: { job: "catch-up-work", ms: 1 },
      catchUp: true,
      createdAt: "2026-01-05T06:59:30Z",
    });
    const clock = { now: new Date("2026-01-05T07:00:02Z") };
    const scheduler = schedulerAt(clock);
    try {
      await scheduler.tick();
      await scheduler.idle();
      clock.now = new Date("2026-01-05T07:03:30Z");
      for (let tick = 0; tick < 5; tick += 1) {
        await scheduler.tick();
        await scheduler.idle();
      }
    } finally {
      await scheduler.stop();
    }
    const runs = await runsOf("with-catch-up");

    expect(runs.map((run) => run.scheduled_for?.toISOString())).toEqual([
      "2026-01-05T07:00:00.000Z",
      "2026-01-05T07:01:00.000Z",
      "2026-01-05T07:02:00.000Z",
      "2026-01-05T07:03:00.000Z",
    ]);
    expect(runs.every((run) => run.status === "succeeded")).toBe(true);
  });

  it("ignores disabled jobs", async () => {
    await addJob({
      name: "disabled-job",
      cron: "* * * * *",
      functionName: "slow-work",
      body: { job: "disabled-work", ms: 1 },
      createdAt: "2026-01-05T06:59:30Z",
    });
    await db.query(
      "update public.scheduled_jobs set enabled = false where name = $1",
      ["disabled-job"],
    );
    const scheduler = schedulerAt({ now: new Date("2026-01-05T07:00:02Z") });
    try {
      expect(await scheduler.tick()).toHaveLength(0);
    } finally {
      await scheduler.stop();
    }
  });
});

describe("work runs", () => {
  it("drop an unknown parent run id", async () => {
    const response = await fetch(`${runtime.functionsUrl}/slow-work`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
        "x-job-run-id": "0f8e4a52-9a43-4b1e-8f0e-3c1d2b7a6e55",
      },
      body: JSON.stringify({ job: "unknown-parent-work", ms: 1 }),
    });

    expect(response.status).toBe(200);
    const [run] = await runsOf("unknown-parent-work");

    expect(run?.status).toBe("succeeded");
    expect(run?.parent_job_run_id).toBeNull();
    expect(run?.trigger_kind).toBe("manual");
  });
});

describe("scheduled call timeouts", () => {
  const slow = { job: "payment-reminders", ms: 1200 };

  it("records a call past the job's timeout as timed_out", async () => {
    await addJob({
      name: "reminders-short-timeout",
      cron: "*/5 * * * *",
      functionName: "slow-work",
      body: { ...slow, job: "reminders-short-work" },
      timeout: "300 milliseconds",
      createdAt: "2026-01-05T06:59:30Z",
    });
    const scheduler = schedulerAt({ now: new Date("2026-01-05T07:00:01Z") });
    try {
      await scheduler.tick();
      await scheduler.idle();
    } finally {
      await scheduler.stop();
    }
    const [run] = await runsOf("reminders-short-timeout");

    expect(run?.status).toBe("timed_out");
    expect(run?.http_status).toBeNull();
    expect(run?.error).toContain("300 ms");
  });

  it("records HTTP 200 and one completed work run", async () => {
    await addJob({
      name: "reminders-long-timeout",
      cron: "*/5 * * * *",
      functionName: "slow-work",
      body: { ...slow, job: "reminders-long-work" },
      timeout: "30 seconds",
      createdAt: "2026-01-05T06:59:30Z",
    });
    const scheduler = schedulerAt({ now: new Date("2026-01-05T07:00:01Z") });
    try {
      await scheduler.tick();
      await scheduler.idle();
    } finally {
      await scheduler.stop();
    }
    const [run] = await runsOf("reminders-long-timeout");
    const work = await runsOf("reminders-long-work");

    expect(run?.status).toBe("succeeded");
    expect(run?.http_status).toBe(200);
    expect(work).toHaveLength(1);
    expect(work[0]?.status).toBe("succeeded");
  });
});

describe("runs started by an admin", () => {
  // Opens a run as public.run_scheduled_job_now does where pg_net is
  // missing: running, trigger_kind run_now, no pg_net request id.
  async function openRunNow(jobName: string): Promise<string> {
    const { rows } = await db.query<{ job_run_id: string }>(
      `insert into public.job_runs (job_name, function_name, trigger_kind)
       select name, function_name, 'run_now'
       from public.scheduled_jobs where name = $1
       returning job_run_id`,
      [jobName],
    );

    return rows[0]?.job_run_id ?? "";
  }

  it("calls a run once across two schedulers", async () => {
    await addJob({
      name: "run-now-once",
      cron: "0 4 1 1 *",
      functionName: "slow-work",
      body: { job: "run-now-once-work", ms: 300 },
      createdAt: "2026-01-05T06:59:30Z",
    });
    const jobRunId = await openRunNow("run-now-once");
    const clock = { now: new Date("2026-01-05T07:00:01Z") };
    const first = schedulerAt(clock);
    const second = schedulerAt(clock);
    try {
      await Promise.all([first.tick(), second.tick()]);
      await Promise.all([first.idle(), second.idle()]);
      await first.tick();
      await first.idle();
    } finally {
      await first.stop();
      await second.stop();
    }
    const runs = await runsOf("run-now-once");

    expect(runs).toHaveLength(1);
    expect(runs[0]?.job_run_id).toBe(jobRunId);
    expect(runs[0]?.status).toBe("succeeded");
    expect(runs[0]?.http_status).toBe(200);
    const work = await runsOf("run-now-once-work");
    expect(work).toHaveLength(1);
    expect(work[0]?.parent_job_run_id).toBe(jobRunId);
  });

  it("skips a slot due while it runs", async () => {
    await addJob({
      name: "run-now-overlap",
      cron: "* * * * *",
      functionName: "slow-work",
      body: { job: "run-now-overlap-work", ms: 1500 },
      createdAt: "2026-01-05T06:59:30Z",
    });
    await openRunNow("run-now-overlap");
    const clock = { now: new Date("2026-01-05T07:00:01Z") };
    const scheduler = schedulerAt(clock);
    try {
      const firings = await scheduler.tick();
      await scheduler.idle();

      expect(firings.map((firing) => firing.status)).toEqual(["skipped"]);
    } finally {
      await scheduler.stop();
    }
    const runs = await runsOf("run-now-overlap");

    expect(runs.map((run) => run.trigger_kind)).toEqual([
      "schedule",
      "run_now",
    ]);
    expect(runs.map((run) => run.status)).toEqual(["skipped", "succeeded"]);
  });
});
