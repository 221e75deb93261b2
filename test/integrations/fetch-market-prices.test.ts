// fetch-market-prices against the EPİAŞ transparency simulator. A month of
// PTF and SMF equals the source files hour by hour, and a second run
// changes nothing. A malformed response or a failing platform stores
// nothing of the call, and the run records the error.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect, inject, it } from "vitest";
import { ROOT_DIR } from "../../stack/src/config.ts";
import {
  clearEpiasFaults,
  type IntegrationRuntime,
  setEpiasFault,
  startIntegrationRuntime,
} from "./harness.ts";

const stack = inject("stack");
const USER = "test-fetch-market-prices";
const MARKET_DATA = path.resolve(ROOT_DIR, "..", "shared", "market-data");

let runtime: IntegrationRuntime;

// Hour start (ms) → price text with two decimals, read from a source file.
async function sourcePrices(file: string): Promise<Map<number, string>> {
  const text = await readFile(path.join(MARKET_DATA, file), "utf8");
  const prices = new Map<number, string>();
  for (const line of text.trim().split("\n").slice(1)) {
    const [timestamp, price] = line.split(",");
    prices.set(Date.parse(timestamp as string), price as string);
  }

  return prices;
}

async function storedPrices(table: string): Promise<Map<number, string>> {
  const { rows } = await runtime.db.query<{
    hour_start: Date;
    price: string;
  }>(
    `select hour_start, price_try_per_mwh::text as price
     from public.${table} order by hour_start`,
  );

  return new Map(rows.map((row) => [row.hour_start.getTime(), row.price]));
}

function marchHours(): number[] {
  const first = Date.parse("2025-03-01T00:00:00+03:00");

  return Array.from({ length: 31 * 24 }, (_, k) => first + k * 3_600_000);
}

beforeAll(async () => {
  runtime = await startIntegrationRuntime(stack, {
    simulatorUser: USER,
    env: { INTEGRATION_RETRY_ATTEMPTS: "3" },
  });
});

afterAll(async () => {
  await clearEpiasFaults(stack, USER);
  await runtime?.stop();
});

beforeEach(async () => {
  await clearEpiasFaults(stack, USER);
  await runtime.db.query(`
    truncate public.ptf_hourly_prices, public.smf_hourly_prices,
      public.yekdem_unit_costs;
    delete from public.job_runs;
  `);
});

it("stores a month equal to the source files", async () => {
  const response = await runtime.call("fetch-market-prices", {
    start_date: "2025-03-01",
    end_date: "2025-03-31",
  });
  const body = await response.json();

  expect(response.status).toBe(200);
  expect(body.counts).toEqual({
    ptf_received: 744,
    ptf_changed: 744,
    smf_received: 744,
    smf_changed: 744,
    yekdem_received: 1,
    yekdem_changed: 1,
  });

  const ptfSource = await sourcePrices("ptf-hourly-2025.csv");
  const smfSource = await sourcePrices("smf-hourly-2025.csv");
  const ptf = await storedPrices("ptf_hourly_prices");
  const smf = await storedPrices("smf_hourly_prices");

  expect(ptf.size).toBe(744);
  expect(smf.size).toBe(744);
  for (const hour of marchHours()) {
    expect(ptf.get(hour), `PTF ${new Date(hour).toISOString()}`).toBe(
      ptfSource.get(hour),
    );
    expect(smf.get(hour), `SMF ${new Date(hour).toISOString()}`).toBe(
      smfSource.get(hour),
    );
  }

  const { rows: yekdem } = await runtime.db.query(
    `select period_month::text as month, is_demo from public.yekdem_unit_costs`,
  );

  expect(yekdem).toEqual([{ month: "2025-03-01", is_demo: true }]);
});

it("changes nothing on a second run", async () => {
  const range = { start_date: "2025-03-01", end_date: "2025-03-10" };
  expect((await runtime.call("fetch-market-prices", range)).status).toBe(200);

  const second = await runtime.call("fetch-market-prices", range);
  const body = await second.json();

  expect(second.status).toBe(200);
  expect(body.counts.ptf_received).toBe(240);
  expect(body.counts.ptf_changed).toBe(0);
  expect(body.counts.smf_changed).toBe(0);
  expect(body.counts.yekdem_changed).toBe(0);
  expect((await storedPrices("ptf_hourly_prices")).size).toBe(240);
});

it("stores nothing of a malformed response", async () => {
  await setEpiasFault(stack, {
    service: "transparency",
    scope: USER,
    malformed: "wrong_types",
    pathContains: "system-marginal-price",
  });
  const response = await runtime.call("fetch-market-prices", {
    start_date: "2025-02-01",
    end_date: "2025-03-31",
  });
  const body = await response.json();

  expect(response.status).toBe(502);
  expect(body.error).toMatch(/system-marginal-price 2025-02-01\.\.2025-02-28/);
  expect(body.error).toMatch(/malformed/);
  // The February PTF call came first and committed; the SMF call of the
  // same month was rejected whole.
  expect((await storedPrices("ptf_hourly_prices")).size).toBe(672);
  expect((await storedPrices("smf_hourly_prices")).size).toBe(0);

  const { rows } = await runtime.db.query(
    `select status, error, progress_done, progress_total
     from public.job_runs where job_name = 'fetch-market-prices'`,
  );

  expect(rows).toHaveLength(1);
  expect(rows[0].status).toBe("failed");
  expect(rows[0].error).toBe(body.error);
  expect(rows[0].progress_done).toBe(1);
  expect(rows[0].progress_total).toBe(5);

  // Once the platform responds properly again, the next run resumes after
  // the committed call and completes the range.
  await clearEpiasFaults(stack, USER);
  const resumed = await runtime.call("fetch-market-prices", {
    start_date: "2025-02-01",
    end_date: "2025-03-31",
  });
  const resumedBody = await resumed.json();

  expect(resumed.status).toBe(200);
  // Counts carry over from the run it resumed.
  expect(resumedBody.counts.ptf_received).toBe(672 + 744);
  expect(resumedBody.counts.smf_received).toBe(672 + 744);
  expect(resumedBody.progress_done).toBe(5);
  expect((await storedPrices("ptf_hourly_prices")).size).toBe(672 + 744);
  expect((await storedPrices("smf_hourly_prices")).size).toBe(672 + 744);
});

it("retries a failing platform, then stops", async () => {
  await setEpiasFault(stack, {
    service: "transparency",
    scope: USER,
    status: 503,
    times: 2,
  });
  const recovered = await runtime.call("fetch-market-prices", {
    start_date: "2025-03-01",
    end_date: "2025-03-01",
    series: ["ptf"],
  });

  expect(recovered.status).toBe(200);
  expect((await storedPrices("ptf_hourly_prices")).size).toBe(24);

  await setEpiasFault(stack, {
    service: "transparency",
    scope: USER,
    status: 503,
  });
  const failed = await runtime.call("fetch-market-prices", {
    start_date: "2025-03-02",
    end_date: "2025-03-02",
    series: ["ptf"],
  });
  const body = await failed.json();

  expect(failed.status).toBe(502);
  expect(body.error).toMatch(/failed after 3 attempts: HTTP 503/);
  expect((await storedPrices("ptf_hourly_prices")).size).toBe(24);
});

it("rejects invalid dates with 400", async () => {
  const response = await runtime.call("fetch-market-prices", {
    start_date: "2025-02-30",
  });

  expect(response.status).toBe(400);
  expect((await response.json()).error).toMatch(/invalid date "2025-02-30"/);
});

it("starts over for another range", async () => {
  await setEpiasFault(stack, {
    service: "transparency",
    scope: USER,
    status: 400,
    pathContains: "system-marginal-price",
  });
  const failed = await runtime.call("fetch-market-prices", {
    start_date: "2025-04-01",
    end_date: "2025-04-02",
  });

  expect(failed.status).toBe(502);

  await clearEpiasFaults(stack, USER);
  const other = await runtime.call("fetch-market-prices", {
    start_date: "2025-05-01",
    end_date: "2025-05-01",
    series: ["ptf"],
  });
  const body = await other.json();

  expect(other.status).toBe(200);
  // The stopped run's progress and counts belong to April, not to this run.
  expect(body.progress_done).toBe(1);
  expect(body.counts).toEqual({ ptf_received: 24, ptf_changed: 24 });
});
