// The stack started by npm start (and by the test setup) runs the scheduler
// against its own database and gateway.
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";

const stack = inject("stack");
const JOB = "stack-scheduler-check";
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.DB_URL });
  await db.connect();
});

afterAll(async () => {
  await db.query("delete from public.scheduled_jobs where name = $1", [JOB]);
  await db.query("delete from public.job_runs where job_name = $1", [JOB]);
  await db.end();
});

it("fires a due job and records the call", async () => {
  // Created two minutes ago with a per-minute schedule, so the current
  // minute's slot is due at the scheduler's next tick.
  await db.query(
    `insert into public.scheduled_jobs
       (name, cron_expression, function_name, body, created_at)
     values ($1, '* * * * *', 'function-that-does-not-exist', '{}',
             now() - interval '2 minutes')`,
    [JOB],
  );
  const deadline = Date.now() + 15_000;
  let rows: Array<{ status: string; http_status: number | null }> = [];
  while (Date.now() < deadline) {
    ({ rows } = await db.query(
      `select status, http_status from public.job_runs
       where job_name = $1 and status <> 'running'
       order by started_at`,
      [JOB],
    ));
    if (rows.length > 0) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await db.query(
    "update public.scheduled_jobs set enabled = false where name = $1",
    [JOB],
  );

  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0]?.status).toBe("failed");
  expect(rows[0]?.http_status).toBe(404);
});
