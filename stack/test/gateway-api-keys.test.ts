// The gateway's API key check, with the 401 bodies of hosted Supabase.
// REST, auth and storage need the project's key. E-mail links, public and
// signed storage URLs and edge functions do not.
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { serviceClient, signUserToken } from "./storage/clients.ts";

const stack = inject("stack");

const MISSING = {
  message: "No API key found in request",
  hint: "No `apikey` request header or url param was found.",
};
const INVALID = {
  message: "Invalid API key",
  hint: "Double check your Supabase `anon` or `service_role` API key.",
};

// An anon key signed with another project's secret.
async function foreignAnonKey(): Promise<string> {
  return new SignJWT({ role: "anon" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(randomBytes(32));
}

async function expect401(
  response: Response,
  body: typeof MISSING,
): Promise<void> {
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual(body);
}

describe("REST API key", () => {
  const url = () => `${stack.REST_URL}/distribution_regions?select=code`;

  it("rejects a request without a key", async () => {
    await expect401(await fetch(url()), MISSING);
  });

  it("rejects a key that is no JWT", async () => {
    const response = await fetch(url(), { headers: { apikey: "not-a-key" } });

    await expect401(response, INVALID);
  });

  it("rejects a key of another project", async () => {
    const response = await fetch(url(), {
      headers: { apikey: await foreignAnonKey() },
    });

    await expect401(response, INVALID);
  });

  it("rejects a user's token as key", async () => {
    const token = await signUserToken(stack, crypto.randomUUID());
    const response = await fetch(url(), { headers: { apikey: token } });

    await expect401(response, INVALID);
  });

  it("accepts the anon key in the header", async () => {
    const response = await fetch(url(), {
      headers: { apikey: stack.ANON_KEY },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  it("accepts the anon key as query parameter", async () => {
    const response = await fetch(`${url()}&apikey=${stack.ANON_KEY}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  it("accepts the service role key", async () => {
    const response = await fetch(url(), {
      headers: {
        apikey: stack.SERVICE_ROLE_KEY,
        authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
      },
    });

    expect(response.status).toBe(200);
    const rows = (await response.json()) as { code: string }[];
    expect(rows.length).toBeGreaterThan(0);
  });

  it("answers a CORS preflight without a key", async () => {
    const response = await fetch(url(), {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:54330",
        "access-control-request-method": "GET",
        "access-control-request-headers": "apikey, authorization",
      },
    });

    expect(response.status).toBe(204);
  });
});

describe("auth API key", () => {
  it("rejects the settings request without a key", async () => {
    const response = await fetch(`${stack.API_URL}/auth/v1/settings`);

    await expect401(response, MISSING);
  });

  it("rejects a sign-in with an invalid key", async () => {
    const response = await fetch(
      `${stack.API_URL}/auth/v1/token?grant_type=password`,
      {
        method: "POST",
        headers: { apikey: "wrong", "content-type": "application/json" },
        body: JSON.stringify({ email: "a@example.com", password: "x" }),
      },
    );

    await expect401(response, INVALID);
  });

  it("serves the settings with the anon key", async () => {
    const response = await fetch(`${stack.API_URL}/auth/v1/settings`, {
      headers: { apikey: stack.ANON_KEY },
    });

    expect(response.status).toBe(200);
  });

  it("leaves e-mail verify links open", async () => {
    const response = await fetch(
      `${stack.API_URL}/auth/v1/verify?token=unknown&type=recovery`,
      { redirect: "manual" },
    );

    expect(response.status).not.toBe(401);
  });

  it("leaves the key set open", async () => {
    const response = await fetch(
      `${stack.API_URL}/auth/v1/.well-known/jwks.json`,
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keys: [] });
  });
});

describe("storage API key", () => {
  const bucket = `gateway-${randomBytes(4).toString("hex")}`;
  let signedUrl = "";

  beforeAll(async () => {
    const service = serviceClient(stack);
    const created = await service.storage.createBucket(bucket, {
      public: true,
    });
    expect(created.error).toBeNull();
    const upload = await service.storage
      .from(bucket)
      .upload("notice.txt", "Duyuru");
    expect(upload.error).toBeNull();
    const signed = await service.storage
      .from(bucket)
      .createSignedUrl("notice.txt", 60);
    signedUrl = signed.data?.signedUrl ?? "";
  });

  it("rejects listing buckets without a key", async () => {
    const response = await fetch(`${stack.API_URL}/storage/v1/bucket`, {
      headers: { authorization: `Bearer ${stack.SERVICE_ROLE_KEY}` },
    });

    await expect401(response, MISSING);
  });

  it("rejects a download with an invalid key", async () => {
    const response = await fetch(
      `${stack.API_URL}/storage/v1/object/authenticated/${bucket}/notice.txt`,
      {
        headers: {
          apikey: await foreignAnonKey(),
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
        },
      },
    );

    await expect401(response, INVALID);
  });

  it("serves a download with the service role key", async () => {
    const response = await fetch(
      `${stack.API_URL}/storage/v1/object/authenticated/${bucket}/notice.txt`,
      {
        headers: {
          apikey: stack.SERVICE_ROLE_KEY,
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
        },
      },
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("Duyuru");
  });

  it("serves a public object URL without a key", async () => {
    const response = await fetch(
      `${stack.API_URL}/storage/v1/object/public/${bucket}/notice.txt`,
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("Duyuru");
  });

  it("serves a signed URL without a key", async () => {
    expect(signedUrl).toContain("/object/sign/");
    const response = await fetch(signedUrl);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("Duyuru");
  });
});

describe("functions without API key", () => {
  it("checks only the JWT of a function", async () => {
    const response = await fetch(`${stack.API_URL}/functions/v1/send-offer`, {
      method: "POST",
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      msg: "Error: Missing authorization header",
    });
  });
});
