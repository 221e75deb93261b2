import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../test/db.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db.end();
});

describe("platform roles", () => {
  it("lets authenticator switch to each API role", async () => {
    const client = await connect(stack.AUTHENTICATOR_DB_URL);
    for (const role of ["anon", "authenticated", "service_role"]) {
      await client.query(`set role ${role}`);
      const { rows } = await client.query("select current_user as name");
      expect(rows[0].name).toBe(role);
      await client.query("reset role");
    }
    await client.end();
  });

  it("rejects logging in as an API role", async () => {
    for (const role of ["anon", "authenticated", "service_role"]) {
      const url = new URL(stack.DB_URL);
      url.username = role;
      await expect(connect(url.toString())).rejects.toThrow(
        new RegExp(
          `password authentication failed for user "${role}"|role "${role}" is not permitted to log in`,
        ),
      );
    }
  });

  it("rejects session authorization changes by authenticator", async () => {
    const client = await connect(stack.AUTHENTICATOR_DB_URL);
    await expect(
      client.query("set session authorization service_role"),
    ).rejects.toThrow(/permission denied to set session authorization/);
    await client.end();
  });

  it("rejects authenticator switching to postgres", async () => {
    const client = await connect(stack.AUTHENTICATOR_DB_URL);
    await expect(client.query("set role postgres")).rejects.toThrow(
      /permission denied to set role/,
    );
    await client.end();
  });

  it("gives only service_role the bypass of row-level security", async () => {
    const { rows } = await db.query(
      `select rolname, rolbypassrls, rolcanlogin, rolinherit
         from pg_roles
        where rolname in ('anon', 'authenticated', 'service_role',
                          'authenticator')
        order by rolname`,
    );
    expect(rows).toEqual([
      {
        rolname: "anon",
        rolbypassrls: false,
        rolcanlogin: false,
        rolinherit: false,
      },
      {
        rolname: "authenticated",
        rolbypassrls: false,
        rolcanlogin: false,
        rolinherit: false,
      },
      {
        rolname: "authenticator",
        rolbypassrls: false,
        rolcanlogin: true,
        rolinherit: false,
      },
      {
        rolname: "service_role",
        rolbypassrls: true,
        rolcanlogin: false,
        rolinherit: false,
      },
    ]);
  });
});

describe("auth helpers", () => {
  it("returns the sub of the claims as auth.uid()", async () => {
    const sub = "5f0c6a8e-3b1d-4c1e-9a57-2d8f3c4b5a61";
    await db.query("begin");
    await db.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub, role: "authenticated", email: "ayse@example.com" }),
    ]);
    const { rows } = await db.query(
      "select auth.uid() as uid, auth.role() as role, auth.email() as email, auth.jwt() ->> 'sub' as jwt_sub",
    );
    await db.query("rollback");
    expect(rows[0]).toEqual({
      uid: sub,
      role: "authenticated",
      email: "ayse@example.com",
      jwt_sub: sub,
    });
  });

  it("returns null from auth.uid() without claims", async () => {
    const { rows } = await db.query("select auth.uid() as uid");
    expect(rows[0].uid).toBeNull();
  });

  it("reads the older per-claim setting first", async () => {
    await db.query("begin");
    await db.query(
      "select set_config('request.jwt.claim.sub', '00000000-0000-0000-0000-000000000001', true)",
    );
    const { rows } = await db.query("select auth.uid()::text as uid");
    await db.query("rollback");
    expect(rows[0].uid).toBe("00000000-0000-0000-0000-000000000001");
  });
});

describe("row-level security on a sample table", () => {
  const alice = "11111111-1111-1111-1111-111111111111";
  const bob = "22222222-2222-2222-2222-222222222222";

  beforeAll(async () => {
    await db.query(`
      create table public.rls_sample (
        owner_id uuid primary key,
        note text not null
      );
      alter table public.rls_sample enable row level security;
      create policy "Users can view their own row" on public.rls_sample
        for select to authenticated using (owner_id = (select auth.uid()));
      insert into public.rls_sample values
        ('${alice}', 'Alice''s row'), ('${bob}', 'Bob''s row');
    `);
  });

  afterAll(async () => {
    await db.query("drop table public.rls_sample");
  });

  async function visibleAs(role: string, sub?: string): Promise<string[]> {
    const client = await connect(stack.AUTHENTICATOR_DB_URL);
    await client.query("begin");
    await client.query(`set local role ${role}`);
    if (sub) {
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub, role }),
      ]);
    }
    const { rows } = await client.query(
      "select note from public.rls_sample order by note",
    );
    await client.query("rollback");
    await client.end();

    return rows.map((row) => row.note);
  }

  it("shows each user only their own row", async () => {
    expect(await visibleAs("authenticated", alice)).toEqual(["Alice's row"]);
    expect(await visibleAs("authenticated", bob)).toEqual(["Bob's row"]);
  });

  it("shows anon nothing", async () => {
    expect(await visibleAs("anon")).toEqual([]);
  });

  it("shows service_role every row", async () => {
    expect(await visibleAs("service_role")).toEqual([
      "Alice's row",
      "Bob's row",
    ]);
  });
});

describe("storage helpers", () => {
  it("splits an object name into folders, file name and extension", async () => {
    const { rows } = await db.query(
      `select storage.foldername('dealers/42/vergi-levhasi.pdf') as folders,
              storage.filename('dealers/42/vergi-levhasi.pdf') as file,
              storage.extension('dealers/42/vergi-levhasi.pdf') as ext`,
    );
    expect(rows[0]).toEqual({
      folders: ["dealers", "42"],
      file: "vergi-levhasi.pdf",
      ext: "pdf",
    });
  });
});
