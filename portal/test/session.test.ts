// The portal names the signed-in user's side from the role claim and trusts
// a stored session only after the auth server confirms it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";
import { launchBrowser } from "../../test/browser.ts";

const stack = inject("stack");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${stack.PORTAL_URL}/login`);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

// supabase-js keeps the session under sb-<project ref>-auth-token.
async function editStoredSession(
  page: Page,
  edit: (session: Record<string, unknown>) => void,
): Promise<void> {
  const key = await page.evaluate(() =>
    Object.keys(localStorage).find(
      (k) => k.startsWith("sb-") && k.endsWith("-auth-token"),
    ),
  );
  expect(key).toBeDefined();
  const stored = JSON.parse(
    (await page.evaluate((k) => localStorage.getItem(k), key as string)) ??
      "{}",
  ) as Record<string, unknown>;
  edit(stored);
  await page.evaluate(
    ([k, value]) => localStorage.setItem(k as string, value as string),
    [key, JSON.stringify(stored)],
  );
}

// Signs the user out of all sessions from another client, as an admin would.
async function signOutEverywhere(email: string): Promise<void> {
  const other = await fetch(
    `${stack.API_URL}/auth/v1/token?grant_type=password`,
    {
      method: "POST",
      headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({
        email: email,
        password: DEMO_PASSWORD,
      }),
    },
  ).then((r) => r.json() as Promise<{ access_token: string }>);
  const logout = await fetch(`${stack.API_URL}/auth/v1/logout?scope=global`, {
    method: "POST",
    headers: {
      apikey: stack.ANON_KEY,
      authorization: `Bearer ${other.access_token}`,
    },
  });
  expect(logout.status).toBe(204);
}

describe("portal session", () => {
  it("shows a dealer the dealer portal", async () => {
    const page = await browser.newPage();
    await signIn(page, "dealer.main@demo.enerji.test");
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();
    expect(await page.getByText("Müşteri portalı").count()).toBe(0);
    await page.close();
  });

  it("shows a customer the customer portal", async () => {
    const page = await browser.newPage();
    await signIn(page, "customer@demo.enerji.test");
    await page.getByRole("heading", { name: "Müşteri portalı" }).waitFor();
    expect(await page.getByText("Bayi portalı").count()).toBe(0);
    await page.close();
  });

  it("sends an edited access token back to /login", async () => {
    const page = await browser.newPage();
    await signIn(page, "dealer.main@demo.enerji.test");
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();
    await editStoredSession(page, (session) => {
      const [header, payload] = String(session.access_token).split(".");
      session.access_token = `${header}.${payload}.d3Jvbmctc2lnbmF0dXJl`;
      session.expires_at = Math.floor(Date.now() / 1000) + 3600;
    });
    await page.goto(`${stack.PORTAL_URL}/`);
    await page.waitForURL(/\/login/);
    await page.getByRole("button", { name: "Giriş yap" }).waitFor();
    expect(await page.getByText("Bayi portalı").count()).toBe(0);
    await page.close();
  });

  it("sends a session signed out elsewhere back to /login", async () => {
    const page = await browser.newPage();
    await signIn(page, "dealer.main@demo.enerji.test");
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();

    await signOutEverywhere("dealer.main@demo.enerji.test");

    await page.goto(`${stack.PORTAL_URL}/`);
    await page.waitForURL(/\/login/);
    await page.getByRole("button", { name: "Giriş yap" }).waitFor();
    expect(await page.getByText("Bayi portalı").count()).toBe(0);
    await page.close();
  });

  it("checks the session again on navigation", async () => {
    const page = await browser.newPage();
    await signIn(page, "dealer.main@demo.enerji.test");
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();
    await page.goto(`${stack.PORTAL_URL}/no-such-page`);
    await page.getByText("Sayfa bulunamadı").waitFor();
    await signOutEverywhere("dealer.main@demo.enerji.test");

    await page.getByRole("button", { name: "Ana sayfaya dön" }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole("button", { name: "Giriş yap" }).waitFor();
    expect(await page.getByText("Bayi portalı").count()).toBe(0);
    await page.close();
  });

  it("keeps the session when the auth server does not respond", async () => {
    const page = await browser.newPage();
    await signIn(page, "dealer.main@demo.enerji.test");
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();
    // Every user check of the next page load is cut off, as a navigation
    // cuts off the one still running on the page it leaves.
    await page.route("**/auth/v1/user", (route) => route.abort());
    await page.goto(`${stack.PORTAL_URL}/`);
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();
    await page.unroute("**/auth/v1/user");

    const token = await page.evaluate(() => {
      const key = Object.keys(localStorage).find(
        (k) => k.startsWith("sb-") && k.endsWith("-auth-token"),
      );
      const stored = JSON.parse(localStorage.getItem(key ?? "") ?? "{}") as {
        access_token?: string;
      };

      return stored.access_token ?? "";
    });
    const user = await fetch(`${stack.API_URL}/auth/v1/user`, {
      headers: { apikey: stack.ANON_KEY, authorization: `Bearer ${token}` },
    });
    expect(user.status).toBe(200);
    await page.close();
  });
});
