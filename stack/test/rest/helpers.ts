// Helpers for the REST tests: user tokens signed with the project secret,
// unique table names, and waiting for the schema cache to see new tables.
import { randomBytes, randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import type pg from "pg";
import { TEST_REALTIME_OPTIONS } from "../../../test/realtime.ts";

export type TestUser = { id: string; token: string };

export async function signUser(
  secret: string,
  id = randomUUID(),
): Promise<TestUser> {
  const token = await new SignJWT({
    sub: id,
    role: "authenticated",
    aud: "authenticated",
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));

  return { id, token };
}

export function uniquePrefix(): string {
  return `rt${randomBytes(4).toString("hex")}`;
}

export function clientFor(
  url: string,
  anonKey: string,
  token?: string,
  schema = "public",
): SupabaseClient<any, any, any> {
  return createClient(url, anonKey, {
    db: { schema },
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: TEST_REALTIME_OPTIONS,
    global: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  });
}

// Sends the reload notification and waits until the REST API lists `table`.
export async function reloadSchema(
  db: pg.Client,
  restUrl: string,
  anonKey: string,
  table: string,
): Promise<void> {
  await db.query("notify pgrst, 'reload schema'");
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${restUrl}/${table}?limit=0`, {
      headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
    });
    if (response.status !== 404) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the REST schema cache never showed ${table}`);
}
