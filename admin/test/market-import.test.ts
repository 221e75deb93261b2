// The market data import in a browser: a manager uploads a year of hourly
// PTF as an EPİAŞ export with decimal commas and thousands dots, follows
// the progress bar and reads the report; a malformed file shows its line
// and stores nothing; a sales consultant sees no upload control and the
// function rejects the consultant's token.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import {
  decimalPrice,
  epiasPtfCsv,
  hourPrices,
} from "../../test/market-import/epias-csv.ts";
import { loadList, signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let folder: string;

// 2034 has 8,760 hours. Prices run from 1.000,00 to 4.999,99 TL/MWh, so
// every value has a thousands dot and a decimal comma.
const YEAR = hourPrices("2034-01-01", 365, (index) =>
  BigInt(100000 + ((index * 7919) % 400000)),
);
const YEAR_FROM = new Date("2033-12-31T21:00:00Z");
const YEAR_TO = new Date("2034-12-31T21:00:00Z");

async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(90_000);

  return page;
}

async function countPrices(from: Date, to: Date): Promise<string> {
  const { rows } = await db.query<{ count: string }>(
    `select count(*) from public.ptf_hourly_prices
      where hour_start >= $1 and hour_start < $2`,
    [from, to],
  );

  return rows[0]?.count ?? "";
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  folder = await mkdtemp(path.join(os.tmpdir(), "market-import-"));
});

afterAll(async () => {
  await db?.query(
    `delete from public.ptf_hourly_prices
      where hour_start >= '2033-12-31T21:00:00Z'
        and hour_start < '2035-01-01T21:00:00Z'`,
  );
  await db?.end();
  await browser?.close();
  await rm(folder, { recursive: true, force: true });
});

describe("market data import page", { timeout: 300_000 }, () => {
  it("imports a year with a progress bar", async () => {
    const file = path.join(folder, "ptf-2034.csv");
    await writeFile(file, epiasPtfCsv(YEAR));
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/market-data`);
    await page.getByRole("button", { name: "Dosya seç" }).waitFor();

    // Records every value the progress bar shows.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      setInterval(() => {
        const bar = document.querySelector(
          "[data-testid=market-import-file] [role=progressbar]",
        );
        const value = Number(bar?.getAttribute("aria-valuenow") ?? Number.NaN);
        if (!Number.isNaN(value) && seen.at(-1) !== value) {
          seen.push(value);
        }
      }, 20);
    });
    await page.locator("input[type=file]").setInputFiles(file);
    const card = page.getByTestId("market-import-file");
    await card.getByRole("progressbar").waitFor();
    await card.getByText("İçe aktarıldı").waitFor({ timeout: 120_000 });

    await expect
      .poll(() => card.locator(".ant-descriptions").innerText())
      .toContain("public.ptf_hourly_prices");
    const report = await card.locator(".ant-descriptions").innerText();
    expect(report).toContain("EPİAŞ transparency platform export");
    expect(report).toContain("8760");
    // The first hour starts at 01.01.2034 00:00 and the last one ends at
    // 01.01.2035 00:00, Istanbul time.
    expect(report).toContain(
      "01.01.2034 00:00 – 01.01.2035 00:00 arasındaki saatler",
    );
    expect(report).not.toContain("2033-12-31T21:00:00.000Z");
    const seen = await page.evaluate(
      () => (window as unknown as { progressSeen: number[] }).progressSeen,
    );
    expect(seen.at(-1)).toBe(100);
    expect(seen.some((value) => value > 0 && value < 100)).toBe(true);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-market-import.png"),
      fullPage: true,
    });

    expect(await countPrices(YEAR_FROM, YEAR_TO)).toBe("8760");
    const sum = await db.query<{ total: string }>(
      `select sum(price_try_per_mwh)::text as total
         from public.ptf_hourly_prices
        where hour_start >= $1 and hour_start < $2`,
      [YEAR_FROM, YEAR_TO],
    );
    const expected = YEAR.reduce((total, hour) => total + hour.priceKurus, 0n);
    expect(sum.rows[0]?.total).toBe(decimalPrice(expected));
    // The last hour, 31.12.2034 23:00 in Istanbul.
    const last = await db.query<{ price: string }>(
      `select price_try_per_mwh::text as price from public.ptf_hourly_prices
        where hour_start = '2034-12-31T20:00:00Z'`,
    );
    expect(last.rows[0]?.price).toBe(
      decimalPrice(YEAR.at(-1)?.priceKurus ?? 0n),
    );
    await page.close();
  });

  it("shows the line of a malformed file", async () => {
    const day = hourPrices("2035-01-01", 1, () => 123456n);
    const lines = epiasPtfCsv(day).split("\r\n");
    // Line 1 is the header, so the ninth hour is on line 10.
    lines[9] = "01.01.2035;08:00;1.234,5x";
    const file = path.join(folder, "bozuk-2035.csv");
    await writeFile(file, lines.join("\r\n"));
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await page.evaluate(() => localStorage.setItem("enerji.language", "en"));
    await page.goto(`${stack.ADMIN_URL}/market-data`);
    await page.getByRole("button", { name: "Choose files" }).waitFor();

    await page.locator("input[type=file]").setInputFiles(file);
    const card = page.getByTestId("market-import-file");
    await card.getByText("Import failed").waitFor({ timeout: 120_000 });
    const text = await card.innerText();
    expect(text).toContain("Nothing of the file was stored");
    expect(text).toContain("bozuk-2035.csv, line 10:");
    expect(text).toContain("«1.234,5x» is not a valid number");
    expect(text).toContain(
      "number format: Turkish (decimal comma, dot for thousands)",
    );
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-market-import-error.png"),
      fullPage: true,
    });

    expect(
      await countPrices(
        new Date("2034-12-31T21:00:00Z"),
        new Date("2035-01-01T21:00:00Z"),
      ),
    ).toBe("0");

    // The run is listed by its file name, with the admin who uploaded it.
    const admin = await db.query<{ full_name: string }>(
      `select staff.full_name from public.staff
         join public.app_users as account on account.staff_id = staff.id
         join auth.users as login on login.id = account.user_id
        where login.email = 'admin@demo.enerji.test'`,
    );
    const rows = await loadList(page, "job_runs", () =>
      page.goto(`${stack.ADMIN_URL}/job-runs`),
    );
    const row = rows.find((text) =>
      text.includes("import-market-file: bozuk-2035.csv"),
    );
    expect(row).toBeDefined();
    expect(row).toContain(admin.rows[0]?.full_name ?? "(no staff name)");
    expect(row).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.close();
  });

  it("gives a line's reason in Turkish", async () => {
    const day = hourPrices("2035-02-01", 1, () => 123456n);
    const lines = epiasPtfCsv(day).split("\r\n");
    // Line 10 repeats the hour of line 9, 08:00.
    lines[10] = lines[9] ?? "";
    const file = path.join(folder, "tekrar-2035.csv");
    await writeFile(file, lines.join("\r\n"));
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/market-data`);
    await page.getByRole("button", { name: "Dosya seç" }).waitFor();

    await page.locator("input[type=file]").setInputFiles(file);
    const card = page.getByTestId("market-import-file");
    await card.getByText("İçe aktarılamadı").waitFor({ timeout: 120_000 });
    const text = await card.innerText();
    expect(text).toContain(
      "tekrar-2035.csv, satır 11: 01.02.2035 08:00 iki kez geçiyor",
    );
    expect(text).not.toContain("appears twice");
    await page.close();
  });

  it("hides the upload from a consultant", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/market-data`);
    await page
      .locator(".ant-card-head-title", { hasText: "Piyasa verileri" })
      .waitFor();
    await page.waitForLoadState("networkidle");

    expect(await page.getByRole("button", { name: "Dosya seç" }).count()).toBe(
      0,
    );
    expect(await page.locator("input[type=file]").count()).toBe(0);

    // The consultant's own session token, sent to the function.
    const status = await page.evaluate(async (apiUrl) => {
      const key = Object.keys(localStorage).find((name) =>
        name.endsWith("-auth-token"),
      );
      const session = JSON.parse(localStorage.getItem(key ?? "") ?? "{}");
      const response = await fetch(
        `${apiUrl}/functions/v1/import-market-file`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${session.access_token}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({
            path: "00000000-0000-4000-8000-000000000000/ptf.csv",
          }),
        },
      );

      return response.status;
    }, stack.API_URL);
    expect(status).toBe(403);
    await page.close();
  });
});
