// Offer rules the database enforces for every caller: one dealer per
// customer (also under concurrent attempts), frozen revisions, the state
// machine, expiry, and who may read which offer.
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

async function createOffer(
  client: Client,
  lead: Lead,
  validUntil: string,
): Promise<{ offer_id: string; offer_number: string }> {
  return rpc(client, "create_offer", {
    p_input: {
      party_id: lead.partyId,
      valid_until: validUntil,
      consumption: { ...TARIFF, months: MONTHS },
      alternatives: [ALLOWED_ALTERNATIVES[0]],
    },
  });
}

async function dealerNames(): Promise<string[]> {
  const { rows } = await db.query<{ id: string; code: string; name: string }>(
    "select id::text, code, name from public.dealers where id = any($1::uuid[])",
    [[fixture.dealerIds.a, fixture.dealerIds.b]],
  );

  return rows.flatMap((row) => [row.id, row.code, row.name]);
}

describe("one dealer per customer", () => {
  it("lets one of two concurrent submits win", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const above = await actorClient(stack, fixture, "dealer_above");
    const below = await actorClient(stack, fixture, "dealer_below");
    const aboveUntil = istanbulDate(10);
    const belowUntil = istanbulDate(12);
    const aboveOffer = await createOffer(above, lead, aboveUntil);
    const belowOffer = await createOffer(below, lead, belowUntil);

    const results = await Promise.allSettled([
      rpc(above, "submit_offer", { p_offer_id: aboveOffer.offer_id }),
      rpc(below, "submit_offer", { p_offer_id: belowOffer.offer_id }),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result) => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);

    const aboveWon = results[0]?.status === "fulfilled";
    const winnerUntil = aboveWon ? aboveUntil : belowUntil;
    const message = String((lost[0] as PromiseRejectedResult).reason);
    expect(message).toContain(`until ${winnerUntil}`);
    expect(message).toContain(lead.customerCode);
    for (const name of await dealerNames()) {
      expect(message).not.toContain(name);
    }

    const { rows } = await db.query(
      "select state from public.offers where id = $1",
      [aboveWon ? belowOffer.offer_id : aboveOffer.offer_id],
    );
    expect(rows[0]?.state).toBe("draft");
  });

  it("makes a waiting submit see the committed one", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const aboveOffer = await createOffer(
      await actorClient(stack, fixture, "dealer_above"),
      lead,
      istanbulDate(9),
    );
    const belowOffer = await createOffer(
      await actorClient(stack, fixture, "dealer_below"),
      lead,
      istanbulDate(8),
    );
    const first = await connect(stack.AUTHENTICATOR_DB_URL);
    const second = await connect(stack.AUTHENTICATOR_DB_URL);
    const actAs = async (client: pg.Client, userId: string) => {
      await client.query("begin");
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: userId, role: "authenticated" }),
      ]);
      await client.query("set local role authenticated");
    };
    try {
      // The first submit holds the customer's lock until it commits.
      await actAs(first, fixture.userIds.dealer_above);
      await first.query("select public.submit_offer($1)", [
        aboveOffer.offer_id,
      ]);
      await actAs(second, fixture.userIds.dealer_below);
      const waiting = second
        .query("select public.submit_offer($1)", [belowOffer.offer_id])
        .then(
          () => "",
          (error: Error) => error.message,
        );
      // Wait until the second submit is blocked on the lock.
      let blocked = false;
      for (let attempt = 0; attempt < 100 && !blocked; attempt++) {
        const { rows } = await db.query(
          `select count(*)::int as waiting from pg_stat_activity
           where wait_event_type = 'Lock' and query like '%submit_offer%'`,
        );
        blocked = rows[0]?.waiting > 0;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(blocked).toBe(true);
      await first.query("commit");

      expect(await waiting).toBe(
        `Customer ${lead.customerCode} already has a valid offer from another seller until ${istanbulDate(9)}`,
      );
      await second.query("rollback");
    } finally {
      await first.end();
      await second.end();
    }
  });

  it("rejects a second dealer's new offer", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const above = await actorClient(stack, fixture, "dealer_above");
    const below = await actorClient(stack, fixture, "dealer_below");
    const validUntil = istanbulDate(15);
    const first = await createOffer(below, lead, validUntil);
    await rpc(below, "submit_offer", { p_offer_id: first.offer_id });

    const { message, code } = await rpcError(above, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: MONTHS },
        alternatives: [ALLOWED_ALTERNATIVES[0]],
      },
    });
    expect(code).toBe("P0001");
    expect(message).toBe(
      `Customer ${lead.customerCode} already has a valid offer from another seller until ${validUntil}`,
    );

    // The same dealer may still make a second offer.
    const again = await createOffer(below, lead, istanbulDate(5));
    expect(again.offer_number).toMatch(/^TKF-/);
  });
});

describe("offer states", () => {
  it("names both states of a wrong transition", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const offer = await createOffer(consultant, lead, istanbulDate(10));

    const { message, code } = await rpcError(consultant, "respond_to_offer", {
      p_offer_id: offer.offer_id,
      p_decision: "rejected",
    });
    expect(code).toBe("P0001");
    expect(message).toBe("Offer state cannot change from draft to rejected");

    const decided = await rpcError(
      await actorClient(stack, fixture, "manager"),
      "decide_offer",
      { p_offer_id: offer.offer_id, p_decision: "approved" },
    );
    expect(decided.message).toBe(
      "Offer state cannot change from draft to approved",
    );
  });

  it("rejects a transition written directly", async () => {
    await db.query("begin");
    try {
      await db.query("update public.offers set state = 'draft' where id = $1", [
        fixture.offerId,
      ]);
      expect.unreachable("the update must fail");
    } catch (error) {
      expect((error as Error).message).toBe(
        "Offer state cannot change from contracted to draft",
      );
    } finally {
      await db.query("rollback");
    }
  });

  it("expires a sent offer after its date", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const offer = await createOffer(consultant, lead, istanbulDate(3));
    await rpc(consultant, "submit_offer", { p_offer_id: offer.offer_id });
    await rpc(consultant, "mark_offer_sent", {
      p_offer_id: offer.offer_id,
      p_recipient_email: "musteri@sales.test",
    });
    await db.query("update public.offers set valid_until = $2 where id = $1", [
      offer.offer_id,
      istanbulDate(-1),
    ]);

    // A user may not run the expiry; the scheduled function may.
    const denied = await rpcError(consultant, "expire_offers", {});
    expect(denied.code).toBe("42501");
    const response = await fetch(
      `${stack.API_URL}/functions/v1/expire-offers`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
          "content-type": "application/json",
        },
        body: "{}",
      },
    );
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result.offer_ids).toContain(offer.offer_id);
    const { rows } = await db.query(
      "select state from public.offers where id = $1",
      [offer.offer_id],
    );
    expect(rows[0]?.state).toBe("expired");

    const job = await db.query(
      "select function_name from public.scheduled_jobs where name = 'expire-offers'",
    );
    expect(job.rows[0]?.function_name).toBe("expire-offers");
  });
});

describe("frozen revisions", () => {
  it("reject changes once sent", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const offer = await createOffer(consultant, lead, istanbulDate(10));
    await rpc(consultant, "submit_offer", { p_offer_id: offer.offer_id });
    await rpc(consultant, "mark_offer_sent", {
      p_offer_id: offer.offer_id,
      p_recipient_email: "musteri@sales.test",
    });

    const edit = await rpcError(consultant, "update_offer_revision", {
      p_input: { offer_id: offer.offer_id, valid_until: istanbulDate(11) },
    });
    expect(edit.message).toBe(
      `Offer ${offer.offer_number} is sent: only a draft can be edited`,
    );

    // Even the database owner cannot change the sent prices.
    for (const statement of [
      `update public.offer_alternatives set offer_bill_try = 1
       where offer_revision_id in (select id from public.offer_revisions where offer_id = $1)`,
      `delete from public.offer_alternatives
       where offer_revision_id in (select id from public.offer_revisions where offer_id = $1)`,
      "update public.offer_revisions set market_snapshot = '{}' where offer_id = $1",
    ]) {
      await db.query("begin");
      try {
        await db.query(statement, [offer.offer_id]);
        expect.unreachable("the change must fail");
      } catch (error) {
        expect((error as Error).message).toMatch(
          /^Revision 1 of the offer is frozen since .*: its offer (alternatives|revisions) cannot change$/,
        );
      } finally {
        await db.query("rollback");
      }
    }

    // A new revision starts from a copy and is editable again.
    const revised = await rpc(consultant, "revise_offer", {
      p_input: { offer_id: offer.offer_id, valid_until: istanbulDate(12) },
    });
    expect(revised.revision_no).toBe(2);
    const { data: revision } = await consultant
      .from("offer_revisions")
      .select("changes, frozen_at")
      .eq("offer_id", offer.offer_id)
      .eq("revision_no", 2)
      .single();
    expect(revision?.frozen_at).toBeNull();
    expect(revision?.changes.valid_until).toEqual({
      before: istanbulDate(10),
      after: istanbulDate(12),
    });
    expect(revision?.changes.alternatives_changed).toBeUndefined();
  });
});

describe("offer visibility", () => {
  it("hides drafts and other customers' offers", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const customer = await clientAs(stack, lead.userId);
    const offer = await createOffer(consultant, lead, istanbulDate(10));

    const draft = await customer.from("offers").select("id");
    expect(draft.data).toEqual([]);
    const draftList = await customer.rpc("customer_offers");
    expect(draftList.data).toEqual([]);

    await rpc(consultant, "submit_offer", { p_offer_id: offer.offer_id });
    await rpc(consultant, "mark_offer_sent", {
      p_offer_id: offer.offer_id,
      p_recipient_email: "musteri@sales.test",
    });

    const sent = await customer.from("offers").select("id");
    expect(sent.data).toEqual([{ id: offer.offer_id }]);
    const alternatives = await customer.from("offer_alternatives").select("id");
    expect(alternatives.data).toEqual([]);
    const approvals = await customer.from("offer_approvals").select("id");
    expect(approvals.data).toEqual([]);

    const other = await actorClient(stack, fixture, "customer_other");
    const otherOffers = await other
      .from("offers")
      .select("id")
      .eq("id", offer.offer_id);
    expect(otherOffers.data).toEqual([]);
    const otherList = await other.rpc("customer_offers");
    expect(
      (otherList.data as Array<{ offer_id: string }>).map((o) => o.offer_id),
    ).not.toContain(offer.offer_id);
    const otherAnswer = await rpcError(other, "respond_to_offer", {
      p_offer_id: offer.offer_id,
      p_decision: "rejected",
    });
    expect(otherAnswer.message).toBe(`Offer ${offer.offer_id} not found`);
  });

  it("hides a dealer's offers from an unrelated dealer", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const below = await actorClient(stack, fixture, "dealer_below");
    const offer = await createOffer(below, lead, istanbulDate(10));

    const unrelated = await actorClient(stack, fixture, "dealer_unrelated");
    const seen = await unrelated
      .from("offers")
      .select("id")
      .eq("id", offer.offer_id);
    expect(seen.data).toEqual([]);
    const submit = await rpcError(unrelated, "submit_offer", {
      p_offer_id: offer.offer_id,
    });
    expect(submit.message).toBe(`Offer ${offer.offer_id} not found`);

    const above = await actorClient(stack, fixture, "dealer_above");
    const fromAbove = await above
      .from("offers")
      .select("id")
      .eq("id", offer.offer_id);
    expect(fromAbove.data).toEqual([{ id: offer.offer_id }]);
  });

  it("rejects offer writes through the table API", async () => {
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const { error } = await consultant
      .from("offers")
      .update({ state: "approved" })
      .eq("id", fixture.offerId);
    expect(error?.code).toBe("42501");
  });
});
