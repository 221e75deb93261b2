// The consequence of a broken price rule: a rule whose consequence is
// `rejected` blocks submission and approval, and only a rule whose
// consequence is `approval_required` sends an offer to approval.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  APPROVAL_MONTHS,
  APPROVAL_ONLY_ALTERNATIVE,
  actorClient,
  createLead,
  istanbulDate,
  MONTHS,
  RULE_BREAKING_ALTERNATIVE,
  rpc,
  rpcError,
  TARIFF,
} from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

type BrokenRule = {
  price_rule_id: number;
  rule_kind: string;
  consequence: string;
  limit_value: number;
  actual_value: number | null;
};

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db?.end();
});

// The demo rule of a kind that applies to every subscriber group.
async function demoRule(kind: string): Promise<{ id: string; limit: string }> {
  const { rows } = await db.query<{ id: string; limit: string }>(
    `select price_rule_id::text as id, limit_value::text as limit
     from public.price_rules
     where rule_kind = $1 and subscriber_group_code is null and is_active
     order by price_rule_id limit 1`,
    [kind],
  );

  return rows[0] as { id: string; limit: string };
}

async function checkRules(
  months: typeof MONTHS,
  offer: Record<string, unknown>,
): Promise<BrokenRule[]> {
  const monthly = months.map((m) => ({
    month: m.month,
    t1_kwh: m.T1,
    t2_kwh: m.T2,
    t3_kwh: m.T3,
  }));
  const { rows } = await db.query(
    "select public.check_offer_rules($1::jsonb) -> 'broken_rules' as broken",
    [JSON.stringify({ ...TARIFF, consumption: { monthly }, offer })],
  );

  return rows[0].broken as BrokenRule[];
}

async function offerState(offerId: string): Promise<string> {
  const { rows } = await db.query(
    "select state from public.offers where id = $1",
    [offerId],
  );

  return rows[0]?.state;
}

async function approvalCount(offerId: string): Promise<number> {
  const { rows } = await db.query(
    "select count(*)::int as count from public.offer_approvals where offer_id = $1",
    [offerId],
  );

  return rows[0]?.count;
}

describe("rejecting price rule", () => {
  it("blocks submit_offer with the rule and values", async () => {
    const margin = await demoRule("minimum_margin");
    const broken = await checkRules(MONTHS, {
      kind: "discount",
      discount_pct: 40,
    });
    const marginBreak = broken.find(
      (rule) => rule.rule_kind === "minimum_margin",
    );
    expect(marginBreak?.consequence).toBe("rejected");
    expect(Number(marginBreak?.actual_value)).toBeLessThan(
      Number(margin.limit),
    );

    const lead = await createLead(db, fixture.dealerIds.b);
    const dealer = await actorClient(stack, fixture, "dealer_below");
    const created = await rpc(dealer, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: MONTHS },
        alternatives: [ALLOWED_ALTERNATIVES[0], RULE_BREAKING_ALTERNATIVE],
      },
    });

    const { message, code } = await rpcError(dealer, "submit_offer", {
      p_offer_id: created.offer_id,
    });
    expect(code).toBe("P0001");
    expect(message).toContain(
      `Offer ${created.offer_number} cannot be submitted: ` +
        `alternative 2 "İndirimli %40" breaks price rule ${margin.id} ` +
        `(minimum_margin, every subscriber group): value ` +
        `${marginBreak?.actual_value} is below the limit ${margin.limit}`,
    );
    // The approval rule it also breaks is not named as a reason.
    expect(message).not.toContain("maximum_discount_without_approval");
    expect(await offerState(created.offer_id)).toBe("draft");
    expect(await approvalCount(created.offer_id)).toBe(0);
  });

  it("blocks approval of an offer already waiting", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const dealer = await actorClient(stack, fixture, "dealer_below");
    const manager = await actorClient(stack, fixture, "manager");
    const created = await rpc(dealer, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: MONTHS },
        alternatives: [RULE_BREAKING_ALTERNATIVE],
      },
    });
    // As an offer submitted before rejecting rules blocked submission.
    await db.query(
      "update public.offers set state = 'awaiting_approval' where id = $1",
      [created.offer_id],
    );

    const refused = await rpcError(manager, "decide_offer", {
      p_offer_id: created.offer_id,
      p_decision: "approved",
      p_note: "Onaylıyorum",
    });
    expect(refused.code).toBe("P0001");
    expect(refused.message).toMatch(
      new RegExp(
        `^Offer ${created.offer_number} cannot be approved: alternative 1 ` +
          `"İndirimli %40" breaks price rule \\d+ \\(minimum_margin, `,
      ),
    );
    expect(await offerState(created.offer_id)).toBe("awaiting_approval");

    const rejected = await rpc(manager, "decide_offer", {
      p_offer_id: created.offer_id,
      p_decision: "rejected",
      p_note: "Marj altında",
    });
    expect(rejected.state).toBe("rejected");
  });
});

describe("approval price rule", () => {
  it("sends the offer to approval, which can grant it", async () => {
    const checked = await checkRules(APPROVAL_MONTHS, {
      kind: APPROVAL_ONLY_ALTERNATIVE.kind,
      ...APPROVAL_ONLY_ALTERNATIVE.parameters,
    });
    expect(checked.map((rule) => rule.consequence)).toEqual([
      "approval_required",
    ]);

    const lead = await createLead(db, fixture.dealerIds.b);
    const dealer = await actorClient(stack, fixture, "dealer_below");
    const manager = await actorClient(stack, fixture, "manager");
    const created = await rpc(dealer, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: APPROVAL_MONTHS },
        alternatives: [APPROVAL_ONLY_ALTERNATIVE],
      },
    });
    const submitted = await rpc(dealer, "submit_offer", {
      p_offer_id: created.offer_id,
    });
    expect(submitted.state).toBe("awaiting_approval");
    expect(submitted.violations).toHaveLength(1);
    expect(
      submitted.violations[0].broken_rules.map(
        (rule: BrokenRule) => rule.rule_kind,
      ),
    ).toEqual(["maximum_discount_without_approval"]);

    const approved = await rpc(manager, "decide_offer", {
      p_offer_id: created.offer_id,
      p_decision: "approved",
      p_note: "Hacim nedeniyle onaylandı",
    });
    expect(approved.state).toBe("approved");
  });
});
