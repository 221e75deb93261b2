// Loads market data into an empty database: the market-data folder when it
// exists, demo hourly prices when it does not, and demo figures for what
// no real source provides.
import { existsSync } from "node:fs";
import type pg from "pg";
import {
  storeDemoHourlyPrices,
  storeDemoParameters,
  storeDemoTariffs,
} from "./demo.ts";
import { importMarketPath } from "./import.ts";

export type LoadResult = { source: "folder" | "demo"; files: number };

// Demo prices cover 2024-01-01 to 2026-05-01 local time, the span of the
// real files.
const DEMO_FROM = new Date("2024-01-01T00:00:00+03:00");
const DEMO_TO = new Date("2026-05-01T00:00:00+03:00");

export async function loadMarketData(
  client: pg.ClientBase,
  folder: string,
  log: (line: string) => void = () => undefined,
): Promise<LoadResult> {
  let result: LoadResult;
  if (existsSync(folder)) {
    const { reports } = await importMarketPath(client, folder, log);
    result = {
      source: "folder",
      files: new Set(reports.map((r) => r.file)).size,
    };
  } else {
    log(
      `Market data folder ${folder} not found: loading demo hourly prices ` +
        "(is_demo = true).",
    );
    const hours = await storeDemoHourlyPrices(client, DEMO_FROM, DEMO_TO);
    log(`Stored ${hours} demo hours of PTF and SMF.`);
    result = { source: "demo", files: 0 };
  }
  await storeDemoTariffs(client);
  await storeDemoParameters(client);
  // Fresh statistics let the planner prune and join the new partitions well.
  await client.query(
    "analyze public.ptf_hourly_prices, public.smf_hourly_prices, " +
      "public.profile_coefficients, public.regulated_tariff_rates",
  );
  log(
    "Stored demo energy charges, YEKDEM, forward prices, last-resort " +
      "parameters and price rules where no real figure exists (is_demo = true).",
  );

  return result;
}

// Loads market data once: only when no PTF has been stored yet.
export async function loadMarketDataIfEmpty(
  client: pg.ClientBase,
  folder: string,
  log: (line: string) => void = () => undefined,
): Promise<LoadResult | undefined> {
  const { rows } = await client.query(
    "select 1 from public.ptf_hourly_prices limit 1",
  );
  if (rows.length > 0) {
    return undefined;
  }

  return loadMarketData(client, folder, log);
}
