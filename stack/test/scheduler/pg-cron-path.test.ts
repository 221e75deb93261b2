// The path Supabase runs (pg_cron calls the dispatcher, pg_net makes the
// HTTP call, the reconciler records the response), in a scratch database
// where stand-ins replace pg_net's API and Vault's view. Only the network
// is imitated: the dispatcher, firing and reconciliation run as on Supabase.
import pg from "pg";
import { afterAll, beforeAll, beforeEach, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../functions/harness.ts";

const stack = inject("stack");
let database: { url: string; drop: () => Promise<void> };
let db: pg.Client;

// pg_net's http_post signature; the stand-in queues the request instead of
// sending it, and tests write responses into net._http_response.
const PG_NET_STAND_IN = `
  create schema net;
  create table net.http_requests (
    id bigint generated always as identity primary key,
    url text, body jsonb, headers jsonb, timeout_milliseconds integer
  );
  create table net._http_response (
    id bigint, status_code integer, content_type text, headers jsonb,
    content text, timed_out boolean, error_msg text,
    created timestamptz not null default now()
  );
  create function net.http_post(
    url text,
    body jsonb default '{}'::jsonb,
    params jsonb default '{}'::jsonb,
    headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
    timeout_milliseconds integer default 5000
  ) returns bigint language sql as $$
    insert into net.http_requests (url, body, headers, timeout_milliseconds)
    values (url, body, headers, timeout_milliseconds)
    returning id
  $$;
  create schema vault;
  create table vault.decrypted_secrets (name text, decrypted_secret text);
  insert into vault.decrypted_secrets values
    ('project_url', 'https://project-ref.supabase.co/'),
    ('service_role_key', 'service-role-key-value');
`;

type RunRow = {
  job_run_id: string;
  job_name: string;
  status: string;
  http_status: number | null;
  error: string | null;
  net_request_id: string | null;
  scheduled_for: Date | null;
};

beforeAll(async () => {
  database = await createMigratedDatabase(stack);
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  await db.query(PG_NET_STAND_IN);
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

beforeEach(async () => {
  await db.query("delete from public.job_runs");
  await db.query("delete from public.scheduled_jobs");
  await db.query("truncate net.http_requests, net._http_response");
});

async function addMinutelyJob(name: string, timeout: string): Promise<void> {
  await db.query(
    `insert into public.scheduled_jobs
       (name, cron_expression, function_name, body, timeout, created_at)
     values ($1, '* * * * *', 'send-payment-reminders', '{"batch": 1}',
             $2::interval, now() - interval '2 minutes')`,
    [name, timeout],
  );
}

async function runOf(name: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    "select * from public.job_runs where job_name = $1 order by started_at",
    [name],
  );

  return rows;
}

it("posts the due job through pg_net with its timeout", async () => {
  await addMinutelyJob("reminders", "30 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");

  const [run] = await runOf("reminders");
  const { rows: requests } = await db.query("select * from net.http_requests");

  expect(run?.status).toBe("running");
  expect(requests).toHaveLength(1);
  expect(String(run?.net_request_id)).toBe(String(requests[0].id));
  expect(requests[0].url).toBe(
    "https://project-ref.supabase.co/functions/v1/send-payment-reminders",
  );
  expect(requests[0].body).toEqual({ batch: 1 });
  expect(requests[0].timeout_milliseconds).toBe(30_000);
  expect(requests[0].headers.Authorization).toBe(
    "Bearer service-role-key-value",
  );
  expect(requests[0].headers["x-job-run-id"]).toBe(run?.job_run_id);
});

it("fires a slot once however often it dispatches", async () => {
  await addMinutelyJob("reminders", "30 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");
  await db.query("select private.dispatch_scheduled_jobs()");

  expect(await runOf("reminders")).toHaveLength(1);
});

it("records a pg_net timeout as timed_out", async () => {
  await addMinutelyJob("reminders", "2 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");
  const [fired] = await runOf("reminders");
  await db.query(
    `insert into net._http_response (id, status_code, timed_out, error_msg)
     values ($1, null, null, 'Timeout was reached')`,
    [fired?.net_request_id],
  );
  await db.query("select private.reconcile_job_runs()");

  const [run] = await runOf("reminders");

  expect(run?.status).toBe("timed_out");
  expect(run?.http_status).toBeNull();
  expect(run?.error).toBe("Timeout was reached");
});

it("records HTTP 200 as succeeded", async () => {
  await addMinutelyJob("reminders", "30 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");
  const [fired] = await runOf("reminders");
  await db.query(
    `insert into net._http_response (id, status_code, timed_out, content)
     values ($1, 200, false, '{"sent": 3}')`,
    [fired?.net_request_id],
  );
  await db.query("select private.reconcile_job_runs()");

  const [run] = await runOf("reminders");

  expect(run?.status).toBe("succeeded");
  expect(run?.http_status).toBe(200);
  expect(run?.error).toBeNull();
});

it("records an error status as failed with the body", async () => {
  await addMinutelyJob("reminders", "30 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");
  const [fired] = await runOf("reminders");
  await db.query(
    `insert into net._http_response (id, status_code, timed_out, content)
     values ($1, 546, false, '{"code":"WORKER_LIMIT"}')`,
    [fired?.net_request_id],
  );
  await db.query("select private.reconcile_job_runs()");

  const [run] = await runOf("reminders");

  expect(run?.status).toBe("failed");
  expect(run?.http_status).toBe(546);
  expect(run?.error).toBe('HTTP 546: {"code":"WORKER_LIMIT"}');
});

it("times out a call that never got a response", async () => {
  await addMinutelyJob("reminders", "2 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");
  await db.query(
    "update public.job_runs set started_at = now() - interval '10 minutes'",
  );
  await db.query("select private.reconcile_job_runs()");

  const [run] = await runOf("reminders");

  expect(run?.status).toBe("timed_out");
  expect(run?.error).toContain("No response");
});

it("skips a slot while the previous call is running", async () => {
  await addMinutelyJob("reminders", "30 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");
  await db.query(
    "select private.fire_scheduled_job('reminders', date_trunc('minute', now()) + interval '1 minute')",
  );

  const runs = await runOf("reminders");

  expect(runs.map((run) => run.status)).toEqual(["running", "skipped"]);
  const { rows } = await db.query(
    "select count(*)::integer as count from net.http_requests",
  );

  expect(rows[0].count).toBe(1);
});

it("fails the run when Vault lacks the secrets", async () => {
  await db.query(
    "delete from vault.decrypted_secrets where name = 'project_url'",
  );
  try {
    await addMinutelyJob("reminders", "30 seconds");
    await db.query("select private.dispatch_scheduled_jobs()");
  } finally {
    await db.query(
      "insert into vault.decrypted_secrets values ('project_url', 'https://project-ref.supabase.co/')",
    );
  }

  const [run] = await runOf("reminders");

  expect(run?.status).toBe("failed");
  expect(run?.error).toContain("project_url");
});

it("fires the current minute for jobs without catch_up", async () => {
  await addMinutelyJob("reminders", "30 seconds");
  await db.query("select private.dispatch_scheduled_jobs()");
  const { rows } = await db.query<{ on_time: boolean }>(
    `select scheduled_for = date_trunc('minute', now()) as on_time
     from public.job_runs where job_name = 'reminders'`,
  );

  expect(rows).toEqual([{ on_time: true }]);
});

it("fires the oldest missed slot for catch_up jobs", async () => {
  await db.query(
    `insert into public.scheduled_jobs
       (name, cron_expression, function_name, catch_up, created_at)
     values ('catching-up', '* * * * *', 'send-payment-reminders', true,
             now() - interval '3 minutes')`,
  );
  await db.query("select private.dispatch_scheduled_jobs()");
  const { rows } = await db.query<{ minutes_ago: number }>(
    `select extract(epoch from date_trunc('minute', now()) - scheduled_for)
              / 60 as minutes_ago
     from public.job_runs where job_name = 'catching-up'`,
  );

  expect(rows.map((row) => Number(row.minutes_ago))).toEqual([2]);
});
