import assert from "node:assert/strict";
import { OutsideSystemError } from "./http.ts";
import {
  InputError,
  parseHourlyPrices,
  planPriceSteps,
} from "./market-prices.ts";

Deno.test("planPriceSteps splits hourly series by month", () => {
  assert.deepEqual(planPriceSteps("2025-01-30", "2025-02-02"), [
    { series: "ptf", from: "2025-01-30", to: "2025-01-31" },
    { series: "smf", from: "2025-01-30", to: "2025-01-31" },
    { series: "ptf", from: "2025-02-01", to: "2025-02-02" },
    { series: "smf", from: "2025-02-01", to: "2025-02-02" },
    { series: "yekdem", from: "2025-01-30", to: "2025-02-02" },
  ]);
});

Deno.test("planPriceSteps rejects reversed and long ranges", () => {
  assert.throws(() => planPriceSteps("2025-02-02", "2025-02-01"), InputError);
  assert.throws(() => planPriceSteps("2024-01-01", "2025-01-02"), InputError);
  assert.throws(
    () => planPriceSteps("2025-01-01", "2025-01-01", ["ptf", "gas" as "ptf"]),
    InputError,
  );
});

function day(prices: unknown[]): { items: Record<string, unknown>[] } {
  return {
    items: prices.map((price, hour) => ({
      date: `2025-03-01T${String(hour).padStart(2, "0")}:00:00+03:00`,
      hour: `${String(hour).padStart(2, "0")}:00`,
      price,
    })),
  };
}

Deno.test("parseHourlyPrices keeps every hour's price", () => {
  const step = { series: "ptf" as const, from: "2025-03-01", to: "2025-03-01" };
  const rows = parseHourlyPrices(
    step,
    day(Array.from({ length: 24 }, (_, hour) => 2000 + hour + 0.5)),
  );

  assert.equal(rows.length, 24);
  assert.equal(rows[0]?.start, "2025-03-01T00:00:00+03:00");
  assert.equal(rows[23]?.value, "2023.5");
});

Deno.test("parseHourlyPrices rejects a missing hour or a text price", () => {
  const step = { series: "ptf" as const, from: "2025-03-01", to: "2025-03-01" };
  const prices = Array.from({ length: 24 }, () => 2000);

  assert.throws(
    () => parseHourlyPrices(step, day(prices.slice(1))),
    OutsideSystemError,
  );
  assert.throws(
    () => parseHourlyPrices(step, day([...prices.slice(1), "2000"])),
    OutsideSystemError,
  );
  assert.throws(
    () => parseHourlyPrices(step, day([...prices.slice(1), -1])),
    OutsideSystemError,
  );
});
