// The SQL cron matcher that the pg_cron dispatcher uses on Supabase must
// agree with cron-parser, which the local scheduler uses.
import { CronExpressionParser } from "cron-parser";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.DB_URL });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

// Four days across a month end, with a Friday (27th), a Sunday (1st) and a
// Monday (2nd).
const WINDOW_START = "2026-02-27T00:00:00";
const WINDOW_END = "2026-03-03T00:00:00";

const EXPRESSIONS = [
  "* * * * *",
  "*/5 9-17 * * 1-5",
  "0 10 * * *",
  "30 2 1 * *",
  "0 0 13 * 5",
  "0 6 2 * 0",
  "15,45 */2 * * 0",
  "0 8 * * 7",
  "5/20 3 * * *",
  "0 0 1-7 * 1",
  "0 12 */10 * *",
  "59 23 28-31 2,3 *",
];

function parserMatches(expression: string): string[] {
  const end = new Date(`${WINDOW_END}Z`).getTime();
  const iterator = CronExpressionParser.parse(expression, {
    tz: "UTC",
    currentDate: new Date(new Date(`${WINDOW_START}Z`).getTime() - 1),
  });
  const matches: string[] = [];
  for (;;) {
    const next = iterator.next().toDate();
    if (next.getTime() > end) {
      return matches;
    }
    matches.push(next.toISOString().slice(0, 19));
  }
}

async function sqlMatches(expression: string): Promise<string[]> {
  const { rows } = await db.query<{ minute: string }>(
    `select to_char(m, 'YYYY-MM-DD"T"HH24:MI:SS') as minute
     from generate_series($2::timestamp, $3::timestamp, interval '1 minute') as m
     where private.cron_matches($1, m)
     order by m`,
    [expression, WINDOW_START, WINDOW_END],
  );

  return rows.map((row) => row.minute);
}

describe("private.cron_matches", () => {
  for (const expression of EXPRESSIONS) {
    it(`matches cron-parser for "${expression}"`, async () => {
      const expected = parserMatches(expression);

      expect(expected.length).toBeGreaterThan(0);
      expect(await sqlMatches(expression)).toEqual(expected);
    });
  }

  it("rejects malformed expressions", async () => {
    for (const expression of ["* * * *", "61 * * * *", "a * * * *"]) {
      await expect(
        db.query("select private.cron_matches($1, now()::timestamp)", [
          expression,
        ]),
        expression,
      ).rejects.toThrow(/Invalid cron/);
    }
  });
});

describe("scheduled_jobs", () => {
  it("rejects a job with an invalid cron expression", async () => {
    await expect(
      db.query(
        `insert into public.scheduled_jobs (name, cron_expression, function_name)
         values ('invalid-cron-job', '0 25 * * *', 'some-function')`,
      ),
    ).rejects.toThrow(/Invalid cron field "25"/);
  });

  it("skips pg_cron registration without pg_cron", async () => {
    const { rows } = await db.query<{ registered: boolean }>(
      "select private.register_scheduled_jobs() as registered",
    );

    expect(rows[0]?.registered).toBe(false);
  });

  it("hides job runs from anon and authenticated", async () => {
    await db.query(
      `insert into public.job_runs (job_name, status, finished_at)
       values ('visibility-check', 'succeeded', now())`,
    );
    const { rows: all } = await db.query(
      "select count(*)::integer as count from public.job_runs",
    );

    expect(all[0]?.count).toBeGreaterThan(0);
    for (const role of ["anon", "authenticated"]) {
      await db.query("begin");
      await db.query(`set local role ${role}`);
      const { rows } = await db.query(
        "select count(*)::integer as count from public.job_runs",
      );
      await db.query("rollback");

      expect(rows[0]?.count, role).toBe(0);
    }
  });
});
