// Who may call the pricing RPCs and read the pricing inputs. The calls go
// through /rest/v1 as the demo logins, signed in with their passwords. Every
// staff role and dealer users may, but customer users and anonymous callers
// may not.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  type DemoLogin,
} from "../../seed/src/demo-logins.ts";
import { connect } from "../db.ts";
import { TEST_REALTIME_OPTIONS } from "../realtime.ts";

const stack = inject("stack");
let db: pg.Client;
let priceRuleId: string;

const FORWARD_MONTH = "2098-03-01";

const MONTHLY_INPUT = {
  distribution_region_code: "kayseri",
  subscriber_group_code: "mesken",
  voltage_level_code: "AG",
  tariff_type: "single_time",
  consumption: { monthly: [{ month: "2025-05", kwh: 250 }] },
};

// Each RPC with an input and a check of its result, so that an allowed call
// is seen to compute, not only to pass the caller check.
const RPCS: Array<{
  name: string;
  input: unknown;
  check: (data: any) => void;
}> = [
  {
    name: "regulated_bill",
    input: MONTHLY_INPUT,
    check: (data) => {
      expect(data.months).toHaveLength(1);
      expect(data.months[0].consumption_kwh).toBe(250);
    },
  },
  {
    name: "price_offer",
    input: { ...MONTHLY_INPUT, offer: { kind: "discount", discount_pct: 5 } },
    check: (data) => {
      expect(data.totals.consumption_kwh).toBe(250);
    },
  },
  {
    name: "check_offer_rules",
    input: { ...MONTHLY_INPUT, offer: { kind: "discount", discount_pct: 5 } },
    check: (data) => {
      // The regulated energy charge less 5 % is a 5 % discount.
      expect(data.metrics.discount_pct).toBe(5);
    },
  },
  {
    name: "profile_cost",
    // 2025-01-01 00:00 at 2494.00 and 01:00 at 1799.98 TL/MWh:
    // (1 x 2494 + 3 x 1799.98) / 4 = 1973.485.
    input: {
      consumption: {
        hourly: { start: "2025-01-01T00:00:00+03:00", kwh: [1000, 3000] },
      },
    },
    check: (data) => {
      expect(data.weighted_average_ptf_try_per_mwh).toBe(1973.485);
    },
  },
  {
    name: "convert_consumption_to_hourly",
    input: {
      rows: [
        {
          key: "mp-1",
          distribution_region_code: "kayseri",
          subscriber_group_code: "ticarethane",
          voltage_level_code: "OG",
          tariff_type: "three_time",
          month: "2026-01",
          t1_kwh: 1000,
          t2_kwh: 400,
          t3_kwh: 600,
        },
      ],
    },
    check: (data) => {
      // January 2026 has 31 x 24 = 744 hours, and the zones sum back to 2000 kWh.
      expect(data).toHaveLength(744);
      const total = data.reduce(
        (sum: number, row: { consumption_kwh: number }) =>
          sum + Math.round(row.consumption_kwh * 1e6),
        0,
      );
      expect(total).toBe(2000 * 1e6);
    },
  },
];

function client(): SupabaseClient {
  return createClient(stack.API_URL, stack.ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: TEST_REALTIME_OPTIONS,
  });
}

const clients = new Map<string, SupabaseClient>();

async function signedIn(login: DemoLogin): Promise<SupabaseClient> {
  const cached = clients.get(login.email);
  if (cached) {
    return cached;
  }
  const supabase = client();
  const { error } = await supabase.auth.signInWithPassword({
    email: login.email,
    password: DEMO_PASSWORD,
  });
  expect(error, `sign-in of ${login.email}`).toBeNull();
  clients.set(login.email, supabase);

  return supabase;
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  const { rows } = await db.query<{ id: string }>(
    `insert into public.price_rules (rule_kind, limit_value, valid_from, note)
     values ('minimum_margin', 1, '2098-01-01', 'pricing access test')
     returning price_rule_id::text as id`,
  );
  priceRuleId = rows[0]?.id as string;
  await db.query(
    `insert into public.forward_price_expectations
       (period_month, expected_ptf_try_per_mwh, source)
     values ($1, 2500, 'pricing access test')`,
    [FORWARD_MONTH],
  );
});

afterAll(async () => {
  await db.query("delete from public.price_rules where price_rule_id = $1", [
    priceRuleId,
  ]);
  await db.query(
    "delete from public.forward_price_expectations where period_month = $1",
    [FORWARD_MONTH],
  );
  await db.end();
});

const ALLOWED = DEMO_LOGINS.filter((login) => login.role !== "customer_user");
const CUSTOMERS = DEMO_LOGINS.filter((login) => login.role === "customer_user");

describe("pricing RPCs over REST", () => {
  it("has demo logins of every kind", () => {
    expect(ALLOWED.map((login) => login.role)).toEqual(
      expect.arrayContaining([
        "admin",
        "manager",
        "sales_consultant",
        "call_centre_agent",
        "finance",
        "operations",
        "dealer_user",
      ]),
    );
    expect(CUSTOMERS).toHaveLength(1);
  });

  const allowedCases = ALLOWED.flatMap((login) =>
    RPCS.map((rpc) => ({ ...rpc, login, role: login.role })),
  );

  it.each(allowedCases)(
    "$name runs for $role $login.email",
    async ({ name, input, check, login }) => {
      const supabase = await signedIn(login);
      const { data, error, status } = await supabase.rpc(name, {
        p_input: input,
      });
      expect(error).toBeNull();
      expect(status).toBe(200);
      check(data);
    },
  );

  const customerCases = CUSTOMERS.flatMap((login) =>
    RPCS.map((rpc) => ({ ...rpc, login })),
  );

  it.each(customerCases)(
    "$name rejects customer users",
    async ({ name, input, login }) => {
      const supabase = await signedIn(login);
      const { data, error, status } = await supabase.rpc(name, {
        p_input: input,
      });
      expect(data).toBeNull();
      expect(status).toBe(403);
      expect(error?.code).toBe("42501");
      expect(error?.message).toBe(
        `Permission denied for function ${name}: pricing is open to staff and dealer users only`,
      );
      expect(error?.details).toBe("Caller role: customer_user");
    },
  );

  it.each(RPCS)("$name rejects anonymous callers", async ({ name, input }) => {
    const { data, error, status } = await client().rpc(name, {
      p_input: input,
    });
    expect(data).toBeNull();
    expect(status).toBe(401);
    expect(error?.code).toBe("42501");
    expect(error?.message).toBe(`permission denied for function ${name}`);
  });
});

describe("pricing inputs over REST", () => {
  const readers = DEMO_LOGINS.map((login) => ({
    login,
    role: login.role,
    canRead: login.role !== "customer_user",
  }));

  it.each(readers)(
    "price rules as $role $login.email",
    async ({ login, canRead }) => {
      const supabase = await signedIn(login);
      const { data, error } = await supabase
        .from("price_rules")
        .select("price_rule_id, note")
        .eq("price_rule_id", priceRuleId);
      expect(error).toBeNull();
      expect(data).toEqual(
        canRead
          ? [
              {
                price_rule_id: Number(priceRuleId),
                note: "pricing access test",
              },
            ]
          : [],
      );
    },
  );

  it.each(readers)(
    "forward prices as $role $login.email",
    async ({ login, canRead }) => {
      const supabase = await signedIn(login);
      const { data, error } = await supabase
        .from("forward_price_expectations")
        .select("period_month, expected_ptf_try_per_mwh")
        .eq("period_month", FORWARD_MONTH);
      expect(error).toBeNull();
      expect(data).toEqual(
        canRead
          ? [{ period_month: FORWARD_MONTH, expected_ptf_try_per_mwh: 2500 }]
          : [],
      );
    },
  );
});
