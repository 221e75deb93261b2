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

describe("portal sign-in page", () => {
  it("sends a visitor without a session to /login", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.PORTAL_URL}/`);
    await page.waitForURL(/\/login\?to=%2F$/);
    await page.getByText("Bayi ve müşteri portalı").waitFor();
    expect(await page.getByRole("button", { name: "Giriş yap" }).count()).toBe(
      1,
    );
    await page.close();
  });

  it("switches the sign-in page to English", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.PORTAL_URL}/login`);
    await page.locator(".ant-select-selector").click();
    await page
      .locator(".ant-select-item-option", { hasText: "English" })
      .click();
    await page.getByText("Dealer and customer portal").waitFor();
    await expect(
      page.getByRole("button", { name: "Sign in" }).isVisible(),
    ).resolves.toBe(true);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-login-en.png"),
    });
    await page.close();
  });

  it("explains a wrong password in Turkish", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.PORTAL_URL}/login`);
    await page.getByLabel("E-posta").fill("dealer@demo.enerji.test");
    await page.getByLabel("Şifre").fill("Yanlış-şifre-1");
    await page.getByRole("button", { name: "Giriş yap" }).click();

    const alert = page.locator(".ant-alert-error");
    await alert.waitFor();
    expect(await alert.locator(".ant-alert-message").innerText()).toBe(
      "Giriş yapılamadı: E-posta adresi veya şifre hatalı.",
    );
    // The auth service's own text stays folded below.
    const details = alert.getByTestId("error-details");
    expect(await details.getAttribute("open")).toBeNull();
    expect(await details.locator("summary").innerText()).toBe("Teknik ayrıntı");
    await page.close();
  });

  it("fits a phone screen without horizontal scrolling", async () => {
    const page = await browser.newPage({
      viewport: { width: 375, height: 740 },
    });
    await page.goto(`${stack.PORTAL_URL}/login`);
    await page.getByText("Bayi ve müşteri portalı").waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-login-phone.png"),
    });
    await page.close();
  });
});
