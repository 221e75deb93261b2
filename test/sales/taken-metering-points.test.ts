// Accepting an offer whose metering points another contract still covers.
// While that contract awaits signature or registration, or is active,
// respond_to_offer raises 22023 naming the first such point and the
// contract, and changes nothing. Once that contract has ended, the offer
// can be accepted.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  actorClient,
  type Client,
  clientAs,
  createLead,
  istanbulDate,
  type Lead,
  MONTHS,
  rpc,
} from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;
let consultant: Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  consultant = await actorClient(stack, fixture, "sales_consultant");
});

afterAll(async () => {
  await db?.end();
});

type SentOffer = { offerId: string; alternativeId: string };

// Creates, submits and marks as sent an offer for the lead's metering points.
async function sendOffer(lead: Lead): Promise<SentOffer> {
  const created = await rpc(consultant, "create_offer", {
    p_input: {
      party_id: lead.partyId,
      valid_until: istanbulDate(30),
      consumption: {
        metering_point_ids: lead.meteringPointIds,
        months: MONTHS,
      },
      alternatives: [ALLOWED_ALTERNATIVES[0]],
    },
  });
  await rpc(consultant, "submit_offer", { p_offer_id: created.offer_id });
  await rpc(consultant, "mark_offer_sent", {
    p_offer_id: created.offer_id,
    p_recipient_email: "musteri@sales.test",
  });
  const { rows } = await db.query<{ id: string }>(
    `select a.id from public.offer_alternatives a
     join public.offer_revisions r on r.id = a.offer_revision_id
     where r.offer_id = $1`,
    [created.offer_id],
  );

  return { offerId: created.offer_id, alternativeId: rows[0]?.id ?? "" };
}

async function accept(customer: Client, offer: SentOffer) {
  return customer.rpc("respond_to_offer", {
    p_offer_id: offer.offerId,
    p_offer_alternative_id: offer.alternativeId,
    p_decision: "accepted",
  });
}

// The offer's state, its contracts and the open registration requests of
// the lead's metering points.
async function acceptanceState(lead: Lead, offer: SentOffer) {
  const { rows } = await db.query(
    `select o.state,
       (select count(*)::int from public.contracts c
        where c.offer_id = o.id) as contracts,
       (select count(*)::int from public.registration_requests r
        where r.metering_point_id = any ($2::uuid[])
          and r.state in ('requested', 'submitted', 'approved'))
         as open_registrations
     from public.offers o where o.id = $1`,
    [offer.offerId, lead.meteringPointIds],
  );

  return rows[0];
}

describe("accepting an offer with taken metering points", () => {
  it("names the point and the contract", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const customer = await clientAs(stack, lead.userId);
    const first = await sendOffer(lead);
    const second = await sendOffer(lead);
    const contracted = await accept(customer, first);
    expect(contracted.error).toBeNull();
    const contractNumber = contracted.data.contract_number;
    const codes = await db.query<{ code: string }>(
      "select code from public.metering_points where id = any ($1::uuid[])",
      [lead.meteringPointIds],
    );
    const firstCode = codes.rows.map((row) => row.code).sort()[0];
    const before = await acceptanceState(lead, second);
    expect(before).toEqual({
      state: "sent",
      contracts: 0,
      open_registrations: 2,
    });

    // Open registration requests of the first contract.
    const denied = await accept(customer, second);
    expect(denied.data).toBeNull();
    expect(denied.error?.code).toBe("22023");
    expect(denied.error?.message).toBe(
      `Metering point ${firstCode} is already in contract ${contractNumber}`,
    );
    expect(denied.error?.hint).toBe(
      "Make a new revision without this metering point, " +
        "or accept the offer once that contract has ended.",
    );
    expect(await acceptanceState(lead, second)).toEqual(before);

    // The customer's offer list names the taken point before an attempt.
    const listed = await customer.rpc("customer_offers");
    const taken = Object.fromEntries(
      (listed.data ?? []).map((offer: Record<string, string | null>) => [
        offer.offer_id,
        [offer.taken_metering_point_code, offer.taken_by_contract_number],
      ]),
    );
    expect(taken).toEqual({
      [first.offerId]: [null, null],
      [second.offerId]: [firstCode, contractNumber],
    });

    // An active contract whose points are in the portfolio.
    await db.query(
      `update public.registration_requests set state = 'in_portfolio'
       where contract_id = $1`,
      [contracted.data.contract_id],
    );
    await db.query(
      "update public.contracts set state = 'active' where id = $1",
      [contracted.data.contract_id],
    );
    const active = await accept(customer, second);
    expect(active.error?.code).toBe("22023");
    expect(active.error?.message).toBe(
      `Metering point ${firstCode} is already in contract ${contractNumber}`,
    );
    expect(await acceptanceState(lead, second)).toEqual({
      state: "sent",
      contracts: 0,
      open_registrations: 0,
    });

    // An ended contract leaves its points free.
    await db.query(
      "update public.contracts set state = 'ended' where id = $1",
      [contracted.data.contract_id],
    );
    const accepted = await accept(customer, second);
    expect(accepted.error).toBeNull();
    expect(accepted.data.state).toBe("contracted");
    expect(await acceptanceState(lead, second)).toEqual({
      state: "contracted",
      contracts: 1,
      open_registrations: 2,
    });
  });
});
