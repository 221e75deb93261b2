// Whether a priced offer reports that it used demo figures: price_offer's
// `uses_demo_prices` and `demo_figures`, the stored pricing result, and the
// customer's view through customer_offers.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  actorClient,
  clientAs,
  createLead,
  istanbulDate,
  MONTHLY_KWH,
  MONTHS,
  rpc,
  TARIFF,
} from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

// Every table whose rows carry the is_demo mark that pricing reads.
const MARKED_TABLES = [
  "ptf_hourly_prices",
  "smf_hourly_prices",
  "yekdem_unit_costs",
  "regulated_tariff_rates",
  "tax_rates",
  "profile_coefficients",
  "last_resort_tariff_parameters",
  "forward_price_expectations",
];

const PRICING_INPUT = {
  ...TARIFF,
  consumption: { monthly: MONTHLY_KWH },
  offer: { kind: "fixed_price", unit_price_try_per_kwh: 5.1 },
};

type Priced = {
  uses_demo_prices: boolean;
  demo_figures: string[];
  months: { demo_figures: string[] }[];
};

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db?.end();
});

async function priceOffer(): Promise<Priced> {
  const { rows } = await db.query("select public.price_offer($1) as priced", [
    JSON.stringify(PRICING_INPUT),
  ]);

  return rows[0].priced;
}

// Runs `work` in a transaction that is rolled back, so that the marks it
// changes are never seen by other tests.
async function withMarks<T>(marks: string, work: () => Promise<T>): Promise<T> {
  await db.query("begin");
  try {
    await db.query(marks);

    return await work();
  } finally {
    await db.query("rollback");
  }
}

describe("price_offer demo flag", () => {
  it("is false when no figure is marked demo", async () => {
    const priced = await withMarks(
      MARKED_TABLES.map(
        (table) => `update public.${table} set is_demo = false;`,
      ).join("\n"),
      priceOffer,
    );

    expect(priced.uses_demo_prices).toBe(false);
    expect(priced.demo_figures).toEqual([]);
    for (const month of priced.months) {
      expect(month.demo_figures).toEqual([]);
    }
  });

  it("names the series when only YEKDEM is demo", async () => {
    const priced = await withMarks(
      `${MARKED_TABLES.map(
        (table) => `update public.${table} set is_demo = false;`,
      ).join("\n")}
       update public.yekdem_unit_costs set is_demo = true;`,
      priceOffer,
    );

    expect(priced.uses_demo_prices).toBe(true);
    expect(priced.demo_figures).toEqual(["YEKDEM"]);
  });

  it("joins the demo figures of every month", async () => {
    const priced = await withMarks(
      `${MARKED_TABLES.map(
        (table) => `update public.${table} set is_demo = false;`,
      ).join("\n")}
       update public.forward_price_expectations set is_demo = true;
       update public.tax_rates set is_demo = true
       where tax_code = 'kdv';`,
      priceOffer,
    );

    // 2027 has no published PTF, so every month is priced on forward
    // estimates; KDV applies to every bill.
    expect(priced.uses_demo_prices).toBe(true);
    expect(priced.demo_figures).toEqual(["market prices", "tax rates"]);
    expect(priced.months.map((month) => month.demo_figures)).toEqual(
      MONTHS.map(() => ["market prices", "tax rates"]),
    );
  });
});

describe("stored offer demo flag", () => {
  it("reaches the stored result and the customer", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(30),
        consumption: { ...TARIFF, months: MONTHS },
        alternatives: [ALLOWED_ALTERNATIVES[0]],
      },
    });
    await rpc(consultant, "submit_offer", { p_offer_id: created.offer_id });
    await rpc(consultant, "mark_offer_sent", {
      p_offer_id: created.offer_id,
      p_recipient_email: "musteri@demo-prices.test",
    });

    const { rows } = await db.query<{ pricing_result: Priced }>(
      `select a.pricing_result from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1`,
      [created.offer_id],
    );
    const stored = rows[0]?.pricing_result as Priced;
    // The union of the months' lists, worked out here.
    const expected = [
      ...new Set(stored.months.flatMap((month) => month.demo_figures)),
    ].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
    expect(stored.demo_figures).toEqual(expected);
    expect(stored.uses_demo_prices).toBe(expected.length > 0);

    const customer = await clientAs(stack, lead.userId);
    const offers = await rpc<
      {
        offer_id: string;
        alternatives: { uses_demo_prices: boolean; demo_figures: string[] }[];
      }[]
    >(customer, "customer_offers", {});
    const offer = offers.find((row) => row.offer_id === created.offer_id);
    expect(offer?.alternatives[0]?.uses_demo_prices).toBe(expected.length > 0);
    expect(offer?.alternatives[0]?.demo_figures).toEqual(expected);
  });
});
