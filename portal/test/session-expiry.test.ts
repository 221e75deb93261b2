// With access tokens that live five seconds, a dealer who leaves the portal
// idle past the token's lifetime comes back still signed in.
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

async function storedExpiry(page: Page): Promise<number> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find(
      (k) => k.startsWith("sb-") && k.endsWith("-auth-token"),
    );
    const session = JSON.parse(localStorage.getItem(key ?? "") ?? "{}");

    return Number(session.expires_at);
  });
}

describe("portal session with short-lived access tokens", () => {
  it("refreshes an expired token on return", async () => {
    const page = await browser.newPage();
    let refreshes = 0;
    let logouts = 0;
    const paths: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (
        url.pathname === "/auth/v1/token" &&
        url.searchParams.get("grant_type") === "refresh_token"
      ) {
        refreshes += 1;
      }
      if (url.pathname === "/auth/v1/logout") {
        logouts += 1;
      }
    });
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) {
        paths.push(new URL(frame.url()).pathname);
      }
    });

    await page.goto(`${stack.status.PORTAL_URL}/login`);
    await page.getByLabel("E-posta").fill("dealer.main@demo.enerji.test");
    await page.getByLabel("Şifre").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Giriş yap" }).click();
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();
    const firstExpiry = await storedExpiry(page);
    const refreshesBeforeIdle = refreshes;
    const navigationsBeforeIdle = paths.length;

    // The only fixed wait: the access token must outlive its lifetime.
    await page.waitForTimeout((TOKEN_SECONDS + 3) * 1000);
    expect(Date.now() / 1000).toBeGreaterThan(firstExpiry);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(
      await page.getByRole("heading", { name: "Bayi portalı" }).isVisible(),
    ).toBe(true);

    await page.goto(`${stack.status.PORTAL_URL}/`);
    await page.getByRole("heading", { name: "Bayi portalı" }).waitFor();

    expect(new URL(page.url()).pathname).toBe("/");
    expect(paths.slice(navigationsBeforeIdle)).not.toContain("/login");
    expect(refreshes).toBeGreaterThan(refreshesBeforeIdle);
    expect(logouts).toBe(0);
    expect(await storedExpiry(page)).toBeGreaterThan(firstExpiry);
    await page.close();
  }, 60_000);
});
