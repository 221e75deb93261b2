// The custom access token hook: a Postgres function that receives the
// claims and returns amended ones, or an error that fails the sign-in. The
// test creates its own hook functions in a scratch schema and points an
// auth instance at them.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import {
  type AuthInstance,
  anonClient,
  claimsOf,
  createUser,
  PASSWORD,
  startAuthInstance,
  uniqueEmail,
} from "./helpers.ts";

const stack = inject("stack");
const admin = anonClient(stack.API_URL, stack.SERVICE_ROLE_KEY);
const schema = `hook_test_${randomBytes(4).toString("hex")}`;

let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  await db.query(`
    create schema ${schema};
    create table ${schema}.staff_roles (
      user_id uuid primary key,
      staff_role text not null
    );
    create table ${schema}.hook_calls (
      event jsonb not null,
      called_at timestamptz not null default clock_timestamp()
    );

    create function ${schema}.role_hook(event jsonb) returns jsonb
    language plpgsql
    as $$
    declare
      staff_role text;
    begin
      insert into ${schema}.hook_calls (event) values (event);
      select r.staff_role into staff_role
        from ${schema}.staff_roles r
       where r.user_id = (event ->> 'user_id')::uuid;
      if staff_role is null then
        return jsonb_build_object('claims', event -> 'claims');
      end if;

      return jsonb_build_object(
        'claims',
        jsonb_set(event -> 'claims', '{role}', to_jsonb(staff_role))
          || jsonb_build_object('staff_role', staff_role)
      );
    end
    $$;

    create function ${schema}.refusing_hook(event jsonb) returns jsonb
    language sql
    as $$
      select jsonb_build_object('error', jsonb_build_object(
        'http_code', 403, 'message', 'Hesabınız askıya alındı'))
    $$;

    create function ${schema}.failing_hook(event jsonb) returns jsonb
    language plpgsql
    as $$
    begin
      raise exception 'hook failed on purpose';
    end
    $$;

    grant usage on schema ${schema} to supabase_auth_admin;
    grant select, insert on all tables in schema ${schema}
      to supabase_auth_admin;
    grant execute on all functions in schema ${schema}
      to supabase_auth_admin;
  `);
});

afterAll(async () => {
  await db.query(`drop schema ${schema} cascade`);
  await db.end();
});

function hookUri(name: string): string {
  return `pg-functions://postgres/${schema}/${name}`;
}

describe("custom access token hook", () => {
  let instance: AuthInstance;

  beforeAll(async () => {
    instance = await startAuthInstance(stack, {
      customAccessTokenHook: { uri: hookUri("role_hook") },
    });
  });

  afterAll(async () => {
    await instance.stop();
  });

  it("puts the hook's role claim in the token", async () => {
    const email = uniqueEmail("bayi");
    const userId = await createUser(admin, email);
    await db.query(
      `insert into ${schema}.staff_roles (user_id, staff_role)
       values ($1, 'dealer_user')`,
      [userId],
    );
    const client = anonClient(instance.apiUrl, stack.ANON_KEY);

    const { data, error } = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });

    expect(error).toBeNull();
    const claims = claimsOf(data.session?.access_token ?? "");
    expect(claims.role).toBe("dealer_user");
    expect(claims.staff_role).toBe("dealer_user");
    expect(claims.sub).toBe(userId);
    const { rows } = await db.query(
      `select event from ${schema}.hook_calls
        where event ->> 'user_id' = $1 order by called_at`,
      [userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].event.authentication_method).toBe("password");
    expect(rows[0].event.claims).toMatchObject({
      sub: userId,
      role: "authenticated",
      aud: "authenticated",
      email,
      session_id: claims.session_id,
    });
  });

  it("applies the hook again on refresh", async () => {
    const email = uniqueEmail("yenilenen");
    const userId = await createUser(admin, email);
    await db.query(
      `insert into ${schema}.staff_roles (user_id, staff_role)
       values ($1, 'finance')`,
      [userId],
    );
    const client = anonClient(instance.apiUrl, stack.ANON_KEY);
    const { data } = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });

    const refreshed = await client.auth.refreshSession({
      refresh_token: data.session?.refresh_token ?? "",
    });

    expect(claimsOf(refreshed.data.session?.access_token ?? "").role).toBe(
      "finance",
    );
    const { rows } = await db.query(
      `select event ->> 'authentication_method' as method
         from ${schema}.hook_calls
        where event ->> 'user_id' = $1 order by called_at`,
      [userId],
    );
    expect(rows.map((row) => row.method)).toEqual([
      "password",
      "token_refresh",
    ]);
  });

  it("leaves the claims of a user the hook does not change", async () => {
    const email = uniqueEmail("rolsuz");
    await createUser(admin, email);
    const client = anonClient(instance.apiUrl, stack.ANON_KEY);

    const { data } = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });

    expect(claimsOf(data.session?.access_token ?? "").role).toBe(
      "authenticated",
    );
  });
});

describe("custom access token hook errors", () => {
  let refusing: AuthInstance;
  let failing: AuthInstance;

  beforeAll(async () => {
    refusing = await startAuthInstance(stack, {
      customAccessTokenHook: { uri: hookUri("refusing_hook") },
    });
    failing = await startAuthInstance(stack, {
      customAccessTokenHook: { uri: hookUri("failing_hook") },
    });
  });

  afterAll(async () => {
    await refusing.stop();
    await failing.stop();
  });

  it("fails the sign-in with the hook's status and message", async () => {
    const email = uniqueEmail("askida");
    const userId = await createUser(admin, email);
    const client = anonClient(refusing.apiUrl, stack.ANON_KEY);

    const { data, error } = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });

    expect(data.session).toBeNull();
    expect(error?.status).toBe(403);
    expect(error?.message).toBe("Hesabınız askıya alındı");
    const { rows } = await db.query(
      "select count(*)::int as n from auth.sessions where user_id = $1",
      [userId],
    );
    expect(rows[0].n).toBe(0);
  });

  it("fails the sign-in when the hook raises", async () => {
    const email = uniqueEmail("hata");
    await createUser(admin, email);
    const response = await fetch(
      `${failing.apiUrl}/auth/v1/token?grant_type=password`,
      {
        method: "POST",
        headers: {
          apikey: stack.ANON_KEY,
          "content-type": "application/json",
          "x-supabase-api-version": "2024-01-01",
        },
        body: JSON.stringify({ email, password: PASSWORD }),
      },
    );

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: "unexpected_failure",
      message: `Error running hook URI: ${hookUri("failing_hook")}`,
    });
  });
});
