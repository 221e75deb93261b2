// With access tokens that live five seconds, an idle admin tab refreshes its
// session silently, and a data call refused with 401 ends in one sign-out.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";
import { launchBrowser } from "../../test/browser.ts";
import {
  type ShortExpiryStack,
  startShortExpiryStack,
} from "../../test/short-expiry-stack.ts";

const TOKEN_SECONDS = 5;
let stack: ShortExpiryStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startShortExpiryStack(TOKEN_SECONDS);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Traffic = {
  refreshes: number;
  logouts: number;
  loginPages: number;
  urls: string[];
};

// Counts a page's token refreshes, sign-out calls and arrivals at /login.
function watch(page: Page): Traffic {
  const traffic: Traffic = {
    refreshes: 0,
    logouts: 0,
    loginPages: 0,
    urls: [],
  };
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (
      url.pathname === "/auth/v1/token" &&
      url.searchParams.get("grant_type") === "refresh_token"
    ) {
      traffic.refreshes += 1;
    }
    if (url.pathname === "/auth/v1/logout") {
      traffic.logouts += 1;
    }
  });
  // Playwright reports a history update more than once and the app adds
  // ?to= to /login, so only an arrival from another path counts.
  let previousPath = "";
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) {
      return;
    }
    traffic.urls.push(frame.url());
    const pathname = new URL(frame.url()).pathname;
    if (pathname === "/login" && previousPath !== "/login") {
      traffic.loginPages += 1;
    }
    previousPath = pathname;
  });

  return traffic;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${stack.status.ADMIN_URL}/login`);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  // Sign-in lands on the dashboard; these tests work on a small list.
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto(`${stack.status.ADMIN_URL}/distribution-regions`);
  await page.getByText("Boğaziçi Elektrik Dağıtım A.Ş. (BEDAŞ)").waitFor();
}

async function storedExpiry(page: Page): Promise<number> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find(
      (k) => k.startsWith("sb-") && k.endsWith("-auth-token"),
    );
    const session = JSON.parse(localStorage.getItem(key ?? "") ?? "{}");

    return Number(session.expires_at);
  });
}

describe("admin session with short-lived access tokens", () => {
  it("refreshes an expired token after idling", async () => {
    const page = await browser.newPage();
    const traffic = watch(page);
    await signIn(page, "manager@demo.enerji.test");
    const firstExpiry = await storedExpiry(page);
    const refreshesBeforeIdle = traffic.refreshes;
    const loginPagesBefore = traffic.loginPages;

    // The only fixed wait: the access token must outlive its lifetime.
    await page.waitForTimeout((TOKEN_SECONDS + 3) * 1000);
    expect(Date.now() / 1000).toBeGreaterThan(firstExpiry);

    await page.getByRole("link", { name: "Abone grupları" }).click();
    await page.waitForURL(/\/subscriber-groups/);
    await page.getByText("Mesken").first().waitFor();

    expect(new URL(page.url()).pathname).toBe("/subscriber-groups");
    // supabase-js refreshes tokens within 90 s of expiry on every session
    // read, so the stored expiry below shows the refresh followed the expiry.
    expect(traffic.refreshes).toBeGreaterThan(refreshesBeforeIdle);
    expect(traffic.loginPages, traffic.urls.join(" ")).toBe(loginPagesBefore);
    expect(traffic.logouts).toBe(0);
    expect(await storedExpiry(page)).toBeGreaterThan(firstExpiry);
    await page.close();
  }, 60_000);

  it("signs out once on a 401", async () => {
    const page = await browser.newPage();
    const traffic = watch(page);
    await signIn(page, "manager@demo.enerji.test");
    const loginPagesBefore = traffic.loginPages;

    // PostgREST's response to a token it rejects.
    await page.route("**/rest/v1/subscriber_groups*", (route) =>
      route.fulfill({
        status: 401,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "www-authenticate": 'Bearer error="invalid_token"',
        },
        body: JSON.stringify({
          code: "PGRST301",
          details: null,
          hint: null,
          message: "JWSError JWSInvalidSignature",
        }),
      }),
    );
    await page.getByRole("link", { name: "Abone grupları" }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole("button", { name: "Giriş yap" }).waitFor();

    // Watch a few seconds for a loop between onError and check.
    await page.waitForTimeout(3000);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(traffic.loginPages - loginPagesBefore, traffic.urls.join(" ")).toBe(
      1,
    );
    expect(traffic.logouts).toBeLessThanOrEqual(1);
    expect(await page.getByText("Mesken").count()).toBe(0);
    const stored = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.endsWith("-auth-token")),
    );
    expect(stored).toEqual([]);
    await page.close();
  }, 60_000);
});
