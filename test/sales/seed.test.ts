// The demo sales data in the test stack (seed 1): offers in every state,
// the demo customer's sent offer, the main dealer's offers, approvals,
// contracts and registration requests.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";
import { clientFor } from "../../stack/test/rest/helpers.ts";
import { connect } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db?.end();
});

async function signIn(email: string) {
  const response = await fetch(
    `${stack.API_URL}/auth/v1/token?grant_type=password`,
    {
      method: "POST",
      headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    },
  );
  expect(response.status).toBe(200);
  const session = (await response.json()) as {
    access_token: string;
    user: { id: string };
  };

  return {
    client: clientFor(stack.API_URL, stack.ANON_KEY, session.access_token),
    userId: session.user.id,
  };
}

describe("demo sales data", () => {
  it("has offers in every state", async () => {
    const { rows } = await db.query<{ state: string }>(
      `select distinct o.state from public.offers o
       join public.parties p on p.id = o.party_id
       where o.offer_number not like 'TKF-2099-%'
         and p.name not like 'Satış Deneme %'
       order by 1`,
    );
    expect(rows.map((row) => row.state)).toEqual([
      "approved",
      "awaiting_approval",
      "contracted",
      "draft",
      "expired",
      "rejected",
      "sent",
    ]);
  });

  it("gives the demo customer one sent offer to accept", async () => {
    const customer = await signIn("customer@demo.enerji.test");
    const { data, error } = await customer.client.rpc("customer_offers");
    expect(error).toBeNull();
    const sent = (data as Array<{ state: string; offer_id: string }>).filter(
      (offer) => offer.state === "sent",
    );
    expect(sent).toHaveLength(1);
    const offer = data[0];
    expect(offer.alternatives.length).toBeGreaterThan(0);

    // Accepting works; the transaction is rolled back to keep the demo.
    const api = await connect(stack.AUTHENTICATOR_DB_URL);
    try {
      await api.query("begin");
      await api.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: customer.userId, role: "authenticated" }),
      ]);
      await api.query("set local role authenticated");
      const { rows } = await api.query(
        "select public.respond_to_offer($1, $2, 'accepted', null) as result",
        [sent[0]?.offer_id, offer.alternatives[0].offer_alternative_id],
      );
      expect(rows[0]?.result.state).toBe("contracted");
    } finally {
      await api.query("rollback");
      await api.end();
    }
  });

  it("shows the main dealer its offers and pending approvals", async () => {
    const dealer = await signIn("dealer.main@demo.enerji.test");
    const { data: offers } = await dealer.client
      .from("offers")
      .select("id, state");
    expect(offers?.length).toBeGreaterThanOrEqual(3);

    const manager = await signIn("manager@demo.enerji.test");
    const { data: pending } = await manager.client
      .from("offer_approvals")
      .select("id, violations")
      .is("decision", null);
    expect(pending?.length).toBeGreaterThanOrEqual(2);
    expect(pending?.[0]?.violations.length).toBeGreaterThan(0);
  });

  it("has contracts with registration requests", async () => {
    const { rows } = await db.query<{ contracts: number; requests: number }>(
      `select count(distinct c.id)::int as contracts,
         count(r.id)::int as requests
       from public.contracts c
       join public.parties p on p.id = c.party_id
       join public.registration_requests r on r.contract_id = c.id
       where c.contract_number not like 'SZL-2099-%'
         and p.name not like 'Satış Deneme %'`,
    );
    expect(rows[0]?.contracts).toBeGreaterThanOrEqual(3);
    expect(rows[0]?.requests).toBe(rows[0]?.contracts);
  });
});
