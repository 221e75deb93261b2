// Server errors in the admin's Turkish UI. Saving a party whose VKN another
// party already has, or whose VKN fails its check digits, shows a Turkish
// sentence as the notification's title. The server's text stays in the
// small line below it.
import path from "node:path";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import {
  changeDigit,
  vknWithCheckDigit,
} from "../../test/domain/turkish-ids.ts";
import { signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  page.setDefaultTimeout(90_000);

  return page;
}

function formItem(page: Page, label: string) {
  return page.locator(".ant-form-item").filter({
    has: page.locator(".ant-form-item-label", { hasText: label }),
  });
}

// Fills the party form with a company and saves it; returns the error
// notification that follows.
async function saveCompany(page: Page, name: string, vkn: string) {
  await page.goto(`${stack.ADMIN_URL}/parties/create`);
  await formItem(page, "Ad / unvan").locator("input").fill(name);
  await formItem(page, "Tür").locator(".ant-select").click();
  await page
    .locator(".ant-select-item-option")
    .filter({ hasText: "Tüzel kişi" })
    .click();
  await formItem(page, "Durum").locator(".ant-select").click();
  await page
    .locator(".ant-select-item-option")
    .filter({ hasText: "Aday" })
    .click();
  await formItem(page, "VKN").locator("input").first().fill(vkn);
  await page.getByRole("button", { name: "Kaydet" }).click();
  const notice = page.locator(".ant-notification-notice-error");
  await notice.waitFor();

  return notice;
}

describe("server errors in Turkish", { timeout: 240_000 }, () => {
  it("explains a duplicate VKN", async () => {
    const existing = await db.query<{ vkn: string; name: string }>(
      "select vkn, name from public.parties where kind = 'company' limit 1",
    );
    const vkn = existing.rows[0]?.vkn as string;
    const page = await newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signIn(page, "manager@demo.enerji.test");

    const notice = await saveCompany(page, "Çift Kayıt Deneme A.Ş.", vkn);

    // The VKN field names the party that has the number, and the form
    // keeps what was typed.
    await formItem(page, "VKN")
      .getByText(
        `Bu VKN ile kayıtlı bir firma var: ${existing.rows[0]?.name}. VKN'yi denetleyin ya da o firmayı kullanın.`,
      )
      .waitFor();
    expect(
      await formItem(page, "VKN").locator("input").first().inputValue(),
    ).toBe(vkn);
    expect(
      await formItem(page, "Ad / unvan").locator("input").inputValue(),
    ).toBe("Çift Kayıt Deneme A.Ş.");
    expect(await formItem(page, "Tür").innerText()).toContain("Tüzel kişi");
    expect(new URL(page.url()).pathname).toBe("/parties/create");

    const title = await notice
      .locator(".ant-notification-notice-message")
      .innerText();
    expect(title).toBe(
      "Bu VKN veya TCKN ile kayıtlı bir firma / kişi zaten var.",
    );
    const body = await notice
      .locator(".ant-notification-notice-description")
      .innerText();
    expect(body).toContain("oluşturulamadı");
    // The server's text is folded away until the details are opened.
    expect(await notice.getByTestId("error-technical").isVisible()).toBe(false);
    await notice.getByText("Teknik ayrıntı").click();
    const technical = await notice.getByTestId("error-technical").innerText();
    expect(technical).toContain("[23505]");
    expect(technical).toContain("parties_customer_code_key");
    await notice.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-error-duplicate-vkn.png"),
    });
    const stored = await db.query(
      "select 1 from public.parties where name = 'Çift Kayıt Deneme A.Ş.'",
    );
    expect(stored.rowCount).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("rejects a VKN with wrong check digits before saving", async () => {
    // A valid VKN with its check digit changed. The form checks the digits
    // itself, so the database's message for it (translated in
    // shared/postgrest-errors.test.ts) is not reached.
    const vkn = changeDigit(vknWithCheckDigit("123456789"), 9);
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/parties/create`);
    await formItem(page, "Ad / unvan")
      .locator("input")
      .fill("Hatalı VKN Deneme A.Ş.");
    await formItem(page, "VKN").locator("input").first().fill(vkn);
    await page.getByRole("button", { name: "Kaydet" }).click();

    await formItem(page, "VKN")
      .getByText("VKN 10 haneli olmalı ve son hanesi kontrol hanesine uymalı")
      .waitFor();
    expect(await page.locator(".ant-notification-notice-error").count()).toBe(
      0,
    );
    await page.close();
  });

  it("saves a party without a chosen state", async () => {
    // A VKN no other party has: nine digits from the clock, and the check
    // digit that makes it valid.
    const vkn = vknWithCheckDigit(String(Date.now()).slice(-9));
    const name = `Durumsuz Deneme ${vkn} A.Ş.`;
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/parties/create`);
    await formItem(page, "Ad / unvan").locator("input").fill(name);
    await formItem(page, "Tür").locator(".ant-select").click();
    await page
      .locator(".ant-select-item-option")
      .filter({ hasText: "Tüzel kişi" })
      .click();
    await formItem(page, "VKN").locator("input").first().fill(vkn);
    await page.getByRole("button", { name: "Kaydet" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/create"));

    // The database's default state, lead, applies.
    const stored = await db.query<{ lifecycle: string }>(
      "select lifecycle from public.parties where vkn = $1",
      [vkn],
    );
    expect(stored.rows).toEqual([{ lifecycle: "lead" }]);
    await page.close();
  });
});
