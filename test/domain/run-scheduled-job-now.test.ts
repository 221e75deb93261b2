// public.run_scheduled_job_now over REST. Only admins may start a job now.
// The run is recorded in job_runs with the admin's staff id, and the
// stack's scheduler calls and finishes it as it does a scheduled slot.
import { SignJWT } from "jose";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { ACTORS, type Actor, createFixture, type Fixture } from "./fixture.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

type RunRow = {
  job_run_id: string;
  job_name: string;
  trigger_kind: string;
  status: string;
  triggered_by_staff_id: string | null;
  http_status: number | null;
  error: string | null;
};

async function tokenFor(actor: Actor): Promise<string> {
  if (actor === "anon") {
    return stack.ANON_KEY;
  }

  return new SignJWT({ sub: fixture.userIds[actor], role: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience("authenticated")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(stack.JWT_SECRET));
}

async function runNow(
  actor: Actor,
  jobName: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.REST_URL}/rpc/run_scheduled_job_now`, {
    method: "POST",
    headers: {
      apikey: stack.ANON_KEY,
      authorization: `Bearer ${await tokenFor(actor)}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ p_job_name: jobName }),
  });

  return { status: response.status, body: await response.json() };
}

async function runNowRuns(jobName: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `select * from public.job_runs
     where job_name = $1 and trigger_kind = 'run_now'
     order by started_at`,
    [jobName],
  );

  return rows;
}

async function waitForFinish(jobRunId: string): Promise<RunRow | undefined> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<RunRow>(
      `select * from public.job_runs
       where job_run_id = $1 and status <> 'running'`,
      [jobRunId],
    );
    if (rows[0]) {
      return rows[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return undefined;
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db.end();
});

describe("run_scheduled_job_now", () => {
  it("refuses every actor but admins", async () => {
    const refused = ACTORS.filter((actor) => actor !== "admin");
    for (const actor of refused) {
      const { status, body } = await runNow(actor, fixture.scheduledJobName);

      expect([401, 403], `${actor} status`).toContain(status);
      expect((body as { code: string }).code, `${actor} code`).toBe("42501");
    }

    expect(await runNowRuns(fixture.scheduledJobName)).toEqual([]);
  });

  it("records and calls an admin's run", async () => {
    const { status, body } = await runNow("admin", fixture.scheduledJobName);

    expect(status).toBe(200);
    const run = body as RunRow;
    expect(run.job_name).toBe(fixture.scheduledJobName);
    expect(run.trigger_kind).toBe("run_now");
    expect(run.status).toBe("running");
    expect(run.triggered_by_staff_id).toBe(fixture.staffIds.admin);

    // The fixture's job calls a function that does not exist, so the
    // scheduler's call ends with the functions API's 404.
    const finished = await waitForFinish(run.job_run_id);
    expect(finished?.status).toBe("failed");
    expect(finished?.http_status).toBe(404);
    expect(finished?.triggered_by_staff_id).toBe(fixture.staffIds.admin);
  });

  it("records a skipped run while one runs", async () => {
    const running = await db.query<{ job_run_id: string }>(
      `insert into public.job_runs (job_name, function_name)
       values ($1, 'matrix-fixture')
       returning job_run_id`,
      [fixture.scheduledJobName],
    );
    try {
      const { status, body } = await runNow("admin", fixture.scheduledJobName);

      expect(status).toBe(200);
      const run = body as RunRow;
      expect(run.status).toBe("skipped");
      expect(run.trigger_kind).toBe("run_now");
      expect(run.error).toBe("A run of this job is already running");
    } finally {
      await db.query(
        `update public.job_runs
         set status = 'succeeded', finished_at = now()
         where job_run_id = $1`,
        [running.rows[0]?.job_run_id],
      );
    }
  });

  it("rejects an unknown job", async () => {
    const { body } = await runNow("admin", `${fixture.scheduledJobName}-none`);

    expect(body).toMatchObject({
      code: "P0002",
      message: `Scheduled job ${fixture.scheduledJobName}-none not found`,
    });
  });
});
