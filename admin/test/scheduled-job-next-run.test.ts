// The next run that the scheduled job list shows must be the slot that the
// stack's scheduler fires and that the SQL matcher of the pg_cron
// dispatcher accepts, all in Istanbul time.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dueSlot } from "../../stack/src/scheduler/scheduler.ts";
import { nextRunAt } from "../src/resources/scheduled-jobs/next-run.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.DB_URL });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

// 2026-03-27 22:10 UTC is 2026-03-28 01:10 in Istanbul (UTC+3 all year).
const AFTER = new Date("2026-03-27T22:10:00Z");

describe("nextRunAt", () => {
  it("reads the expression in Istanbul time", () => {
    // 02:30 Istanbul on the 28th is 23:30 UTC on the 27th.
    expect(nextRunAt("30 2 * * *", AFTER)?.toISOString()).toBe(
      "2026-03-27T23:30:00.000Z",
    );
    // Saturday the 28th in Istanbul, though still Friday in UTC.
    expect(nextRunAt("0 9 * * 6", AFTER)?.toISOString()).toBe(
      "2026-03-28T06:00:00.000Z",
    );
  });

  it("returns null for an invalid expression", () => {
    expect(nextRunAt("61 * * * *", AFTER)).toBeNull();
  });

  for (const expression of [
    "30 2,5 * * *",
    "30 14,16 * * *",
    "0 18 17-20 * *",
    "*/5 * * * *",
    "5 0 * * *",
  ]) {
    it(`agrees with both schedulers for "${expression}"`, async () => {
      const next = nextRunAt(expression, AFTER);
      const yearMs = 366 * 24 * 3600 * 1000;
      const fired = dueSlot(
        { cron_expression: expression, catch_up: true, last_slot: AFTER },
        new Date(AFTER.getTime() + yearMs),
        60_000,
        2 * yearMs,
      );

      expect(next?.toISOString()).toBe(fired?.toISOString());
      const { rows } = await db.query<{ matches: boolean }>(
        `select private.cron_matches(
           $1, $2::timestamptz at time zone 'Europe/Istanbul') as matches`,
        [expression, next?.toISOString()],
      );
      expect(rows[0]?.matches).toBe(true);
    });
  }
});
