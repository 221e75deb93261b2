// The import-market-file function through real HTTP. An admin uploads an
// EPİAŞ export to the market-imports bucket, and the function imports it
// with the CLI's importer and records progress in a job run. A malformed
// file stores nothing. The bucket, the function and the price table reject
// a sales consultant.
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import ExcelJS from "exceljs";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { clientFor, signUser } from "../../stack/test/rest/helpers.ts";
import { connect } from "../db.ts";
import {
  decimalPrice,
  epiasPtfCsv,
  type HourPrice,
  hourPrices,
} from "./epias-csv.ts";

const stack = inject("stack");
const FUNCTION_URL = `${stack.API_URL}/functions/v1/import-market-file`;
let db: pg.Client;
const tokens: Record<"admin" | "manager" | "consultant", string> = {
  admin: "",
  manager: "",
  consultant: "",
};

async function userToken(email: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "select id from auth.users where email = $1",
    [email],
  );
  const id = rows[0]?.id;
  if (!id) {
    throw new Error(`The demo login ${email} is missing`);
  }

  return (await signUser(stack.JWT_SECRET, id as ReturnType<typeof randomUUID>))
    .token;
}

async function staffIdOf(email: string): Promise<string | undefined> {
  const { rows } = await db.query<{ staff_id: string }>(
    `select account.staff_id from public.app_users as account
       join auth.users as login on login.id = account.user_id
      where login.email = $1`,
    [email],
  );

  return rows[0]?.staff_id;
}

function storageAs(token: string): SupabaseClient {
  return clientFor(stack.API_URL, stack.ANON_KEY, token);
}

async function upload(token: string, name: string, text: string) {
  const path = `${randomUUID()}/${name}`;
  const result = await storageAs(token)
    .storage.from("market-imports")
    .upload(path, new Blob([text], { type: "text/csv" }));

  return { path, error: result.error };
}

async function callImport(token: string, body: unknown): Promise<Response> {
  return fetch(FUNCTION_URL, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      apikey: stack.ANON_KEY,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

async function storedPrices(
  from: Date,
  to: Date,
): Promise<Map<number, string>> {
  const { rows } = await db.query<{ hour_start: Date; price: string }>(
    `select hour_start, price_try_per_mwh::text as price
       from public.ptf_hourly_prices
      where hour_start >= $1 and hour_start < $2`,
    [from, to],
  );

  return new Map(rows.map((row) => [row.hour_start.getTime(), row.price]));
}

function periodOf(hours: HourPrice[]): [Date, Date] {
  const first = hours[0]?.hourStartUtc as Date;
  const last = hours.at(-1)?.hourStartUtc as Date;

  return [first, new Date(last.getTime() + 3_600_000)];
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  tokens.admin = await userToken("admin@demo.enerji.test");
  tokens.manager = await userToken("manager@demo.enerji.test");
  tokens.consultant = await userToken("consultant@demo.enerji.test");
});

afterAll(async () => {
  await db?.query(
    `delete from public.ptf_hourly_prices
      where hour_start >= '2031-03-01' and hour_start < '2034-01-02'`,
  );
  await db?.end();
});

describe("import-market-file function", () => {
  // Two days of March 2031 at 100,00 TL/MWh plus 123,45 per hour, so
  // that later hours have a thousands dot.
  const march = hourPrices(
    "2031-03-10",
    2,
    (index) => 10000n + 12345n * BigInt(index),
  );

  it("imports an EPİAŞ export with Turkish numbers", async () => {
    const { path, error } = await upload(
      tokens.admin,
      "ptf-mart-2031.csv",
      epiasPtfCsv(march),
    );
    expect(error).toBeNull();

    const response = await callImport(tokens.admin, { path });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.reports).toHaveLength(1);
    expect(body.reports[0].file).toBe("ptf-mart-2031.csv");
    expect(body.reports[0].table).toBe("public.ptf_hourly_prices");
    expect(body.reports[0].rows).toBe(48);
    expect(body.reports[0].number_profile).toBe("tr");
    expect(body.reports[0].replaced).toBe(
      `${march[0]?.hourStartUtc.toISOString()} to ` +
        `${march.at(-1)?.hourStartUtc.toISOString()}`,
    );
    expect(body.reports[0].replaced_scope).toEqual({
      kind: "period",
      from: march[0]?.hourStartUtc.toISOString(),
      to: march.at(-1)?.hourStartUtc.toISOString(),
    });

    const stored = await storedPrices(...periodOf(march));
    expect(stored.size).toBe(48);
    for (const hour of march) {
      expect(stored.get(hour.hourStartUtc.getTime())).toBe(
        decimalPrice(hour.priceKurus),
      );
    }
    // 10 March 2031 00:00 in Istanbul is 21:00 UTC the day before.
    expect(stored.get(Date.parse("2031-03-09T21:00:00Z"))).toBe("100.00");
    // 11:00 in Istanbul: 100,00 + 11 × 123,45.
    expect(stored.get(Date.parse("2031-03-10T08:00:00Z"))).toBe("1457.95");

    const run = await db.query(
      "select * from public.job_runs where job_run_id = $1",
      [body.job_run_id],
    );
    expect(run.rows[0]?.job_name).toBe(`import-market-file:${path}`);
    expect(run.rows[0]?.display_name).toBe(
      "import-market-file: ptf-mart-2031.csv",
    );
    expect(run.rows[0]?.status).toBe("succeeded");
    // Progress is in rows: 48 rows, all parsed and stored.
    expect(run.rows[0]?.progress_total).toBe(48);
    expect(run.rows[0]?.progress_done).toBe(48);
    expect(run.rows[0]?.triggered_by_staff_id).toBe(
      await staffIdOf("admin@demo.enerji.test"),
    );
    expect(run.rows[0]?.counts).toEqual({
      parsed_rows: 48,
      stored_rows: 48,
      total_rows: 48,
    });
  });

  it("replaces the period on re-import", async () => {
    const again = march.map((hour) => ({
      ...hour,
      priceKurus: hour.priceKurus + 1n,
    }));
    const { path } = await upload(
      tokens.manager,
      "ptf-mart-2031-duzeltme.csv",
      epiasPtfCsv(again),
    );

    const response = await callImport(tokens.manager, { path });
    expect(response.status).toBe(200);

    const stored = await storedPrices(...periodOf(march));
    expect(stored.size).toBe(48);
    expect(stored.get(Date.parse("2031-03-09T21:00:00Z"))).toBe("100.01");
    const count = await db.query<{ count: string }>(
      `select count(*) from public.ptf_hourly_prices
        where hour_start >= $1 and hour_start < $2`,
      periodOf(march),
    );
    expect(count.rows[0]?.count).toBe("48");
  });

  it("stores nothing of a malformed file", async () => {
    const april = hourPrices("2031-04-05", 1, () => 150000n);
    const lines = epiasPtfCsv(april).split("\r\n");
    // Line 1 is the header, so the fifth hour is on line 6.
    lines[5] = "05.04.2031;04:00;1.5OO,00";
    const { path } = await upload(
      tokens.admin,
      "bozuk.csv",
      lines.join("\r\n"),
    );

    const response = await callImport(tokens.admin, { path });
    const body = await response.json();
    expect(response.status).toBe(422);
    expect(body.import_error.file).toBe("bozuk.csv");
    expect(body.import_error.line).toBe(6);
    expect(body.import_error.reason).toContain("1.5OO,00");
    expect(body.import_error.code).toBe("invalid_number");
    expect(body.import_error.params).toEqual({
      column: "PTF (TL/MWh)",
      text: "1.5OO,00",
      profile: "tr",
    });
    expect(body.error).toContain("bozuk.csv, line 6");

    const stored = await storedPrices(...periodOf(april));
    expect(stored.size).toBe(0);
    const run = await db.query(
      "select status, error from public.job_runs where job_run_id = $1",
      [body.job_run_id],
    );
    expect(run.rows[0]?.status).toBe("failed");
    expect(run.rows[0]?.error).toContain("line 6");
  });

  it("rejects a file with a NUL byte and fails its run", async () => {
    // The header and the first data line take 25 + 27 bytes with their
    // CRLF, and the third line's NUL follows 17 bytes of it: byte 70.
    const text =
      "Tarih;Saat;PTF (TL/MWh)\r\n" +
      "05.07.2031;00:00;1.500,00\r\n" +
      "05.07.2031;01:00;\u00001.500,00\r\n";
    const { path, error } = await upload(tokens.manager, "junk.csv", text);
    expect(error).toBeNull();

    const response = await callImport(tokens.manager, { path });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(422);
    expect(body.import_error).toEqual({
      file: "junk.csv",
      line: 3,
      reason:
        "the file contains a NUL byte (byte 70 of the file), so it is not " +
        "a text file",
      code: "not_text",
      params: { byte: 70 },
    });
    expect(body.error).toContain("junk.csv, line 3");

    const stored = await storedPrices(
      new Date("2031-07-04T21:00:00Z"),
      new Date("2031-07-05T21:00:00Z"),
    );
    expect(stored.size).toBe(0);
    const run = await db.query(
      `select status, error, finished_at, triggered_by_staff_id, display_name
         from public.job_runs where job_run_id = $1`,
      [body.job_run_id],
    );
    expect(run.rows[0]?.display_name).toBe("import-market-file: junk.csv");
    expect(run.rows[0]?.status).toBe("failed");
    expect(run.rows[0]?.finished_at).not.toBeNull();
    expect(run.rows[0]?.error).toBe(
      "junk.csv, line 3: the file contains a NUL byte (byte 70 of the " +
        "file), so it is not a text file",
    );
    expect(run.rows[0]?.triggered_by_staff_id).toBe(
      await staffIdOf("manager@demo.enerji.test"),
    );
  });

  it("fails the run when the run's database connection is lost", async () => {
    const day = hourPrices("2031-07-20", 1, () => 130000n);
    const { path } = await upload(
      tokens.admin,
      "kesinti.csv",
      epiasPtfCsv(day),
    );
    const jobName = `import-market-file:${path}`;

    // The import waits for this table lock before it stores anything.
    // Meanwhile the test ends the connection of the run, which holds the
    // job's advisory lock, so the import's next progress report fails.
    const locker = await connect(stack.DB_URL);
    let response: Response;
    try {
      await locker.query("begin");
      await locker.query("lock table public.ptf_hourly_prices in share mode");
      const lockerPid = (
        await locker.query<{ pid: number }>("select pg_backend_pid() as pid")
      ).rows[0]?.pid;
      const pending = callImport(tokens.admin, { path });
      let runPid: number | undefined;
      for (let attempt = 0; attempt < 400 && !runPid; attempt++) {
        const { rows } = await db.query<{ pid: number }>(
          `select l.pid from pg_locks as l
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1
              and ((l.classid::bigint << 32) | l.objid::bigint)
                = private.job_lock_key($1)
              and exists (
                select from pg_stat_activity as a
                 where $2 = any (pg_blocking_pids(a.pid)))`,
          [jobName, lockerPid],
        );
        runPid = rows[0]?.pid;
        if (!runPid) {
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
      expect(runPid).toBeDefined();
      await db.query("select pg_terminate_backend($1)", [runPid]);
      await locker.query("rollback");
      response = await pending;
    } finally {
      await locker.end();
    }
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(500);

    const run = await db.query(
      `select job_run_id, status, error, finished_at
         from public.job_runs where job_name = $1`,
      [jobName],
    );
    expect(run.rows).toHaveLength(1);
    expect(body.job_run_id).toBe(run.rows[0]?.job_run_id);
    expect(run.rows[0]?.status).toBe("failed");
    expect(run.rows[0]?.finished_at).not.toBeNull();
    expect(run.rows[0]?.error).toMatch(
      /^Importing the file failed: Reporting progress failed: /,
    );
    expect((await storedPrices(...periodOf(day))).size).toBe(0);
  });

  it("reports progress while a year imports", async () => {
    // 2033 has 8,760 hours.
    const year = hourPrices("2033-01-01", 365, (index) =>
      BigInt(100000 + ((index * 7919) % 400000)),
    );
    const { path } = await upload(
      tokens.admin,
      "ptf-2033.csv",
      epiasPtfCsv(year),
    );
    const jobName = `import-market-file:${path}`;

    // Reads the run from another connection while the import runs.
    const seen: Array<{ done: number; total: number | null }> = [];
    let importing = true;
    const poll = (async () => {
      while (importing) {
        const { rows } = await db.query<{
          progress_done: number;
          progress_total: number | null;
        }>(
          "select progress_done, progress_total from public.job_runs where job_name = $1",
          [jobName],
        );
        if (rows[0]) {
          seen.push({
            done: rows[0].progress_done,
            total: rows[0].progress_total,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const response = await callImport(tokens.admin, { path });
    importing = false;
    await poll;
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.reports[0].rows).toBe(8760);

    const partial = seen.filter(
      (row) => row.total !== null && row.done > 0 && row.done < row.total,
    );
    expect(partial.length).toBeGreaterThan(0);
    expect(partial[0]?.total).toBe(8760);

    const sum = await db.query<{ count: string; total: string }>(
      `select count(*), sum(price_try_per_mwh)::text as total
         from public.ptf_hourly_prices
        where hour_start >= $1 and hour_start < $2`,
      periodOf(year),
    );
    const expectedKurus = year.reduce(
      (total, hour) => total + hour.priceKurus,
      0n,
    );
    expect(sum.rows[0]?.count).toBe("8760");
    expect(sum.rows[0]?.total).toBe(decimalPrice(expectedKurus));
  });

  it("imports an XLSX export", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("PTF");
    sheet.addRow(["Tarih", "Saat", "PTF (TL/MWh)"]);
    sheet.addRow(["15.06.2031", "00:00", 2494]);
    sheet.addRow(["15.06.2031", "01:00", "1.799,98"]);
    sheet.addRow(["15.06.2031", "02:00", 1692.99]);
    const bytes = await workbook.xlsx.writeBuffer();
    const path = `${randomUUID()}/ptf-haziran-2031.xlsx`;
    const uploaded = await storageAs(tokens.admin)
      .storage.from("market-imports")
      .upload(path, new Blob([bytes]));
    expect(uploaded.error).toBeNull();

    const response = await callImport(tokens.admin, { path });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.reports[0].rows).toBe(3);

    // 15 June 2031 00:00 in Istanbul is 21:00 UTC the day before.
    const stored = await storedPrices(
      new Date("2031-06-14T21:00:00Z"),
      new Date("2031-06-15T00:00:00Z"),
    );
    expect([...stored.values()].sort()).toEqual([
      "1692.99",
      "1799.98",
      "2494.00",
    ]);
    expect(stored.get(Date.parse("2031-06-14T22:00:00Z"))).toBe("1799.98");
  });

  it("keeps other job names as display names", async () => {
    const { rows } = await db.query<{ display_name: string }>(
      `insert into public.job_runs (job_name, status, finished_at)
       values ('fetch-market-prices:2031-07', 'succeeded', now())
       returning display_name`,
    );
    expect(rows[0]?.display_name).toBe("fetch-market-prices:2031-07");
    await db.query(
      "delete from public.job_runs where job_name = 'fetch-market-prices:2031-07'",
    );
  });

  it("rejects a bad path and a missing file", async () => {
    const traversal = await callImport(tokens.admin, { path: "../x.csv" });
    expect(traversal.status).toBe(400);
    expect((await traversal.json()).error).toContain("path must be");

    const missing = await callImport(tokens.admin, {
      path: `${randomUUID()}/yok.csv`,
    });
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });
});

describe("import-market-file for a sales consultant", () => {
  it("rejects upload, import and insert", async () => {
    const denied = await upload(
      tokens.consultant,
      "ptf.csv",
      epiasPtfCsv(hourPrices("2031-05-01", 1, () => 100000n)),
    );
    expect(denied.error).not.toBeNull();

    const { path } = await upload(
      tokens.admin,
      "ptf-mayis-2031.csv",
      epiasPtfCsv(hourPrices("2031-05-01", 1, () => 100000n)),
    );
    const response = await callImport(tokens.consultant, { path });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toBe(
      "Only admins and managers can import market data files",
    );

    const download = await storageAs(tokens.consultant)
      .storage.from("market-imports")
      .download(path);
    expect(download.error).not.toBeNull();

    const insert = await storageAs(tokens.consultant)
      .from("ptf_hourly_prices")
      .insert({
        hour_start: "2031-05-01T00:00:00Z",
        price_try_per_mwh: 1,
        source: "test",
      });
    expect(insert.error).not.toBeNull();

    const stored = await db.query<{ count: string }>(
      `select count(*) from public.ptf_hourly_prices
        where hour_start >= '2031-04-30T21:00:00Z'
          and hour_start < '2031-05-01T21:00:00Z'`,
    );
    expect(stored.rows[0]?.count).toBe("0");
  });
});
