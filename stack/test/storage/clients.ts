// Clients for the storage tests: supabase-js as the service role, as anon
// and as users whose JWTs the tests sign with the project secret.
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import type pg from "pg";
import { TEST_REALTIME_OPTIONS } from "../../../test/realtime.ts";
import type { StackStatus } from "../../src/stack.ts";

const NO_SESSION = {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: TEST_REALTIME_OPTIONS,
};

export function serviceClient(stack: StackStatus): SupabaseClient {
  return createClient(stack.API_URL, stack.SERVICE_ROLE_KEY, NO_SESSION);
}

export function anonClient(stack: StackStatus): SupabaseClient {
  return createClient(stack.API_URL, stack.ANON_KEY, NO_SESSION);
}

export async function signUserToken(
  stack: StackStatus,
  sub: string,
  expiresAtSeconds = Math.floor(Date.now() / 1000) + 3600,
): Promise<string> {
  return new SignJWT({ sub, role: "authenticated", aud: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(expiresAtSeconds)
    .sign(new TextEncoder().encode(stack.JWT_SECRET));
}

export type TestUser = { id: string; client: SupabaseClient };

// A client signed in as a new user: the anon key as API key and the
// user's JWT as bearer token.
export async function userClient(stack: StackStatus): Promise<TestUser> {
  const id = randomUUID();
  const token = await signUserToken(stack, id);
  const client = createClient(stack.API_URL, stack.ANON_KEY, {
    accessToken: async () => token,
    realtime: TEST_REALTIME_OPTIONS,
  });

  return { id, client };
}

export function uniqueName(label: string): string {
  return `${label}-${randomBytes(4).toString("hex")}`;
}

export function randomContent(size: number): Buffer {
  return randomBytes(size);
}

export async function bytesOf(blob: Blob | null): Promise<Buffer> {
  if (!blob) {
    throw new Error("no data returned");
  }

  return Buffer.from(await blob.arrayBuffer());
}

export function blobOf(bytes: Buffer, type?: string): Blob {
  return new Blob([new Uint8Array(bytes)], { type });
}

// Returns the folder that contains the stack's object files: "storage" beside
// the database's data directory in the stack's data folder.
export async function storageFolder(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ setting: string }>(
    "select setting from pg_settings where name = 'data_directory'",
  );

  return path.join(path.dirname(rows[0]?.setting ?? ""), "storage");
}
