// Drives /rest/v1 with supabase-js as two signed-in users against tables with
// row-level security, the way the admin, portal and functions reach the data.
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
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
const tags = `${p}_tags`;
const contractTags = `${p}_contract_tags`;
let db: pg.Client;
let alice: TestUser;
let bora: TestUser;
let asAlice: SupabaseClient;
let asBora: SupabaseClient;

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
    comment on table public.${customers} is 'Customers of a REST test run.';
    create table public.${contracts} (
      id bigint generated always as identity primary key,
      code text not null unique,
      customer_id bigint not null references public.${customers},
      amount_try numeric(12,2) not null,
      note text,
      owner_id uuid not null default auth.uid()
    );
    comment on table public.${contracts} is 'Contracts of a REST test run.';
    create table public.${tags} (
      id bigint generated always as identity primary key,
      name text not null
    );
    comment on table public.${tags} is 'Tags of a REST test run.';
    create table public.${contractTags} (
      contract_id bigint references public.${contracts} on delete cascade,
      tag_id bigint references public.${tags},
      primary key (contract_id, tag_id)
    );
    comment on table public.${contractTags} is 'Tags on contracts of a REST test run.';
    alter table public.${customers} enable row level security;
    alter table public.${contracts} enable row level security;
    alter table public.${tags} enable row level security;
    alter table public.${contractTags} enable row level security;
    create policy "Owners can view their customers" on public.${customers}
      for select to authenticated using (owner_id = auth.uid());
    create policy "Owners can add customers" on public.${customers}
      for insert to authenticated with check (owner_id = auth.uid());
    create policy "Owners can view their contracts" on public.${contracts}
      for select to authenticated using (owner_id = auth.uid());
    create policy "Owners can add contracts" on public.${contracts}
      for insert to authenticated with check (owner_id = auth.uid());
    create policy "Owners can change their contracts" on public.${contracts}
      for update to authenticated using (owner_id = auth.uid()) with check (owner_id = auth.uid());
    create policy "Owners can remove their contracts" on public.${contracts}
      for delete to authenticated using (owner_id = auth.uid());
    create policy "Signed-in users can view tags" on public.${tags}
      for select to authenticated using (true);
    create policy "Owners can view the tags of their contracts" on public.${contractTags}
      for select to authenticated using (exists (
        select 1 from public.${contracts} c where c.id = contract_id and c.owner_id = auth.uid()));
    create function public.${p}_total_try(p_min_try numeric) returns numeric
      language sql stable set search_path = '' as
      $$ select coalesce(sum(amount_try), 0) from public.${contracts} where amount_try >= p_min_try $$;
    create function public.${p}_statement_timeout() returns text
      language sql stable set search_path = '' as
      $$ select current_setting('statement_timeout') $$;
    create function public.${p}_contracts_above(p_min_try numeric) returns setof public.${contracts}
      language sql stable set search_path = '' as
      $$ select * from public.${contracts} where amount_try >= p_min_try $$;
  `);
  const insert = async (
    user: TestUser,
    name: string,
    rows: Array<[string, string]>,
  ) => {
    const { rows: made } = await db.query(
      `insert into public.${customers} (full_name, owner_id) values ($1, $2) returning id`,
      [name, user.id],
    );
    for (const [code, amount] of rows) {
      await db.query(
        `insert into public.${contracts} (code, customer_id, amount_try, owner_id) values ($1, $2, $3, $4)`,
        [code, made[0].id, amount, user.id],
      );
    }
  };
  await insert(alice, "Zeynep Acar", [["C-1", "100.50"]]);
  await insert(alice, "Ali Bulut", [["C-2", "250.00"]]);
  await insert(alice, "Murat Çelik", [["C-3", "75.00"]]);
  await insert(bora, "Deniz Kaya", [["D-1", "999.00"]]);
  await db.query(
    `insert into public.${tags} (name) values ('priority'), ('industrial')`,
  );
  await db.query(`
    insert into public.${contractTags} (contract_id, tag_id)
    select c.id, t.id from public.${contracts} c, public.${tags} t
    where (c.code = 'C-1' and t.name in ('priority', 'industrial')) or (c.code = 'C-2' and t.name = 'industrial')`);
  await reloadSchema(db, stack.REST_URL, stack.ANON_KEY, contractTags);
  asAlice = clientFor(stack.API_URL, stack.ANON_KEY, alice.token);
  asBora = clientFor(stack.API_URL, stack.ANON_KEY, bora.token);
});

afterAll(async () => {
  await db.query(`
    drop function if exists public.${p}_total_try(numeric);
    drop function if exists public.${p}_contracts_above(numeric);
    drop function if exists public.${p}_statement_timeout();
    drop table if exists public.${contractTags}, public.${tags}, public.${contracts}, public.${customers};
  `);
  await db.query("notify pgrst, 'reload schema'");
  await db.end();
});

describe("reading with supabase-js", () => {
  it("embeds a many-to-one customer in each contract", async () => {
    const { data, error } = await asAlice
      .from(contracts)
      .select(`code, customer:${customers}(full_name)`)
      .order("code");
    expect(error).toBeNull();
    expect(data).toEqual([
      { code: "C-1", customer: { full_name: "Zeynep Acar" } },
      { code: "C-2", customer: { full_name: "Ali Bulut" } },
      { code: "C-3", customer: { full_name: "Murat Çelik" } },
    ]);
  });

  it("embeds one-to-many and many-to-many resources with their own order", async () => {
    const { data: customer } = await asAlice
      .from(customers)
      .select(`full_name, ${contracts}(code)`)
      .eq("full_name", "Ali Bulut")
      .single();
    expect(customer).toEqual({
      full_name: "Ali Bulut",
      [contracts]: [{ code: "C-2" }],
    });
    const { data, error } = await asAlice
      .from(contracts)
      .select(`code, ${tags}(name)`)
      .eq("code", "C-1")
      .order("name", { referencedTable: tags, ascending: false });
    expect(error).toBeNull();
    expect(data).toEqual([
      { code: "C-1", [tags]: [{ name: "priority" }, { name: "industrial" }] },
    ]);
  });

  it("keeps only parents with a match when the embed is inner", async () => {
    const select: string = `code, ${tags}!inner(name)`;
    const { data } = await asAlice
      .from(contracts)
      .select(select)
      .eq(`${tags}.name`, "industrial")
      .order("code");
    expect(
      (data as unknown as Array<{ code: string }>).map((row) => row.code),
    ).toEqual(["C-1", "C-2"]);
  });

  it("applies comparison, pattern, list, null and logic filters", async () => {
    const codes = async (
      query: PromiseLike<{ data: Array<{ code: string }> | null }>,
    ) => (await query).data?.map((row) => row.code);
    const base = () => asAlice.from(contracts).select("code").order("code");
    expect(await codes(base().gte("amount_try", 100))).toEqual(["C-1", "C-2"]);
    expect(await codes(base().lt("amount_try", 100))).toEqual(["C-3"]);
    expect(await codes(base().in("code", ["C-1", "C-3", "D-1"]))).toEqual([
      "C-1",
      "C-3",
    ]);
    expect(await codes(base().ilike("code", "c-%"))).toEqual([
      "C-1",
      "C-2",
      "C-3",
    ]);
    expect(await codes(base().or("code.eq.C-1,amount_try.lt.80"))).toEqual([
      "C-1",
      "C-3",
    ]);
    expect(await codes(base().not("code", "eq", "C-1"))).toEqual([
      "C-2",
      "C-3",
    ]);
    expect(await codes(base().is("note", null).neq("code", "C-2"))).toEqual([
      "C-1",
      "C-3",
    ]);
  });

  it("counts exactly and returns the requested range", async () => {
    const { data, count, error } = await asAlice
      .from(contracts)
      .select("code", { count: "exact" })
      .order("code")
      .range(1, 2);
    expect(error).toBeNull();
    expect(count).toBe(3);
    expect(data).toEqual([{ code: "C-2" }, { code: "C-3" }]);
    const head = await asAlice
      .from(contracts)
      .select("*", { count: "exact", head: true });
    expect(head.count).toBe(3);
    expect(head.data).toBeNull();
  });

  it("returns one object with single() and PGRST116 when no row matches", async () => {
    const { data } = await asAlice
      .from(contracts)
      .select("code, amount_try")
      .eq("code", "C-2")
      .single();
    expect(data).toEqual({ code: "C-2", amount_try: 250 });
    const missing = await asAlice
      .from(contracts)
      .select("code")
      .eq("code", "D-1")
      .single();
    expect(missing.data).toBeNull();
    expect(missing.error?.code).toBe("PGRST116");
    expect(missing.status).toBe(406);
  });

  it("shows each user only the rows the policies allow", async () => {
    const { data } = await asBora.from(contracts).select("code, amount_try");
    expect(data).toEqual([{ code: "D-1", amount_try: 999 }]);
    const anonymous = await clientFor(stack.API_URL, stack.ANON_KEY)
      .from(contracts)
      .select("code");
    expect(anonymous.data).toEqual([]);
  });
});

describe("writing with supabase-js", () => {
  it("inserts, updates and deletes rows and returns them", async () => {
    const { data: customer } = await asAlice
      .from(customers)
      .select("id")
      .eq("full_name", "Ali Bulut")
      .single();
    const inserted = await asAlice
      .from(contracts)
      .insert([
        { code: "W-1", customer_id: customer?.id, amount_try: 10 },
        { code: "W-2", customer_id: customer?.id, amount_try: 20 },
      ])
      .select("code, amount_try");
    expect(inserted.error).toBeNull();
    expect(inserted.status).toBe(201);
    expect(inserted.data).toEqual([
      { code: "W-1", amount_try: 10 },
      { code: "W-2", amount_try: 20 },
    ]);
    const { rows } = await db.query(
      `select owner_id from public.${contracts} where code = 'W-1'`,
    );
    expect(rows[0].owner_id).toBe(alice.id);

    const updated = await asAlice
      .from(contracts)
      .update({ amount_try: 12.5 })
      .eq("code", "W-1")
      .select("code, amount_try");
    expect(updated.data).toEqual([{ code: "W-1", amount_try: 12.5 }]);

    const removed = await asAlice
      .from(contracts)
      .delete()
      .in("code", ["W-1", "W-2"])
      .select("code");
    expect(removed.data?.map((row) => row.code).sort()).toEqual(["W-1", "W-2"]);
    const { rows: left } = await db.query(
      `select count(*)::int as n from public.${contracts} where code like 'W-%'`,
    );
    expect(left[0].n).toBe(0);
  });

  it("upserts on a unique column", async () => {
    const { data: customer } = await asAlice
      .from(customers)
      .select("id")
      .eq("full_name", "Zeynep Acar")
      .single();
    const first = await asAlice
      .from(contracts)
      .upsert(
        { code: "U-1", customer_id: customer?.id, amount_try: 1 },
        { onConflict: "code" },
      )
      .select("code, amount_try");
    expect(first.data).toEqual([{ code: "U-1", amount_try: 1 }]);
    const second = await asAlice
      .from(contracts)
      .upsert(
        { code: "U-1", customer_id: customer?.id, amount_try: 2 },
        { onConflict: "code" },
      )
      .select("code, amount_try");
    expect(second.data).toEqual([{ code: "U-1", amount_try: 2 }]);
    const { rows } = await db.query(
      `select amount_try from public.${contracts} where code = 'U-1'`,
    );
    expect(rows).toEqual([{ amount_try: "2.00" }]);
    await db.query(`delete from public.${contracts} where code = 'U-1'`);
  });

  it("answers a unique violation with 409 and its SQLSTATE", async () => {
    const { data: customer } = await asAlice
      .from(customers)
      .select("id")
      .eq("full_name", "Zeynep Acar")
      .single();
    const { error, status } = await asAlice
      .from(contracts)
      .insert({ code: "C-1", customer_id: customer?.id, amount_try: 1 });
    expect(status).toBe(409);
    expect(error?.code).toBe("23505");
  });

  it("leaves another user's rows alone without an error", async () => {
    const { data, error } = await asBora
      .from(contracts)
      .update({ amount_try: 1 })
      .eq("code", "C-1")
      .select();
    expect(error).toBeNull();
    expect(data).toEqual([]);
    const { rows } = await db.query(
      `select amount_try from public.${contracts} where code = 'C-1'`,
    );
    expect(rows[0].amount_try).toBe("100.50");
  });
});

describe("calling functions with supabase-js", () => {
  it("returns a scalar computed under the caller's policies", async () => {
    const mine = await asAlice.rpc(`${p}_total_try`, { p_min_try: 0 });
    expect(mine.error).toBeNull();
    expect(mine.data).toBe(100.5 + 250 + 75);
    const theirs = await asBora.rpc(`${p}_total_try`, { p_min_try: 0 });
    expect(theirs.data).toBe(999);
  });

  it("filters, orders and counts the rows of a set-returning function", async () => {
    const { data, error, count } = await asAlice
      .rpc(`${p}_contracts_above`, { p_min_try: 80 }, { count: "exact" })
      .select("code")
      .order("code", { ascending: false });
    expect(error).toBeNull();
    expect(data).toEqual([{ code: "C-2" }, { code: "C-1" }]);
    expect(count).toBe(2);
    const filtered = await asAlice
      .rpc(`${p}_contracts_above`, { p_min_try: 0 })
      .eq("code", "C-3")
      .select("code");
    expect(filtered.data).toEqual([{ code: "C-3" }]);
  });

  it("runs under the settings of the token's role", async () => {
    const anonymous = await clientFor(stack.API_URL, stack.ANON_KEY).rpc(
      `${p}_statement_timeout`,
    );
    expect(anonymous.data).toBe("3s");
    const signedIn = await asAlice.rpc(`${p}_statement_timeout`);
    expect(signedIn.data).toBe("8s");
  });

  it("calls a stable function with GET", async () => {
    const { data } = await asAlice.rpc(
      `${p}_total_try`,
      { p_min_try: 100 },
      { get: true },
    );
    expect(data).toBe(350.5);
  });
});
