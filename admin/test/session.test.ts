// The admin trusts a stored session only after the auth server confirms it:
// an edited token or a session ended elsewhere leads back to /login.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";

const stack = inject("stack");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${stack.ADMIN_URL}/login`);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  // Sign-in lands on the dashboard; these tests work on a small list.
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto(`${stack.ADMIN_URL}/distribution-regions`);
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

describe("admin session", () => {
  it("signs a manager in and lists the distribution regions", async () => {
    const page = await browser.newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.getByText("Boğaziçi Elektrik Dağıtım A.Ş. (BEDAŞ)").waitFor();
    const rows = await page
      .locator(".ant-table-tbody tr.ant-table-row")
      .count();
    expect(rows).toBe(21);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-distribution-regions.png"),
      fullPage: true,
    });
    await page.close();
  });

  it("sends an edited access token back to /login", async () => {
    const page = await browser.newPage();
    await signIn(page, "manager@demo.enerji.test");
    await editStoredSession(page, (session) => {
      const token = String(session.access_token);
      const [header, payload] = token.split(".");
      session.access_token = `${header}.${payload}.d3Jvbmctc2lnbmF0dXJl`;
      session.expires_at = Math.floor(Date.now() / 1000) + 3600;
    });
    await page.goto(`${stack.ADMIN_URL}/subscriber-groups`);
    await page.waitForURL(/\/login/);
    expect(await page.getByText("Mesken").count()).toBe(0);
    await page.close();
  });

  it("sends a session signed out elsewhere back to /login", async () => {
    const page = await browser.newPage();
    await signIn(page, "finance@demo.enerji.test");

    const other = await fetch(
      `${stack.API_URL}/auth/v1/token?grant_type=password`,
      {
        method: "POST",
        headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
        body: JSON.stringify({
          email: "finance@demo.enerji.test",
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

    await page.goto(`${stack.ADMIN_URL}/subscriber-groups`);
    await page.waitForURL(/\/login/);
    expect(await page.getByText("Mesken").count()).toBe(0);
    await page.close();
  });
});

describe("admin sign-in of non-staff accounts", () => {
  it("keeps the session when the auth server does not respond", async () => {
    const page = await browser.newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.getByText("Boğaziçi Elektrik Dağıtım A.Ş. (BEDAŞ)").waitFor();
    // Every user check of the next page load is cut off, as a navigation
    // cuts off the one still running on the page it leaves.
    await page.route("**/auth/v1/user", (route) => route.abort());
    await page.goto(`${stack.ADMIN_URL}/distribution-regions`);
    await page.getByText("Boğaziçi Elektrik Dağıtım A.Ş. (BEDAŞ)").waitFor();
    expect(new URL(page.url()).pathname).toBe("/distribution-regions");
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

  it("keeps a customer user out with a Turkish message", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.ADMIN_URL}/login`);
    await page.getByLabel("E-posta").fill("customer@demo.enerji.test");
    await page.getByLabel("Şifre").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Giriş yap" }).click();
    await page.getByText("Bu hesap yönetim paneline giriş yapamaz").waitFor();
    // The message gives the portal's sign-in address.
    await page
      .getByText(
        `Bayi ve müşteri hesapları portalı kullanır: ${stack.PORTAL_URL}/login`,
      )
      .waitFor();
    expect(page.url()).toMatch(/\/login/);
    await page.goto(`${stack.ADMIN_URL}/subscriber-groups`);
    await page.waitForURL(/\/login/);
    expect(await page.getByText("Mesken").count()).toBe(0);
    await page.close();
  });

  it("explains a wrong password in Turkish", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.ADMIN_URL}/login`);
    await page.getByLabel("E-posta").fill("manager@demo.enerji.test");
    await page.getByLabel("Şifre").fill("yanlis-sifre-1");
    await page.getByRole("button", { name: "Giriş yap" }).click();
    await page.getByText("E-posta veya şifre hatalı.").waitFor();
    expect(page.url()).toMatch(/\/login/);
    await page.close();
  });
});
