// Loading market data without the market-data folder: demo prices, marked
// as demo wherever they show.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  loadMarketData,
  loadMarketDataIfEmpty,
} from "../../seed/src/market/load.ts";
import { createMarketDatabase } from "./market-db.ts";

const stack = inject("stack");
let db: { client: pg.Client; drop: () => Promise<void> };
const lines: string[] = [];

beforeAll(async () => {
  db = await createMarketDatabase(stack.DB_URL);
  await loadMarketData(db.client, "/nonexistent/market-data", (line) =>
    lines.push(line),
  );
}, 120_000);

afterAll(async () => {
  await db.drop();
});

describe("demo market data", () => {
  it("says that the folder is missing", () => {
    expect(lines[0]).toBe(
      "Market data folder /nonexistent/market-data not found: loading demo " +
        "hourly prices (is_demo = true).",
    );
  });

  it("marks every generated price as demo", async () => {
    const { rows } = await db.client.query(
      `select
         (select count(*)::integer from public.ptf_hourly_prices) as ptf_hours,
         (select count(*)::integer from public.ptf_hourly_prices where not is_demo) as real_ptf,
         (select count(*)::integer from public.smf_hourly_prices where not is_demo) as real_smf,
         (select count(*)::integer from public.regulated_tariff_rates where not is_demo) as real_rates,
         (select count(*)::integer from public.tax_rates where not is_demo) as real_taxes`,
    );
    // 2024-01-01 to 2026-05-01 local time: 366 + 365 + 120 days.
    expect(rows[0]).toEqual({
      ptf_hours: (366 + 365 + 120) * 24,
      real_ptf: 0,
      real_smf: 0,
      real_rates: 0,
      real_taxes: 0,
    });
  });

  it("lists the demo figures an offer used", async () => {
    const { rows } = await db.client.query(
      "select public.price_offer($1::jsonb) -> 'months' -> 0 -> 'demo_figures' as demo",
      [
        JSON.stringify({
          distribution_region_code: "meram",
          subscriber_group_code: "sanayi",
          voltage_level_code: "OG",
          tariff_type: "single_time",
          consumption: { monthly: [{ month: "2025-06", kwh: 120000 }] },
          offer: { kind: "fixed_price", unit_price_try_per_kwh: 3 },
        }),
      ],
    );
    // Sorted by the database collation, which ignores case.
    expect(rows[0].demo).toEqual([
      "distribution tariff",
      "energy tariff",
      "market prices",
      "tax rates",
      "YEKDEM",
    ]);
  });

  it("loads nothing when prices are stored", async () => {
    expect(
      await loadMarketDataIfEmpty(db.client, "/nonexistent/market-data"),
    ).toBeUndefined();
  });
});
