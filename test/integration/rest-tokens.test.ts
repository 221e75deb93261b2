// Tokens issued by the auth service are accepted by the REST API, and a
// token with a tampered signature, an expired one or one naming an unknown
// role is rejected with PostgREST's errors.
import { SignJWT } from "jose";
import { describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";

const stack = inject("stack");

async function signIn(email: string): Promise<string> {
  const response = await fetch(
    `${stack.API_URL}/auth/v1/token?grant_type=password`,
    {
      method: "POST",
      headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    },
  );
  expect(response.status).toBe(200);
  const session = (await response.json()) as { access_token: string };

  return session.access_token;
}

async function listRegions(token: string): Promise<Response> {
  return fetch(`${stack.REST_URL}/distribution_regions?select=code`, {
    headers: { apikey: stack.ANON_KEY, authorization: `Bearer ${token}` },
  });
}

async function signed(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(stack.JWT_SECRET));
}

describe("REST with auth tokens", () => {
  it("accepts a token from a password sign-in", async () => {
    const token = await signIn("manager@demo.enerji.test");
    const response = await listRegions(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(21);
  });

  it("rejects a token with a tampered signature", async () => {
    const token = await signIn("manager@demo.enerji.test");
    const [header, payload, signature = ""] = token.split(".");
    const flipped = signature.startsWith("A") ? "B" : "A";
    const tampered = `${header}.${payload}.${flipped}${signature.slice(1)}`;
    const response = await listRegions(tampered);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(
      /^Bearer error="invalid_token"/,
    );
    const body = await response.json();
    expect(body.code).toBe("PGRST301");
  });

  it("rejects an expired token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signed({
      sub: "00000000-0000-0000-0000-000000000001",
      role: "authenticated",
      iat: now - 7200,
      exp: now - 3600,
    });
    const response = await listRegions(token);
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.code).toBe("PGRST303");
    expect(body.message).toBe("JWT expired");
  });

  it("rejects a token naming an unknown role", async () => {
    const token = await signed({ role: "dealer_user" });
    const response = await listRegions(token);
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.code).toBe("22023");
    expect(body.message).toBe('role "dealer_user" does not exist');
  });
});
