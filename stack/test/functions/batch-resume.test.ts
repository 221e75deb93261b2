// A batch function killed at the wall-clock limit mid-chunk resumes from its
// persisted cursor without writing anything twice, and a second trigger
// while a run is live is recorded as skipped instead of running in parallel.
import pg from "pg";
import { afterAll, beforeAll, beforeEach, expect, inject, it } from "vitest";
import { type FixtureRuntime, startFixtureRuntime } from "./harness.ts";

const stack = inject("stack");
const CONTRACTS = 5000;
const HANG_AFTER_CONTRACT = 2345;
const CHUNK_SIZE = 200;

let runtime: FixtureRuntime;
let db: pg.Client;

type RunRow = {
  job_run_id: string;
  status: string;
  progress_done: number;
  progress_total: number | null;
  resume_cursor: unknown;
  counts: Record<string, number>;
  error: string | null;
};

beforeAll(async () => {
  runtime = await startFixtureRuntime(stack, { wallClockLimitMs: 2000 });
  db = new pg.Client({ connectionString: runtime.databaseUrl });
  await db.connect();
  await db.query(`
    create table public.function_fixture_contracts (
      contract_id integer primary key
    );
    create table public.function_fixture_invoices (
      contract_id integer not null,
      job_run_id uuid not null
    );
  `);
  await db.query(
    `insert into public.function_fixture_contracts (contract_id)
     select generate_series(1, $1::integer)`,
    [CONTRACTS],
  );
});

afterAll(async () => {
  await db?.end();
  await runtime?.stop();
});

function trigger(body: unknown): Promise<Response> {
  return fetch(`${runtime.functionsUrl}/batch-billing`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

async function jobIsRunning(): Promise<boolean> {
  const { rows } = await db.query<{ running: boolean }>(
    "select private.job_is_running('fixture-billing-run') as running",
  );

  return rows[0]?.running ?? false;
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error("condition not reached within 10 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runs(): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `select * from public.job_runs where job_name = 'fixture-billing-run'
     order by started_at`,
  );

  return rows;
}

beforeEach(async () => {
  await db.query("truncate public.function_fixture_invoices");
  await db.query("delete from public.job_runs");
});

async function invoiceTotals(): Promise<{
  invoices: number;
  contracts: number;
  missing: number;
}> {
  const { rows } = await db.query(`
    select
      count(*)::integer as invoices,
      count(distinct contract_id)::integer as contracts,
      (select count(*)::integer
       from public.function_fixture_contracts as c
       where not exists (
         select from public.function_fixture_invoices as i
         where i.contract_id = c.contract_id
       )) as missing
    from public.function_fixture_invoices
  `);

  return rows[0];
}

it("resumes a killed billing run without doubling", async () => {
  const killed = trigger({ hang_after_contract: HANG_AFTER_CONTRACT });
  await waitFor(jobIsRunning);

  const concurrent = await trigger({});
  const concurrentBody = await concurrent.json();

  expect(concurrent.status).toBe(409);
  expect(concurrentBody.status).toBe("already_running");

  const killedResponse = await killed;

  expect(killedResponse.status).toBe(546);
  expect((await killedResponse.json()).code).toBe("WORKER_LIMIT");

  // The killed worker's connection closes, which releases the job's lock.
  await waitFor(async () => !(await jobIsRunning()));
  const { rows: partial } = await db.query<{ count: number }>(
    "select count(*)::integer as count from public.function_fixture_invoices",
  );
  const committedChunks = Math.floor(HANG_AFTER_CONTRACT / CHUNK_SIZE);

  expect(partial[0]?.count).toBe(committedChunks * CHUNK_SIZE);

  const resumed = await trigger({});
  const resumedBody = await resumed.json();

  expect(resumed.status).toBe(200);
  expect(resumedBody.done).toBe(CONTRACTS);

  expect(await invoiceTotals()).toEqual({
    invoices: CONTRACTS,
    contracts: CONTRACTS,
    missing: 0,
  });

  const [first, skipped, second, ...rest] = await runs();

  expect(rest).toHaveLength(0);
  expect(first?.status).toBe("failed");
  expect(first?.progress_done).toBe(committedChunks * CHUNK_SIZE);
  expect(first?.resume_cursor).toBe(committedChunks * CHUNK_SIZE);
  expect(skipped?.status).toBe("skipped");
  expect(second?.status).toBe("succeeded");
  expect(second?.progress_done).toBe(CONTRACTS);
  expect(second?.progress_total).toBe(CONTRACTS);
  expect(second?.counts).toEqual({ invoices: CONTRACTS });
  expect(second?.resume_cursor).toBe(CONTRACTS);
});

it("keeps running when the caller gives up", async () => {
  // 25 chunks of 60 ms: about 1.5 s, inside the 2 s wall-clock limit.
  const caller = new AbortController();
  const abandoned = fetch(`${runtime.functionsUrl}/batch-billing`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ chunk_delay_ms: 60 }),
    signal: caller.signal,
  });
  await waitFor(jobIsRunning);
  caller.abort();

  await expect(abandoned).rejects.toThrow();
  expect(await jobIsRunning()).toBe(true);

  const retry = await trigger({});

  expect(retry.status).toBe(409);
  expect((await retry.json()).status).toBe("already_running");

  await waitFor(async () => !(await jobIsRunning()));

  expect(await invoiceTotals()).toEqual({
    invoices: CONTRACTS,
    contracts: CONTRACTS,
    missing: 0,
  });
  expect((await runs()).map((run) => run.status)).toEqual([
    "succeeded",
    "skipped",
  ]);
});
