// The sales chain end to end through supabase-js as real users. A
// consultant's offer goes through approval, sending, acceptance, the
// contract with its stamp tax, registration and portfolio entry. A dealer's
// offer that breaks a price rule needs head-office approval.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  APPROVAL_MONTHS,
  APPROVAL_ONLY_ALTERNATIVE,
  actorClient,
  clientAs,
  createLead,
  istanbulDate,
  MONTHLY_KWH,
  MONTHS,
  rpc,
  serviceClient,
  TARIFF,
} from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db?.end();
});

// Money as integer kuruş, so sums and rounding are exact.
function kurus(value: string | number): bigint {
  const [whole = "0", fraction = ""] = String(value).split(".");
  const negative = whole.startsWith("-");
  const digits =
    BigInt(whole.replace("-", "")) * 100n +
    BigInt((fraction + "00").slice(0, 2));

  return negative ? -digits : digits;
}

// The batch a request made on `date` (YYYY-MM-DD) joins, by the rule that
// a request on or before the deadline day joins next month's batch.
function expectedBatchMonth(date: string, deadlineDay: number): string {
  const [year, month, day] = date.split("-").map(Number) as [
    number,
    number,
    number,
  ];
  const ahead = day <= deadlineDay ? 1 : 2;
  const first = new Date(Date.UTC(year, month - 1 + ahead, 1));

  return first.toISOString().slice(0, 10);
}

describe("sales chain as a consultant", () => {
  it("runs from offer to portfolio", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const consultant = await actorClient(stack, fixture, "sales_consultant");

    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(30),
        consumption: {
          metering_point_ids: lead.meteringPointIds,
          months: MONTHS,
        },
        alternatives: ALLOWED_ALTERNATIVES,
      },
    });
    expect(created.offer_number).toMatch(/^TKF-\d{4}-\d{6}$/);
    expect(created.revision_no).toBe(1);
    expect(created.state).toBe("draft");

    const { data: alternatives } = await consultant
      .from("offer_alternatives")
      .select(
        "id, position, kind, breaks_rules, offer_bill_try, pricing_result",
      )
      .eq(
        "offer_revision_id",
        (
          await consultant
            .from("offer_revisions")
            .select("id")
            .eq("offer_id", created.offer_id)
            .single()
        ).data?.id,
      )
      .order("position");
    expect(alternatives).toHaveLength(2);
    expect(alternatives?.map((a) => a.breaks_rules)).toEqual([false, false]);

    // The stored prices equal the pricing engine's for the same input.
    const fixedPrice = alternatives?.[1];
    const engine = await rpc(consultant, "price_offer", {
      p_input: {
        ...TARIFF,
        consumption: { monthly: MONTHLY_KWH },
        offer: { kind: "fixed_price", unit_price_try_per_kwh: 5.3 },
      },
    });
    expect(fixedPrice?.pricing_result.totals).toEqual(engine.totals);

    const submitted = await rpc(consultant, "submit_offer", {
      p_offer_id: created.offer_id,
    });
    expect(submitted.state).toBe("approved");
    expect(submitted.violations).toEqual([]);

    const sent = await rpc(consultant, "mark_offer_sent", {
      p_offer_id: created.offer_id,
      p_recipient_email: "musteri@sales.test",
      p_document_paths: [`offers/${created.offer_id}/r1/offer.pdf`],
      p_message_id: "<chain@sales.test>",
    });
    expect(sent.state).toBe("sent");

    // The customer sees the offer with bills and savings, without costs.
    const customer = await clientAs(stack, lead.userId);
    const { data: seen, error: seenError } =
      await customer.rpc("customer_offers");
    expect(seenError).toBeNull();
    expect(seen).toHaveLength(1);
    const seenAlternative = seen[0].alternatives[1];
    expect(seenAlternative.offer_bill_try).toBe(
      Number(engine.totals.offer_total_try),
    );
    expect(JSON.stringify(seen)).not.toMatch(
      /supply_cost|gross_profit|broken_rules|margin/,
    );

    const acceptedAt = new Date().toISOString();
    const accepted = await rpc(customer, "respond_to_offer", {
      p_offer_id: created.offer_id,
      p_offer_alternative_id: fixedPrice?.id,
      p_decision: "accepted",
    });
    expect(accepted.state).toBe("contracted");
    expect(accepted.contract_number).toMatch(/^SZL-\d{4}-\d{6}$/);

    // Contract value is the offer bill over the term; stamp tax is the
    // per-mille rate on it, rounded half-up to kuruş.
    const { data: contract } = await customer
      .from("contracts")
      .select("*")
      .eq("id", accepted.contract_id)
      .single();
    const value = engine.months
      .map((m: { offer_bill: { total_try: number } }) =>
        kurus(m.offer_bill.total_try),
      )
      .reduce((sum: bigint, amount: bigint) => sum + amount, 0n);
    const rate = await db.query<{ rate: string }>(
      `select rate::text from public.tax_rates
       where tax_code = 'stamp_tax' and unit = 'per_mille'`,
    );
    const perMillionths = BigInt(Math.round(Number(rate.rows[0]?.rate) * 1000));
    const stampTax = (value * perMillionths + 500_000n) / 1_000_000n;
    expect(kurus(contract.contract_value_try)).toBe(value);
    expect(kurus(contract.stamp_tax_try)).toBe(stampTax);
    expect(contract.template_code).toBe("sabit-fiyat-2026");
    expect(contract.sales_strategy).toBe("sabit_fiyat");
    expect(contract.price_terms).toEqual({
      kind: "fixed_price",
      unit_price_try_per_kwh: 5.3,
    });

    const settings = await db.query<{ day: number }>(
      "select registration_deadline_day as day from public.organisation_settings",
    );
    // The month by the deadline rule, or the next one whose batch another
    // test has not submitted yet.
    let batchMonth = expectedBatchMonth(
      istanbulDate(),
      Number(settings.rows[0]?.day),
    );
    const closed = await db.query<{ month: string }>(
      `select period_month::text as month from public.registration_batches
       where state <> 'open' and submitted_at < $1`,
      [acceptedAt],
    );
    const closedMonths = new Set(closed.rows.map((row) => row.month));
    while (closedMonths.has(batchMonth)) {
      const [year, month] = batchMonth.split("-").map(Number) as [
        number,
        number,
      ];
      batchMonth = new Date(Date.UTC(year, month, 1))
        .toISOString()
        .slice(0, 10);
    }
    expect(contract.start_date).toBe(batchMonth);

    const { data: documents } = await customer
      .from("contract_required_documents")
      .select("document_code")
      .eq("contract_id", contract.id)
      .order("document_code");
    expect(documents?.map((d) => d.document_code)).toEqual([
      "last_invoice",
      "signature_circular",
      "tax_plate",
      "trade_registry_gazette",
    ]);

    // Registration: one request per metering point in the month's batch.
    const service = serviceClient(stack);
    const batch = await rpc(service, "registration_requests_to_submit", {
      p_period_month: batchMonth,
    });
    const ours = batch.requests.filter(
      (r: { party_id: string }) => r.party_id === lead.partyId,
    );
    expect(
      ours
        .map((r: { metering_point_id: string }) => r.metering_point_id)
        .sort(),
    ).toEqual([...lead.meteringPointIds].sort());

    const [first, second] = ours as Array<{ registration_request_id: string }>;
    const submission = await rpc(service, "record_registration_submission", {
      p_registration_batch_id: batch.registration_batch_id,
      p_external_reference: "EPIAS-TEST-1",
    });
    expect(submission.submitted).toBeGreaterThanOrEqual(2);
    await rpc(service, "record_registration_result", {
      p_registration_request_id: first?.registration_request_id,
      p_approved: true,
      p_effective_on: batchMonth,
    });
    const rejected = await rpc(service, "record_registration_result", {
      p_registration_request_id: second?.registration_request_id,
      p_approved: false,
      p_rejection_reason: "Sayaç seri numarası uyuşmuyor",
    });
    expect(rejected.state).toBe("rejected");

    const again = await rpc(service, "request_registration_again", {
      p_registration_request_id: second?.registration_request_id,
    });
    expect(again.registration_request_id).not.toBe(
      second?.registration_request_id,
    );
    // This month's batch is submitted, so the new request joins the next.
    expect(again.period_month > batchMonth).toBe(true);

    const entered = await rpc(service, "enter_portfolio", {
      p_on: batchMonth,
    });
    expect(
      entered.new_customers.map((c: { party_id: string }) => c.party_id),
    ).toContain(lead.partyId);

    const party = await db.query(
      "select lifecycle, became_customer_at from public.parties where id = $1",
      [lead.partyId],
    );
    expect(party.rows[0]?.lifecycle).toBe("customer");
    expect(party.rows[0]?.became_customer_at).not.toBeNull();
    const points = await db.query(
      `select id::text, status, supply_started_on::text as started
       from public.metering_points where id = any($1::uuid[]) order by id`,
      [lead.meteringPointIds],
    );
    const byId = new Map(points.rows.map((row) => [row.id, row]));
    expect(byId.get(lead.meteringPointIds[0])?.status).toBe("active");
    expect(byId.get(lead.meteringPointIds[0])?.started).toBe(batchMonth);
    expect(byId.get(lead.meteringPointIds[1])?.status).toBe(
      "registration_pending",
    );

    const history = await db.query(
      `select from_state, to_state from public.offer_state_changes
       where offer_id = $1 order by id`,
      [created.offer_id],
    );
    expect(history.rows).toEqual([
      { from_state: null, to_state: "draft" },
      { from_state: "draft", to_state: "approved" },
      { from_state: "approved", to_state: "sent" },
      { from_state: "sent", to_state: "accepted" },
      { from_state: "accepted", to_state: "contracted" },
    ]);
  });
});

// Above the maximum discount without approval, within the minimum margin
// for APPROVAL_MONTHS.
const APPROVAL_DISCOUNT_20 = {
  label: "İndirimli %20",
  kind: "discount",
  parameters: { discount_pct: 20 },
};

describe("dealer offer with a broken rule", () => {
  it("is approved after a send-back and revision", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const dealer = await actorClient(stack, fixture, "dealer_below");
    const manager = await actorClient(stack, fixture, "manager");

    const created = await rpc(dealer, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: APPROVAL_MONTHS },
        alternatives: [ALLOWED_ALTERNATIVES[0], APPROVAL_DISCOUNT_20],
      },
    });
    const submitted = await rpc(dealer, "submit_offer", {
      p_offer_id: created.offer_id,
    });
    expect(submitted.state).toBe("awaiting_approval");
    expect(submitted.violations).toHaveLength(1);
    expect(submitted.violations[0].label).toBe("İndirimli %20");

    // The manager reads the violations of the pending approval.
    const { data: approvals } = await manager
      .from("offer_approvals")
      .select("id, decision, violations")
      .eq("offer_id", created.offer_id);
    expect(approvals).toHaveLength(1);
    const pending = approvals?.[0] ?? { decision: "missing", violations: [] };
    expect(pending.decision).toBeNull();
    const kinds = pending.violations[0].broken_rules.map(
      (rule: { rule_kind: string }) => rule.rule_kind,
    );
    expect(kinds).toContain("maximum_discount_without_approval");

    const sentBack = await rpc(manager, "decide_offer", {
      p_offer_id: created.offer_id,
      p_decision: "sent_back",
      p_note: "İndirimi %17 yapın",
    });
    expect(sentBack.state).toBe("draft");

    // The dealer reads the note and revises the discount.
    const { data: decided } = await dealer
      .from("offer_approvals")
      .select("decision, note")
      .eq("offer_id", created.offer_id)
      .single();
    expect(decided).toEqual({
      decision: "sent_back",
      note: "İndirimi %17 yapın",
    });

    const revised = await rpc(dealer, "revise_offer", {
      p_input: {
        offer_id: created.offer_id,
        alternatives: [ALLOWED_ALTERNATIVES[0], APPROVAL_ONLY_ALTERNATIVE],
      },
    });
    expect(revised.revision_no).toBe(2);

    const { data: revision } = await dealer
      .from("offer_revisions")
      .select("changes")
      .eq("offer_id", created.offer_id)
      .eq("revision_no", 2)
      .single();
    expect(revision?.changes.from_revision_no).toBe(1);
    expect(revision?.changes.alternatives_changed).toHaveLength(1);
    const change = revision?.changes.alternatives_changed[0];
    expect(change.position).toBe(2);
    expect(change.parameters.before.discount_pct).toBe(20);
    expect(change.parameters.after.discount_pct).toBe(17);
    expect(change.offer_bill_try.after).toBeGreaterThan(
      change.offer_bill_try.before,
    );
    expect(revision?.changes.consumption).toBeUndefined();

    // 17 % is still above the maximum discount without approval.
    const resubmitted = await rpc(dealer, "submit_offer", {
      p_offer_id: created.offer_id,
    });
    expect(resubmitted.state).toBe("awaiting_approval");
    const approved = await rpc(manager, "decide_offer", {
      p_offer_id: created.offer_id,
      p_decision: "approved",
      p_note: "Hacim nedeniyle onaylandı",
    });
    expect(approved.state).toBe("approved");

    const { data: offer } = await dealer
      .from("offers")
      .select("state, current_revision_no, dealer_id")
      .eq("id", created.offer_id)
      .single();
    expect(offer).toEqual({
      state: "approved",
      current_revision_no: 2,
      dealer_id: fixture.dealerIds.b,
    });
  });
});
