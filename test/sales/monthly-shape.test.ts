// Offers priced from monthly T1/T2/T3 figures on a single-time metering
// point, and a three-time tariff given only a month's total.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  actorClient,
  createLead,
  istanbulDate,
  MONTHS,
  rpc,
  rpcError,
  TARIFF,
} from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

const DISCOUNT = {
  label: "İndirim",
  kind: "discount",
  parameters: { kind: "discount", discount_pct: 5 },
};

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db?.end();
});

describe("monthly consumption by tariff", () => {
  it("prices a single-time point on the zones' sum", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await db.query(
      "update public.metering_points set tariff_type = 'single_time' where id = any($1::uuid[])",
      [lead.meteringPointIds],
    );
    const consultant = await actorClient(stack, fixture, "sales_consultant");

    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(30),
        consumption: {
          metering_point_ids: lead.meteringPointIds,
          months: MONTHS,
        },
        alternatives: [DISCOUNT],
      },
    });
    const saved = await db.query<{
      consumption_kwh: string;
      offer_bill_try: string;
    }>(
      `select a.consumption_kwh::text, a.offer_bill_try::text
       from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1`,
      [created.offer_id],
    );
    // 20000 + 8000 + 12000, 18000 + 7500 + 11000 and 19000 + 7800 + 11500.
    expect(Number(saved.rows[0]?.consumption_kwh)).toBe(40000 + 36500 + 38300);

    // The same months given as totals price to the same bill.
    const totals = await rpc(consultant, "price_offer", {
      p_input: {
        ...TARIFF,
        tariff_type: "single_time",
        consumption: {
          monthly: [
            { month: "2027-01", kwh: 40000 },
            { month: "2027-02", kwh: 36500 },
            { month: "2027-03", kwh: 38300 },
          ],
        },
        offer: DISCOUNT.parameters,
      },
    });
    expect(saved.rows[0]?.offer_bill_try).toBe(
      String(totals.totals.offer_total_try),
    );
  });

  it("rejects a month total for a three-time tariff", async () => {
    const consultant = await actorClient(stack, fixture, "sales_consultant");

    const error = await rpcError(consultant, "price_offer", {
      p_input: {
        ...TARIFF,
        consumption: { monthly: [{ month: "2027-01", kwh: 40000 }] },
        offer: DISCOUNT.parameters,
      },
    });

    expect(error.code).toBe("22023");
    expect(error.message).toBe(
      "Month 2027-01 of consumption.monthly gives kwh, but a three-time tariff is priced on t1_kwh, t2_kwh and t3_kwh",
    );
  });
});
