import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";

const stack = inject("stack");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("admin sign-in page", () => {
  it("sends a visitor without a session to /login in Turkish", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.ADMIN_URL}/distribution-regions`);
    await page.waitForURL(/\/login\?to=%2Fdistribution-regions$/);
    // The address changes before the sign-in page has rendered.
    await page.getByText("Hesabınıza giriş yapın").waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-login.png"),
    });
    await page.close();
  });

  it("serves the runtime settings without the service key", async () => {
    const response = await fetch(`${stack.ADMIN_URL}/config.js`);
    const body = await response.text();
    expect(body).toContain(stack.API_URL);
    expect(body).toContain(stack.ANON_KEY);
    expect(body).not.toContain(stack.SERVICE_ROLE_KEY);
  });
});
