// Links in auth e-mails lead to the apps on the ports this stack serves them
// on, even when those are not the defaults named in config.toml.
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");

async function recoveryLink(email: string, redirectTo?: string) {
  const since = Date.now();
  // supabase-js sends redirectTo as the redirect_to query parameter.
  const query = redirectTo
    ? `?redirect_to=${encodeURIComponent(redirectTo)}`
    : "";
  const response = await fetch(`${stack.API_URL}/auth/v1/recover${query}`, {
    method: "POST",
    headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);

  type Summary = {
    ID: string;
    To: Array<{ Address: string }>;
    Created: string;
  };
  const list = await fetch(`${stack.MAILPIT_URL}/api/v1/messages`).then(
    (r) => r.json() as Promise<{ messages: Summary[] }>,
  );
  const summary = list.messages.find(
    (m) => m.To[0]?.Address === email && Date.parse(m.Created) >= since - 1000,
  );
  expect(summary).toBeDefined();
  const message = await fetch(
    `${stack.MAILPIT_URL}/api/v1/message/${summary?.ID}`,
  ).then((r) => r.json() as Promise<{ Text: string }>);
  const link = /https?:\/\/\S+\/auth\/v1\/verify\S+/.exec(message.Text)?.[0];
  expect(link).toBeDefined();

  return link as string;
}

describe("auth e-mail links", () => {
  it("redirect to the admin this stack serves", async () => {
    expect(stack.ADMIN_URL).toBeDefined();
    const link = await recoveryLink("operations@demo.enerji.test");
    const response = await fetch(link, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location.startsWith(`${stack.ADMIN_URL}`)).toBe(true);
    expect(location).toContain("#access_token=");
  });

  it("redirect to the portal when it asks", async () => {
    const target = `${stack.PORTAL_URL}/reset-password`;
    const link = await recoveryLink("callcentre@demo.enerji.test", target);
    const response = await fetch(link, { redirect: "manual" });
    const location = response.headers.get("location") ?? "";
    expect(location.startsWith(target)).toBe(true);
  });
});
