// The local stack gives the integration functions its own simulators' URLs
// and credentials, so a stack started without functions/.env runs
// fetch-market-prices against the EPİAŞ simulator on its own port.
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { ROOT_DIR } from "../../stack/src/config.ts";
import { connect } from "../db.ts";

const stack = inject("stack");
const ENV_FILE = path.join(ROOT_DIR, "functions", ".env");

// A developer's functions/.env would set the secrets itself.
it.skipIf(existsSync(ENV_FILE))(
  "runs fetch-market-prices without functions/.env",
  async () => {
    const response = await fetch(
      `${stack.API_URL}/functions/v1/fetch-market-prices`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
          "content-type": "application/json",
        },
        // One real PTF day of 2024, which the stack's other tests do not
        // price with: storing it again changes no value.
        body: JSON.stringify({
          start_date: "2024-02-29",
          end_date: "2024-02-29",
          series: ["ptf"],
        }),
      },
    );
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.status).toBe("succeeded");
    expect(body.counts.ptf_received).toBe(24);
    const db = await connect(stack.DB_URL);
    try {
      const { rows } = await db.query<{ hours: number }>(
        `select count(*)::int as hours from public.ptf_hourly_prices
         where hour_start >= '2024-02-29T00:00:00+03:00'
           and hour_start < '2024-03-01T00:00:00+03:00'`,
      );
      expect(rows[0]?.hours).toBe(24);
    } finally {
      await db.end();
    }
  },
);
