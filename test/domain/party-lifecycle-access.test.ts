// Who may change a party's lifecycle. Dealer users signed in through
// supabase-js may create leads and edit their parties but not make them
// customers. Staff still may, and so may a security definer function, which
// is how the contract and portfolio functions change it for any caller.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { anonClientOptions, PASSWORD } from "../../stack/test/auth/helpers.ts";
import { connect } from "../db.ts";
import { type Actor, createFixture, type Fixture } from "./fixture.ts";
import { freshVkn } from "./turkish-ids.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;
let dealer: SupabaseClient;
let consultant: SupabaseClient;
let manager: SupabaseClient;

// Gives a fixture login a password through the auth admin API and returns a
// supabase-js client signed in as that user.
async function signedInAs(
  admin: SupabaseClient,
  actor: Exclude<Actor, "anon">,
): Promise<SupabaseClient> {
  const updated = await admin.auth.admin.updateUserById(
    fixture.userIds[actor],
    {
      password: PASSWORD,
    },
  );
  if (updated.error) {
    throw updated.error;
  }

  const client = createClient(stack.API_URL, stack.ANON_KEY, anonClientOptions);
  const { error } = await client.auth.signInWithPassword({
    email: `${actor}.${fixture.suffix}@matrix.test`,
    password: PASSWORD,
  });
  if (error) {
    throw error;
  }

  return client;
}

async function insertLead(ownerDealerId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, owner_dealer_id)
     values ('company', $1, 'Yaşam Enerji A.Ş.', $2) returning id`,
    [freshVkn(), ownerDealerId],
  );

  return (rows[0] as { id: string }).id;
}

async function lifecycleOf(partyId: string): Promise<string> {
  const { rows } = await db.query<{ lifecycle: string }>(
    "select lifecycle from public.parties where id = $1",
    [partyId],
  );

  return (rows[0] as { lifecycle: string }).lifecycle;
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  const admin = createClient(
    stack.API_URL,
    stack.SERVICE_ROLE_KEY,
    anonClientOptions,
  );
  dealer = await signedInAs(admin, "dealer_below");
  consultant = await signedInAs(admin, "sales_consultant");
  manager = await signedInAs(admin, "manager");
});

afterAll(async () => {
  await db?.end();
});

describe("party lifecycle as a dealer user", () => {
  it("rejects lead to customer", async () => {
    const partyId = await insertLead(fixture.dealerIds.b);

    const { data, error, status } = await dealer
      .from("parties")
      .update({ lifecycle: "customer" })
      .eq("id", partyId)
      .select("lifecycle");

    expect(data).toBeNull();
    expect(status).toBe(403);
    expect(error?.code).toBe("42501");
    expect(error?.message).toBe(
      "permission denied to set parties.lifecycle to customer",
    );
    expect(error?.hint).toMatch(/contract enters the portfolio/);
    expect(await lifecycleOf(partyId)).toBe("lead");
  });

  it("rejects customer to former customer", async () => {
    const { error, status } = await dealer
      .from("parties")
      .update({ lifecycle: "former_customer" })
      .eq("id", fixture.partyIds.k1);

    expect(status).toBe(403);
    expect(error?.message).toBe(
      "permission denied to set parties.lifecycle to former_customer",
    );
    expect(await lifecycleOf(fixture.partyIds.k1)).toBe("customer");
  });

  it("rejects a new party as customer", async () => {
    const { error, status } = await dealer.from("parties").insert({
      kind: "company",
      vkn: freshVkn(),
      name: "Doğrudan Müşteri Ltd. Şti.",
      lifecycle: "customer",
      owner_dealer_id: fixture.dealerIds.b,
    });

    expect(status).toBe(403);
    expect(error?.message).toBe(
      "permission denied to set parties.lifecycle to customer",
    );
  });

  it("still creates a lead", async () => {
    const { data, error } = await dealer
      .from("parties")
      .insert({
        kind: "company",
        vkn: freshVkn(),
        name: "Yeni Aday Ltd. Şti.",
        owner_dealer_id: fixture.dealerIds.b,
      })
      .select("lifecycle")
      .single();

    expect(error).toBeNull();
    expect(data?.lifecycle).toBe("lead");
  });

  it("still edits a customer, resending its lifecycle", async () => {
    const { data, error } = await dealer
      .from("parties")
      .update({ lifecycle: "customer", notes: "Sayaç değişimi konuşuldu" })
      .eq("id", fixture.partyIds.k1)
      .select("lifecycle, notes")
      .single();

    expect(error).toBeNull();
    expect(data?.lifecycle).toBe("customer");
    expect(data?.notes).toBe("Sayaç değişimi konuşuldu");
  });
});

describe("party lifecycle as staff", () => {
  it("lets a sales consultant make a customer", async () => {
    const partyId = await insertLead(fixture.dealerIds.b);

    const { data, error } = await consultant
      .from("parties")
      .update({ lifecycle: "customer" })
      .eq("id", partyId)
      .select("lifecycle, became_customer_at")
      .single();

    expect(error).toBeNull();
    expect(data?.lifecycle).toBe("customer");
    expect(data?.became_customer_at).not.toBeNull();
  });

  it("lets a manager end and renew a customer", async () => {
    const partyId = await insertLead(fixture.dealerIds.c);
    for (const lifecycle of ["customer", "former_customer", "customer"]) {
      const { data, error } = await manager
        .from("parties")
        .update({ lifecycle })
        .eq("id", partyId)
        .select("lifecycle")
        .single();

      expect(error).toBeNull();
      expect(data?.lifecycle).toBe(lifecycle);
    }
  });
});

describe("party lifecycle through a definer function", () => {
  it("moves a dealer's lead for the dealer", async () => {
    // A stand-in for the portfolio function: it runs as its owner, as the
    // contract functions do, and is called by the dealer over REST.
    const name = `test_enter_portfolio_${fixture.suffix}`;
    await db.query(
      `create function public.${name}(p_party_id uuid)
       returns text
       language sql
       security definer
       set search_path = ''
       as $$
         update public.parties set lifecycle = 'customer'
         where id = p_party_id
         returning lifecycle
       $$`,
    );
    await db.query(`grant execute on function public.${name} to authenticated`);
    await db.query("notify pgrst, 'reload schema'");
    const partyId = await insertLead(fixture.dealerIds.b);

    try {
      let result = await dealer.rpc(name, { p_party_id: partyId });
      for (let attempt = 0; result.status === 404 && attempt < 100; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        result = await dealer.rpc(name, { p_party_id: partyId });
      }

      expect(result.error).toBeNull();
      expect(result.data).toBe("customer");
      expect(await lifecycleOf(partyId)).toBe("customer");
    } finally {
      await db.query(`drop function public.${name}`);
      await db.query("notify pgrst, 'reload schema'");
    }
  });
});
