// The custom access-token hook: what it adds to the claims for each kind of
// user, that it ignores claims a client put there, and who may call it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT_DIR } from "../../stack/src/config.ts";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "./fixture.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db.end();
});

type Claims = Record<string, unknown>;
type HookResult = { claims: Claims };

// Calls the hook as Supabase Auth does: as supabase_auth_admin.
async function runHook(userId: string, claims: Claims): Promise<HookResult> {
  const event = {
    user_id: userId,
    claims: {
      sub: userId,
      role: "authenticated",
      aud: "authenticated",
      ...claims,
    },
    authentication_method: "password",
  };
  await db.query("begin");
  try {
    await db.query("set local role supabase_auth_admin");
    const { rows } = await db.query(
      "select public.custom_access_token_hook($1::jsonb) as result",
      [JSON.stringify(event)],
    );

    return rows[0].result;
  } finally {
    await db.query("rollback");
  }
}

describe("custom_access_token_hook", () => {
  it("adds the staff role and staff id", async () => {
    const result = await runHook(fixture.userIds.finance, {
      email: "f@x.test",
    });
    expect(result).toEqual({
      claims: {
        sub: fixture.userIds.finance,
        role: "authenticated",
        aud: "authenticated",
        email: "f@x.test",
        app_role: "finance",
        staff_id: fixture.staffIds.finance,
      },
    });
  });

  it("adds dealer_user and the dealer id", async () => {
    const { claims } = await runHook(fixture.userIds.dealer_below, {});
    expect(claims).toMatchObject({
      app_role: "dealer_user",
      dealer_id: fixture.dealerIds.b,
    });
    expect(claims).not.toHaveProperty("party_id");
  });

  it("adds customer_user and the party id", async () => {
    const { claims } = await runHook(fixture.userIds.customer_own, {});
    expect(claims).toMatchObject({
      app_role: "customer_user",
      party_id: fixture.partyIds.k1,
    });
  });

  it("replaces an app_role the client supplied", async () => {
    const { claims } = await runHook(fixture.userIds.customer_own, {
      app_role: "admin",
      dealer_id: fixture.dealerIds.a,
    });
    expect(claims.app_role).toBe("customer_user");
    expect(claims).not.toHaveProperty("dealer_id");
  });

  it("adds nothing for a user without an account", async () => {
    const { claims } = await runHook(fixture.spareUserId, {
      app_role: "admin",
    });
    expect(claims).toEqual({
      sub: fixture.spareUserId,
      role: "authenticated",
      aud: "authenticated",
    });
  });

  it.each(["authenticated", "anon", "service_role"])(
    "cannot be called by %s",
    async (role) => {
      await db.query("begin");
      try {
        await db.query(`set local role ${role}`);
        await expect(
          db.query("select public.custom_access_token_hook('{}'::jsonb)"),
        ).rejects.toMatchObject({ code: "42501" });
      } finally {
        await db.query("rollback");
      }
    },
  );

  it("is enabled in supabase/config.toml", async () => {
    const config = parse(
      await readFile(path.join(ROOT_DIR, "supabase", "config.toml"), "utf8"),
    ) as { auth: { hook: { custom_access_token: Record<string, unknown> } } };
    expect(config.auth.hook.custom_access_token).toEqual({
      enabled: true,
      uri: "pg-functions://postgres/public/custom_access_token_hook",
    });
  });
});
