import path from "node:path";
import type pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { createFixture, type Fixture } from "../../test/domain/fixture.ts";
import { mailedAuthLink } from "../../test/mail.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

// Returns the auth link of the newest mail to `email`, waiting for it.
function mailedLink(email: string): Promise<string> {
  return mailedAuthLink(stack.MAILPIT_URL, email);
}

// Signs in with the auth API's password grant; returns the HTTP status.
async function passwordGrantStatus(
  email: string,
  password: string,
): Promise<number> {
  const response = await fetch(
    `${stack.API_URL}/auth/v1/token?grant_type=password`,
    {
      method: "POST",
      headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    },
  );
  await response.body?.cancel();

  return response.status;
}

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
    expect(body).toContain(`"PORTAL_URL":"${stack.PORTAL_URL}"`);
    expect(body).not.toContain(stack.SERVICE_ROLE_KEY);
  });

  it("switches the sign-in page to English", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.ADMIN_URL}/login`);
    await page.getByText("Hesabınıza giriş yapın").waitFor();
    await page.locator(".ant-select").filter({ hasText: "Türkçe" }).click();
    await page.getByTitle("English").click();
    await page.getByText("Sign in to your account").waitFor();
    expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(1);
    await page.close();
  });

  it("resets a staff password by mail", async () => {
    const email = `operations.${fixture.suffix}@matrix.test`;
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${stack.ADMIN_URL}/login`);
    await page.getByRole("link", { name: "Şifremi unuttum" }).click();
    await page.getByRole("button", { name: "Bağlantı gönder" }).waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-forgot-password.png"),
    });
    await page.getByLabel("E-posta").fill(email);
    await page.getByRole("button", { name: "Bağlantı gönder" }).click();
    await page
      .getByText("şifre sıfırlama bağlantısı e-posta adresine gönderildi")
      .waitFor();

    const link = await mailedLink(email);
    await page.goto(link);
    await page.waitForURL(/\/update-password/);
    await page.getByRole("button", { name: "Şifreyi kaydet" }).waitFor();
    // The rule shows before anything is typed, and a password without
    // digits is stopped at its field, where the rule is not repeated.
    await page.getByText("En az 8 karakter; harf ve rakam içermeli.").waitFor();
    await page.getByLabel("Yeni şifre", { exact: true }).fill("sadeceharf");
    await page.getByLabel("Yeni şifre (tekrar)").fill("sadeceharf");
    await page.getByRole("button", { name: "Şifreyi kaydet" }).click();
    const passwordItem = page.locator(".ant-form-item", {
      has: page.getByLabel("Yeni şifre", { exact: true }),
    });
    await passwordItem.getByText("Şifre aşağıdaki kurala uymuyor.").waitFor();
    expect(await passwordItem.getByText(/8 karakter/).count()).toBe(1);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-update-password.png"),
    });
    expect(new URL(page.url()).pathname).toBe("/update-password");

    await page.getByLabel("Yeni şifre", { exact: true }).fill("YeniSifre2026");
    await page.getByLabel("Yeni şifre (tekrar)").fill("YeniSifre2026");
    await page.getByRole("button", { name: "Şifreyi kaydet" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByText("Gösterge paneli").first().waitFor();
    await context.close();

    // A used link is reported at once, with a link to request a new one.
    const again = await browser.newPage();
    await again.goto(link);
    await again.waitForURL(/\/update-password/);
    const failed = again.getByTestId("update-password-link");
    await failed.waitFor();
    expect(await failed.innerText()).toContain(
      "Bu bağlantının süresi dolmuş ya da bağlantı daha önce kullanılmış.",
    );
    await failed
      .getByRole("link", {
        name: "Yeni bir şifre sıfırlama bağlantısı isteyin",
      })
      .click();
    await again.waitForURL(/\/forgot-password$/);
    await again.close();

    expect(await passwordGrantStatus(email, "YeniSifre2026")).toBe(200);
    expect(await passwordGrantStatus(email, "sadeceharf")).toBe(400);
  });

  it("asks for the link without one", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.ADMIN_URL}/update-password`);
    const alert = page.getByTestId("update-password-link");
    await alert.waitFor();
    expect(await alert.innerText()).toContain(
      "şifre sıfırlama e-postasındaki bağlantıyı açın",
    );
    expect(
      await page.getByRole("button", { name: "Şifreyi kaydet" }).count(),
    ).toBe(0);
    await page.close();
  });

  it("sends a dealer who resets here to the portal", async () => {
    const email = `dealer_above.${fixture.suffix}@matrix.test`;
    const response = await fetch(`${stack.API_URL}/auth/v1/recover`, {
      method: "POST",
      headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    await response.body?.cancel();
    expect(response.status).toBe(200);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const link = new URL(await mailedLink(email));
    link.searchParams.set("redirect_to", `${stack.ADMIN_URL}/update-password`);

    await page.goto(link.toString());
    await page.waitForURL(/\/update-password/);
    await page.getByLabel("Yeni şifre", { exact: true }).fill("BayiSifre2026");
    await page.getByLabel("Yeni şifre (tekrar)").fill("BayiSifre2026");
    await page.getByRole("button", { name: "Şifreyi kaydet" }).click();
    const saved = page.getByTestId("update-password-portal");
    await saved.waitFor();
    expect(await saved.innerText()).toContain(
      "bayi ve müşteri hesapları portalda yeni şifreyle giriş yapar",
    );
    const portalLink = saved.getByRole("link", {
      name: "Portalda giriş yapın",
    });
    expect(await portalLink.getAttribute("href")).toBe(
      `${stack.PORTAL_URL}/login`,
    );
    await portalLink.click();
    await page.waitForURL(
      (url) =>
        url.origin === new URL(stack.PORTAL_URL as string).origin &&
        url.pathname === "/login",
    );
    await context.close();

    expect(await passwordGrantStatus(email, "BayiSifre2026")).toBe(200);
  });
});
