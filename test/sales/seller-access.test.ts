// Who may change an offer through the offer RPCs. Every RPC that changes an
// offer must raise "not found" and change nothing for a caller who cannot
// read the offer. Such callers are a dealer user of another branch, a dealer
// user or consultant facing an offer of head-office staff (which has no
// dealer), and a signed-in user without an account.
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
  rpcError,
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

// A caller that must not reach the offer. With `rpcs`, only those RPCs are
// called, otherwise all of them.
type Intruder = { name: string; client: Client; rpcs?: string[] };

async function createOffer(
  client: Client,
  lead: Lead,
): Promise<{ offer_id: string; offer_number: string }> {
  return rpc(client, "create_offer", {
    p_input: {
      party_id: lead.partyId,
      valid_until: istanbulDate(10),
      consumption: { ...TARIFF, months: MONTHS },
      alternatives: [ALLOWED_ALTERNATIVES[0]],
    },
  });
}

// Everything the offer RPCs write for one offer, as one JSON value.
async function offerSnapshot(offerId: string): Promise<unknown> {
  const { rows } = await db.query(
    `select jsonb_build_object(
       'offer', (select to_jsonb(o) from public.offers o where o.id = $1),
       'revisions', (select jsonb_agg(to_jsonb(r) order by r.revision_no)
         from public.offer_revisions r where r.offer_id = $1),
       'alternatives', (select jsonb_agg(to_jsonb(a) order by a.id)
         from public.offer_alternatives a
         join public.offer_revisions r on r.id = a.offer_revision_id
         where r.offer_id = $1),
       'state_changes', (select count(*) from public.offer_state_changes
         where offer_id = $1),
       'approvals', (select count(*) from public.offer_approvals
         where offer_id = $1),
       'sends', (select count(*) from public.offer_sends where offer_id = $1),
       'emails', (select count(*) from public.outbox_emails e
         join public.offer_sends s on s.id = e.offer_send_id
         where s.offer_id = $1),
       'contracts', (select count(*) from public.contracts
         where offer_id = $1)) as snapshot`,
    [offerId],
  );

  return rows[0]?.snapshot;
}

// The calls of each offer RPC that changes an offer in the given state.
function callsFor(
  state: "draft" | "approved" | "sent",
  offerId: string,
  alternativeId: string,
): Array<[string, Record<string, unknown>]> {
  const revise: [string, Record<string, unknown>] = [
    "revise_offer",
    { p_input: { offer_id: offerId, valid_until: istanbulDate(20) } },
  ];
  if (state === "draft") {
    return [
      [
        "update_offer_revision",
        {
          p_input: {
            offer_id: offerId,
            alternatives: [ALLOWED_ALTERNATIVES[1]],
          },
        },
      ],
      ["submit_offer", { p_offer_id: offerId }],
      revise,
    ];
  }

  if (state === "approved") {
    return [
      [
        "mark_offer_sent",
        { p_offer_id: offerId, p_recipient_email: "musteri@sales.test" },
      ],
      ["send_offer_by_email", { p_offer_id: offerId }],
      revise,
    ];
  }

  return [
    [
      "respond_to_offer",
      {
        p_offer_id: offerId,
        p_offer_alternative_id: alternativeId,
        p_decision: "accepted",
      },
    ],
    ["respond_to_offer", { p_offer_id: offerId, p_decision: "rejected" }],
    revise,
  ];
}

// Calls every RPC of the state as every intruder and expects "not found"
// with the offer unchanged.
async function expectNotFound(
  intruders: Intruder[],
  state: "draft" | "approved" | "sent",
  offerId: string,
): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `select a.id from public.offer_alternatives a
     join public.offer_revisions r on r.id = a.offer_revision_id
     join public.offers o on o.id = r.offer_id
       and o.current_revision_no = r.revision_no
     where o.id = $1 order by a.position limit 1`,
    [offerId],
  );
  const before = await offerSnapshot(offerId);
  for (const intruder of intruders) {
    for (const [name, args] of callsFor(state, offerId, rows[0]?.id ?? "")) {
      if (intruder.rpcs && !intruder.rpcs.includes(name)) {
        continue;
      }
      const denied = await rpcError(intruder.client, name, args);
      expect(denied, `${intruder.name} calling ${name}`).toEqual({
        code: "PT404",
        message: `Offer ${offerId} not found`,
      });
    }
  }
  expect(await offerSnapshot(offerId)).toEqual(before);
}

async function setRecipient(lead: Lead): Promise<void> {
  await db.query("update public.parties set email = $2 where id = $1", [
    lead.partyId,
    "musteri@sales.test",
  ]);
}

describe("offer of head-office staff", () => {
  it("rejects every change by dealers and other consultants", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await setRecipient(lead);
    const manager = await actorClient(stack, fixture, "manager");
    const offer = await createOffer(manager, lead);
    const { rows } = await db.query(
      "select dealer_id, owner_staff_id from public.offers where id = $1",
      [offer.offer_id],
    );
    expect(rows[0]).toEqual({
      dealer_id: null,
      owner_staff_id: fixture.staffIds.manager,
    });

    const dealer = await actorClient(stack, fixture, "dealer_below");
    const intruders: Intruder[] = [
      { name: "dealer_below", client: dealer },
      {
        name: "dealer_unrelated",
        client: await actorClient(stack, fixture, "dealer_unrelated"),
      },
      {
        name: "sales_consultant",
        client: await actorClient(stack, fixture, "sales_consultant"),
      },
    ];
    const read = await dealer
      .from("offers")
      .select("id")
      .eq("id", offer.offer_id);
    expect(read.data).toEqual([]);

    await expectNotFound(intruders, "draft", offer.offer_id);
    await rpc(manager, "submit_offer", { p_offer_id: offer.offer_id });
    await expectNotFound(intruders, "approved", offer.offer_id);
    await rpc(manager, "mark_offer_sent", {
      p_offer_id: offer.offer_id,
      p_recipient_email: "musteri@sales.test",
    });
    await expectNotFound(
      [
        ...intruders,
        // Only respond_to_offer is open to users who are not sellers.
        {
          name: "user without an account",
          client: await clientAs(stack, fixture.spareUserId),
          rpcs: ["respond_to_offer"],
        },
      ],
      "sent",
      offer.offer_id,
    );
  });

  it("lets its owner and the customer go on", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const manager = await actorClient(stack, fixture, "manager");
    const offer = await createOffer(manager, lead);
    await rpc(manager, "submit_offer", { p_offer_id: offer.offer_id });
    await rpc(manager, "mark_offer_sent", {
      p_offer_id: offer.offer_id,
      p_recipient_email: "musteri@sales.test",
    });

    const customer = await clientAs(stack, lead.userId);
    const answer = await rpc(customer, "respond_to_offer", {
      p_offer_id: offer.offer_id,
      p_decision: "rejected",
    });
    expect(answer).toEqual({ offer_id: offer.offer_id, state: "rejected" });
  });
});

describe("offer of a dealer", () => {
  it("rejects every change by a dealer of another branch", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await setRecipient(lead);
    const below = await actorClient(stack, fixture, "dealer_below");
    const offer = await createOffer(below, lead);
    const intruders: Intruder[] = [
      {
        name: "dealer_unrelated",
        client: await actorClient(stack, fixture, "dealer_unrelated"),
      },
    ];

    await expectNotFound(intruders, "draft", offer.offer_id);
    await rpc(below, "submit_offer", { p_offer_id: offer.offer_id });
    await expectNotFound(intruders, "approved", offer.offer_id);
    await rpc(below, "mark_offer_sent", {
      p_offer_id: offer.offer_id,
      p_recipient_email: "musteri@sales.test",
    });
    await expectNotFound(intruders, "sent", offer.offer_id);
  });
});

describe("party of head-office staff", () => {
  it("rejects offers by other sellers", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await db.query(
      `update public.parties set owner_dealer_id = null, owner_staff_id = $2
       where id = $1`,
      [lead.partyId, fixture.staffIds.manager],
    );
    for (const actor of ["dealer_below", "sales_consultant"] as const) {
      const denied = await rpcError(
        await actorClient(stack, fixture, actor),
        "create_offer",
        {
          p_input: {
            party_id: lead.partyId,
            valid_until: istanbulDate(10),
            consumption: { ...TARIFF, months: MONTHS },
            alternatives: [ALLOWED_ALTERNATIVES[0]],
          },
        },
      );
      expect(denied, actor).toEqual({
        code: "PT404",
        message: `Party ${lead.partyId} not found`,
      });
    }
    const offers = await db.query(
      "select count(*)::int from public.offers where party_id = $1",
      [lead.partyId],
    );
    expect(offers.rows[0]?.count).toBe(0);
  });
});
