// Known traps of Supabase's REST API that the local stack must reproduce
// exactly as production does, with the way the app avoids each.
import http from "node:http";
import type net from "node:net";
import { dataProvider } from "@refinedev/supabase";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withRelatedSorters } from "../../../shared/related-sorters.ts";
import { connect } from "../../../test/db.ts";
import { createRestServer, type RestServer } from "../../src/rest/server.ts";
import {
  clientFor,
  reloadSchema,
  signUser,
  type TestUser,
  uniquePrefix,
} from "./helpers.ts";

const stack = inject("stack");
const p = uniquePrefix();
const customers = `${p}_customers`;
const contracts = `${p}_contracts`;
const notes = `${p}_notes`;
const billing = `${p}_billing`;
let db: pg.Client;
let alice: TestUser;
let bora: TestUser;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  alice = await signUser(stack.JWT_SECRET);
  bora = await signUser(stack.JWT_SECRET);
  await db.query(`
    create table public.${customers} (
      id bigint generated always as identity primary key,
      full_name text not null,
      owner_id uuid not null default auth.uid()
    );
    comment on table public.${customers} is 'Customers of a pitfall test run.';
    create table public.${contracts} (
      id bigint generated always as identity primary key,
      code text not null unique,
      customer_id bigint not null references public.${customers},
      owner_id uuid not null default auth.uid()
    );
    comment on table public.${contracts} is 'Contracts of a pitfall test run.';
    -- notes become visible once published: the insert policy allows drafts,
    -- the select policy shows only published notes
    create table public.${notes} (
      id bigint generated always as identity primary key,
      slug text not null unique,
      body text not null,
      published boolean not null default false,
      owner_id uuid not null default auth.uid()
    );
    comment on table public.${notes} is 'Notes of a pitfall test run.';
    alter table public.${customers} enable row level security;
    alter table public.${contracts} enable row level security;
    alter table public.${notes} enable row level security;
    create policy "Owners can view their customers" on public.${customers}
      for select to authenticated using (owner_id = auth.uid());
    create policy "Owners can view their contracts" on public.${contracts}
      for select to authenticated using (owner_id = auth.uid());
    create policy "Owners can view their published notes" on public.${notes}
      for select to authenticated using (owner_id = auth.uid() and published);
    create policy "Owners can add notes" on public.${notes}
      for insert to authenticated with check (owner_id = auth.uid());
    create policy "Owners can change their notes" on public.${notes}
      for update to authenticated using (owner_id = auth.uid()) with check (owner_id = auth.uid());
  `);
  // contracts C-1, C-2, C-3 inserted in that order
  for (const [code, name] of [
    ["C-1", "Zeynep Acar"],
    ["C-2", "Ali Bulut"],
    ["C-3", "Murat Çelik"],
  ]) {
    const { rows } = await db.query(
      `insert into public.${customers} (full_name, owner_id) values ($1, $2) returning id`,
      [name, alice.id],
    );
    await db.query(
      `insert into public.${contracts} (code, customer_id, owner_id) values ($1, $2, $3)`,
      [code, rows[0].id, alice.id],
    );
  }
  await reloadSchema(db, stack.REST_URL, stack.ANON_KEY, notes);
});

afterAll(async () => {
  await db.query(
    `drop table if exists public.${notes}, public.${contracts}, public.${customers}`,
  );
  await db.query(`drop schema if exists ${billing} cascade`);
  await db.query("notify pgrst, 'reload schema'");
  await db.end();
});

describe("sorting a list by a related column", () => {
  const list = (
    provider: ReturnType<typeof dataProvider>,
    order: "asc" | "desc",
    currentPage = 1,
    pageSize = 10,
  ) =>
    provider.getList({
      resource: contracts,
      meta: { select: `*, ${customers}(full_name)` },
      sorters: [{ field: `${customers}.full_name`, order }],
      pagination: { currentPage, pageSize },
    });

  it("orders only inside the embed with the provider as shipped, as PostgREST does", async () => {
    const raw = dataProvider(
      clientFor(stack.API_URL, stack.ANON_KEY, alice.token),
    );
    const asc = await list(raw, "asc");
    const desc = await list(raw, "desc");
    // the same requests sent by hand: an order on the embedded resource only
    const byHand = async (direction: string) => {
      const response = await fetch(
        `${stack.REST_URL}/${contracts}?select=*,${customers}(full_name)&${customers}.order=full_name.${direction}`,
        {
          headers: {
            apikey: stack.ANON_KEY,
            Authorization: `Bearer ${alice.token}`,
          },
        },
      );

      return (await response.json()) as Array<{ code: string }>;
    };
    expect(asc.data).toEqual(await byHand("asc"));
    expect(desc.data).toEqual(await byHand("desc"));
    // the parents keep their stored order whatever the direction
    expect(asc.data.map((row) => row.code)).toEqual(
      desc.data.map((row) => row.code),
    );
    expect(asc.data.map((row) => row.code)).not.toEqual(["C-2", "C-3", "C-1"]);
  });

  it("orders the parents with the top-level related order the wrapper sends", async () => {
    const fixed = withRelatedSorters(
      dataProvider(clientFor(stack.API_URL, stack.ANON_KEY, alice.token)),
    );
    expect((await list(fixed, "asc")).data.map((row) => row.code)).toEqual([
      "C-2",
      "C-3",
      "C-1",
    ]);
    expect((await list(fixed, "desc")).data.map((row) => row.code)).toEqual([
      "C-1",
      "C-3",
      "C-2",
    ]);
    const page1 = await list(fixed, "asc", 1, 2);
    const page2 = await list(fixed, "asc", 2, 2);
    expect(page1.data.map((row) => row.code)).toEqual(["C-2", "C-3"]);
    expect(page2.data.map((row) => row.code)).toEqual(["C-1"]);
    expect(page1.total).toBe(3);
    expect(page1.data[0]?.[customers]).toEqual({ full_name: "Ali Bulut" });
  });

  it("accepts the top-level related order from supabase-js directly", async () => {
    const select: string = `code, ${customers}(full_name)`;
    const { data } = await clientFor(stack.API_URL, stack.ANON_KEY, alice.token)
      .from(contracts)
      .select(select)
      .order(`${customers}(full_name)`, { ascending: false });
    const rows = data as unknown as Array<{ code: string }>;
    expect(rows.map((row) => row.code)).toEqual(["C-1", "C-3", "C-2"]);
  });
});

describe("writes that return rows are checked against select policies", () => {
  it("rejects an insert that returns a row the caller may not see", async () => {
    const client = clientFor(stack.API_URL, stack.ANON_KEY, alice.token);
    const { data, error, status } = await client
      .from(notes)
      .insert({ slug: "draft-1", body: "x" })
      .select();
    expect(data).toBeNull();
    expect(status).toBe(403);
    expect(error?.code).toBe("42501");
    expect(error?.message).toMatch(
      /new row violates row-level security policy/,
    );
    const { rows } = await db.query(
      `select count(*)::int as n from public.${notes} where slug = 'draft-1'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("accepts the same insert when no row is asked back", async () => {
    const client = clientFor(stack.API_URL, stack.ANON_KEY, alice.token);
    const { error, status } = await client
      .from(notes)
      .insert({ slug: "draft-2", body: "x" });
    expect(error).toBeNull();
    expect(status).toBe(201);
    const { rows } = await db.query(
      `select owner_id from public.${notes} where slug = 'draft-2'`,
    );
    expect(rows).toEqual([{ owner_id: alice.id }]);
  });

  it("returns a published note, which passes the select policy", async () => {
    const client = clientFor(stack.API_URL, stack.ANON_KEY, alice.token);
    const { data, error } = await client
      .from(notes)
      .insert({ slug: "public-1", body: "x", published: true })
      .select("slug");
    expect(error).toBeNull();
    expect(data).toEqual([{ slug: "public-1" }]);
  });

  it("checks an upsert on conflict against the select policy too", async () => {
    const client = clientFor(stack.API_URL, stack.ANON_KEY, alice.token);
    const { error } = await client
      .from(notes)
      .upsert({ slug: "draft-2", body: "changed" }, { onConflict: "slug" })
      .select();
    expect(error?.code).toBe("42501");
    const { rows } = await db.query(
      `select body from public.${notes} where slug = 'draft-2'`,
    );
    expect(rows[0].body).toBe("x");
  });

  it("answers an update that policies block with no rows and no error", async () => {
    const client = clientFor(stack.API_URL, stack.ANON_KEY, bora.token);
    const { data, error, status } = await client
      .from(notes)
      .update({ body: "taken over" })
      .eq("slug", "public-1")
      .select();
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([]);
    const { rows } = await db.query(
      `select body from public.${notes} where slug = 'public-1'`,
    );
    expect(rows[0].body).toBe("x");
  });
});

describe("calling a function with other argument names", () => {
  let server: RestServer;
  let listener: http.Server;
  let url: string;

  beforeAll(async () => {
    await db.query(`
      create schema ${billing};
      grant usage on schema ${billing} to anon, authenticated;
      create function ${billing}.calculate_bill(p_contract_id uuid, p_period_start date, p_period_end date)
        returns numeric language sql stable set search_path = '' as
        $$ select (p_period_end - p_period_start + 1) * 10.5 $$;
      grant execute on function ${billing}.calculate_bill(uuid, date, date) to anon, authenticated;
    `);
    // a REST server exposing only this schema, configured like the stack's
    server = await createRestServer({
      dbUri: stack.AUTHENTICATOR_DB_URL,
      schemas: [billing],
      anonRole: "anon",
      jwtSecret: stack.JWT_SECRET,
      prefix: "/rest/v1",
      poolSize: 2,
    });
    listener = http.createServer((req, res) => {
      void server.handle(req, res);
    });
    await new Promise<void>((resolve) =>
      listener.listen(0, "127.0.0.1", () => resolve()),
    );
    url = `http://127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    await server.stop();
  });

  it("answers camel-case names with PGRST202 and a hint naming the function", async () => {
    const { data, error, status } = await clientFor(
      url,
      stack.ANON_KEY,
      undefined,
      billing,
    ).rpc("calculate_bill", {
      contractId: "6b1f9a52-3c1e-4e8a-9c55-0d7c1e2f4a10",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
    });
    expect(data).toBeNull();
    expect(status).toBe(404);
    expect(error?.code).toBe("PGRST202");
    expect(error?.message).toBe(
      `Could not find the function ${billing}.calculate_bill(contractId, periodEnd, periodStart) in the schema cache`,
    );
    expect(error?.hint).toBe(
      `Perhaps you meant to call the function ${billing}.calculate_bill(p_contract_id, p_period_end, p_period_start)`,
    );
  });

  it("answers a missing argument without a default with PGRST202", async () => {
    const { error, status } = await clientFor(
      url,
      stack.ANON_KEY,
      undefined,
      billing,
    ).rpc("calculate_bill", {
      p_contract_id: "6b1f9a52-3c1e-4e8a-9c55-0d7c1e2f4a10",
      p_period_start: "2026-11-01",
    });
    expect(status).toBe(404);
    expect(error?.code).toBe("PGRST202");
  });

  it("calls the function with its own argument names", async () => {
    const { data, error, status } = await clientFor(
      url,
      stack.ANON_KEY,
      undefined,
      billing,
    ).rpc("calculate_bill", {
      p_contract_id: "6b1f9a52-3c1e-4e8a-9c55-0d7c1e2f4a10",
      p_period_start: "2026-11-01",
      p_period_end: "2026-11-30",
    });
    expect(error).toBeNull();
    expect(status).toBe(200);
    // 30 days at 10.5 TL a day
    expect(data).toBe(315);
  });
});
