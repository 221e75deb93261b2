// The edge runtime through its gateway over real HTTP: JWT verification,
// platform environment and secrets, row-level security as the caller, CORS
// preflight, body size and wall-clock limits, and function logs.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type FixtureRuntime, startFixtureRuntime } from "./harness.ts";

const stack = inject("stack");
const WALL_CLOCK_LIMIT_MS = 2000;
const MAX_BODY_BYTES = 64 * 1024;

let runtime: FixtureRuntime;
let secretsDir: string;
const ownerA = randomUUID();
const ownerB = randomUUID();

async function userToken(
  sub: string,
  secret = stack.JWT_SECRET,
  expiresInS = 3600,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);

  return new SignJWT({ sub, role: "authenticated", aud: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInS)
    .sign(new TextEncoder().encode(secret));
}

beforeAll(async () => {
  secretsDir = await mkdtemp(path.join(os.tmpdir(), "function-secrets-"));
  const envFile = path.join(secretsDir, ".env");
  await writeFile(envFile, 'FIXTURE_SECRET="from the env file"\n');
  runtime = await startFixtureRuntime(stack, {
    wallClockLimitMs: WALL_CLOCK_LIMIT_MS,
    maxBodyBytes: MAX_BODY_BYTES,
    envFile,
  });
  const client = new pg.Client({ connectionString: runtime.databaseUrl });
  await client.connect();
  await client.query(`
    create table public.function_fixture_notes (
      owner_id uuid not null,
      note text not null
    );
    alter table public.function_fixture_notes enable row level security;
    create policy "Users can view their own notes"
      on public.function_fixture_notes for select to authenticated
      using (owner_id = (select auth.uid()));
  `);
  await client.query(
    `insert into public.function_fixture_notes (owner_id, note)
     values ($1, 'note of A'), ($2, 'note of B')`,
    [ownerA, ownerB],
  );
  await client.end();
});

afterAll(async () => {
  await runtime?.stop();
  await rm(secretsDir, { recursive: true, force: true });
});

describe("JWT verification", () => {
  it("rejects a call without Authorization", async () => {
    const response = await fetch(`${runtime.functionsUrl}/whoami`);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      msg: "Error: Missing authorization header",
    });
  });

  it("rejects a JWT signed with another secret", async () => {
    const token = await userToken(ownerA, "not-the-project-secret-0123456789");
    const response = await fetch(`${runtime.functionsUrl}/whoami`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ msg: "Invalid JWT" });
  });

  it("rejects an expired JWT", async () => {
    const token = await userToken(ownerA, stack.JWT_SECRET, -60);
    const response = await fetch(`${runtime.functionsUrl}/whoami`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(401);
  });

  it("lets verify_jwt = false functions be called anonymously", async () => {
    const response = await fetch(`${runtime.functionsUrl}/open-access`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ open: true, length: 0 });
  });
});

describe("function environment", () => {
  it("queries as the caller so RLS returns only their row", async () => {
    const response = await fetch(`${runtime.functionsUrl}/whoami`, {
      headers: { authorization: `Bearer ${await userToken(ownerA)}` },
    });
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.notes).toEqual(["note of A"]);
  });

  it("returns the other user's row to the other user", async () => {
    const response = await fetch(`${runtime.functionsUrl}/whoami`, {
      headers: { authorization: `Bearer ${await userToken(ownerB)}` },
    });

    expect((await response.json()).notes).toEqual(["note of B"]);
  });

  it("gives platform variables and env-file secrets", async () => {
    const response = await fetch(`${runtime.functionsUrl}/whoami/sub?x=1`, {
      headers: { authorization: `Bearer ${stack.ANON_KEY}` },
    });
    const body = await response.json();

    expect(body.supabaseUrl).toBe(runtime.apiUrl);
    expect(body.hasAnonKey).toBe(true);
    expect(body.hasServiceRoleKey).toBe(true);
    expect(body.secret).toBe("from the env file");
    expect(body.path).toBe("/whoami/sub");
    expect(body.notes).toEqual([]);
  });

  it("answers 404 for unknown functions and _shared", async () => {
    for (const name of ["no-such-function", "_shared", "..%2Fetc"]) {
      const response = await fetch(`${runtime.functionsUrl}/${name}`, {
        headers: { authorization: `Bearer ${stack.ANON_KEY}` },
      });

      expect(response.status, name).toBe(404);
    }
  });

  it("serves a default-exported fetch handler", async () => {
    const response = await fetch(`${runtime.functionsUrl}/default-export`, {
      headers: { authorization: `Bearer ${stack.ANON_KEY}` },
    });
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.style).toBe("default export");
    expect(body.wroteTemporary).toBe(true);
    expect(body.readsOutside).toBe(false);
  });

  it("prefixes function logs with the function's name", async () => {
    const response = await fetch(`${runtime.functionsUrl}/sleep?ms=1`, {
      headers: { authorization: `Bearer ${stack.ANON_KEY}` },
    });
    await response.json();

    expect(runtime.logs).toContain("[functions:sleep] sleeping 1 ms");
  });
});

describe("CORS preflight", () => {
  it("reaches the function without a JWT", async () => {
    const response = await fetch(`${runtime.functionsUrl}/whoami`, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:54330",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain(
      "authorization",
    );
  });
});

describe("limits", () => {
  it("rejects a body over the limit with 413", async () => {
    const response = await fetch(`${runtime.functionsUrl}/open-access`, {
      method: "POST",
      body: "x".repeat(MAX_BODY_BYTES + 1),
    });

    expect(response.status).toBe(413);
    expect((await response.json()).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("rejects a streamed body once it passes the limit", async () => {
    const chunk = new TextEncoder().encode("y".repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES * 2) {
          controller.close();

          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${runtime.functionsUrl}/open-access`, {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);

    expect(response.status).toBe(413);
  });

  it("accepts a body at the limit", async () => {
    const response = await fetch(`${runtime.functionsUrl}/open-access`, {
      method: "POST",
      body: "x".repeat(MAX_BODY_BYTES),
    });

    expect(response.status).toBe(200);
  });

  it("stops a call at the wall-clock limit with 546", async () => {
    const headers = { authorization: `Bearer ${stack.ANON_KEY}` };
    const before = await fetch(`${runtime.functionsUrl}/sleep?ms=0`, {
      headers,
    }).then((response) => response.json());
    const started = Date.now();
    const response = await fetch(`${runtime.functionsUrl}/sleep?ms=60000`, {
      headers,
    });
    const elapsed = Date.now() - started;
    const body = await response.json();

    expect(response.status).toBe(546);
    expect(body.code).toBe("WORKER_LIMIT");
    expect(body.message).toContain(`${WALL_CLOCK_LIMIT_MS} ms`);
    expect(elapsed).toBeGreaterThanOrEqual(WALL_CLOCK_LIMIT_MS);
    expect(elapsed).toBeLessThan(WALL_CLOCK_LIMIT_MS + 3000);

    const next = await fetch(`${runtime.functionsUrl}/sleep?ms=0`, {
      headers,
    });
    const after = await next.json();

    expect(next.status).toBe(200);
    expect(after.pid).not.toBe(before.pid);
  });
});
