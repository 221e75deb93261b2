// The market data page and the admin's date pickers in both languages:
// the PTF summary is per MWh, and the pickers start weeks on Monday with
// Turkish month names in Turkish, on Sunday in English.
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { TURKISH_MONTHS } from "../../test/turkish-months.ts";
import { signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;

// "1234.5" as "1.234,50": a dot between thousands and a decimal comma.
function turkishAmount(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");

  return `${grouped},${fraction.padEnd(2, "0").slice(0, 2)}`;
}

// The minimum and maximum PTF of the last Istanbul day with prices, which
// the page shows first, and that day's month (1-12).
async function lastDay(): Promise<{ min: string; max: string; month: number }> {
  const { rows } = await db.query<{ min: string; max: string; month: number }>(
    `with last_day as (
       select (max(hour_start) at time zone 'Europe/Istanbul')::date as day
         from public.ptf_hourly_prices
     )
     select min(price_try_per_mwh)::numeric(12, 2)::text as min,
            max(price_try_per_mwh)::numeric(12, 2)::text as max,
            extract(month from (select day from last_day))::integer as month
       from public.ptf_hourly_prices
      where (hour_start at time zone 'Europe/Istanbul')::date
            = (select day from last_day)`,
  );

  return rows[0] as { min: string; max: string; month: number };
}

async function openPage(language: "tr" | "en"): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await signIn(page, "admin@demo.enerji.test");
  await page.evaluate(
    (value) => localStorage.setItem("enerji.language", value),
    language,
  );
  await page.goto(`${stack.ADMIN_URL}/market-data`);
  await page.locator(".ant-statistic").first().waitFor();

  return page;
}

async function statistic(page: Page, title: string): Promise<string> {
  return page
    .locator(".ant-statistic")
    .filter({ has: page.locator(".ant-statistic-title", { hasText: title }) })
    .locator(".ant-statistic-content")
    .innerText();
}

// Opens the "from" date picker and returns its weekday headers and the
// month shown in its header.
async function pickerHeader(
  page: Page,
): Promise<{ weekdays: string[]; month: string }> {
  await page.locator("#ptf-from").click();
  const dropdown = page.locator(".ant-picker-dropdown").first();
  await dropdown.waitFor();

  return {
    weekdays: await dropdown.locator("thead th").allInnerTexts(),
    month: await dropdown.locator(".ant-picker-month-btn").innerText(),
  };
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
});

describe("market data page", { timeout: 120_000 }, () => {
  it("shows Turkish prices per MWh and Monday weeks", async () => {
    const expected = await lastDay();
    const page = await openPage("tr");

    expect(await statistic(page, "En düşük")).toBe(
      `${turkishAmount(expected.min)}\u00a0₺/MWh`,
    );
    expect(await statistic(page, "En yüksek")).toBe(
      `${turkishAmount(expected.max)}\u00a0₺/MWh`,
    );
    expect(await statistic(page, "Ortalama")).toMatch(/₺\/MWh$/);

    const header = await pickerHeader(page);
    expect(header.weekdays).toEqual([
      "Pzt",
      "Sal",
      "Çar",
      "Per",
      "Cum",
      "Cmt",
      "Paz",
    ]);
    expect(header.month).toBe(TURKISH_MONTHS[expected.month - 1]);
    await page.close();
  });

  it("keeps Sunday weeks in English", async () => {
    const expected = await lastDay();
    const page = await openPage("en");

    expect(await statistic(page, "Minimum")).toBe(
      `${turkishAmount(expected.min)}\u00a0₺/MWh`,
    );

    const header = await pickerHeader(page);
    expect(header.weekdays).toEqual(["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"]);
    expect(header.month).toBe(
      new Date(2026, expected.month - 1, 1).toLocaleString("en-US", {
        month: "short",
      }),
    );
    await page.close();
  });
});
