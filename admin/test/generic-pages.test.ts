// Generic admin pages in a browser: the meeting form's owner default, show
// pages of resources keyed by a code or by several columns, and the offer
// show page's single state history.
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatDecimal } from "../../shared/money.ts";
import { launchBrowser } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { loadList, signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db?.query(
    "delete from public.profile_coefficients where source = 'generic-pages test'",
  );
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

async function staffName(email: string): Promise<string> {
  const result = await db.query<{ full_name: string }>(
    `select s.full_name
       from public.app_users au
       join auth.users u on u.id = au.user_id
       join public.staff s on s.id = au.staff_id
      where u.email = $1`,
    [email],
  );

  return result.rows[0]?.full_name as string;
}

// The owner select of the meeting form, found by its label.
function ownerSelect(page: Page) {
  return page
    .locator(".ant-form-item")
    .filter({ hasText: "Sorumlu personel" })
    .locator(".ant-select");
}

describe("meeting form owner", { timeout: 240_000 }, () => {
  it("defaults to a consultant, read-only", async () => {
    const page = await newPage();
    const name = await staffName("consultant@demo.enerji.test");
    await signIn(page, "consultant@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/meetings/create`);

    const select = ownerSelect(page);
    await select.getByText(name, { exact: true }).waitFor();
    expect(await select.getAttribute("class")).toContain("ant-select-disabled");
    await page.close();
  });

  it("defaults to a manager, editable", async () => {
    const page = await newPage();
    const name = await staffName("manager@demo.enerji.test");
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/meetings/create`);

    const select = ownerSelect(page);
    await select.getByText(name, { exact: true }).waitFor();
    expect(await select.getAttribute("class")).not.toContain(
      "ant-select-disabled",
    );
    await page.close();
  });
});

describe("show pages without an id key", { timeout: 240_000 }, () => {
  it("opens a profile coefficient from the list", async () => {
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await loadList(page, "profile_coefficients", () =>
      page.goto(`${stack.ADMIN_URL}/profile-coefficients`),
    );
    const row = page.locator("tbody tr.ant-table-row").first();
    const cells = (await row.locator("td").allInnerTexts()).slice(0, -1);
    await row.getByRole("button").first().click();
    await page.waitForURL(/\/profile-coefficients\/show\//);
    const details = page.locator(".ant-descriptions");
    await details.waitFor();

    const text = await details.innerText();
    for (const cell of cells) {
      expect(text).toContain(cell.trim());
    }
    await page.close();
  });

  it("opens each coefficient of one hour", async () => {
    // A second row for the newest coefficient's hour, in another subscriber
    // group and with another multiplier: the hour alone names neither.
    const inserted = await db.query<{ ctid: string }>(
      `insert into public.profile_coefficients (hour_start, period_month,
         distribution_region_code, subscriber_group_code, voltage_level_code,
         meter_reading_type, multiplier, source)
       select c.hour_start, c.period_month, c.distribution_region_code,
              g.code, c.voltage_level_code, c.meter_reading_type,
              c.multiplier + 0.0000012345, 'generic-pages test'
         from public.profile_coefficients c
         cross join lateral (
           select code from public.subscriber_groups
            where code <> c.subscriber_group_code order by code limit 1
         ) g
        order by c.hour_start desc limit 1
       returning ctid::text`,
    );
    expect(inserted.rows).toHaveLength(1);
    const coefficients = await db.query<{
      hour_start: Date;
      distribution_region_code: string;
      subscriber_group_code: string;
      voltage_level_code: string | null;
      meter_reading_type: string;
      multiplier: string;
    }>(
      `select c.hour_start, c.distribution_region_code,
              c.subscriber_group_code, c.voltage_level_code,
              c.meter_reading_type, c.multiplier::text
         from public.profile_coefficients c
        where c.hour_start = (select hour_start
                                from public.profile_coefficients
                               where source = 'generic-pages test')
        order by c.multiplier desc`,
    );
    expect(coefficients.rows).toHaveLength(2);
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");

    for (const coefficient of coefficients.rows) {
      const key = JSON.stringify([
        // without milliseconds, because the admin's static server returns
        // 404 for a path that contains a dot
        coefficient.hour_start.toISOString().replace(/\.\d{3}Z$/, "Z"),
        coefficient.distribution_region_code,
        coefficient.subscriber_group_code,
        coefficient.voltage_level_code,
        coefficient.meter_reading_type,
      ]);
      await page.goto(
        `${stack.ADMIN_URL}/profile-coefficients/show/${encodeURIComponent(key)}`,
      );
      // Bordered descriptions put each label and its value in sibling cells.
      const multiplier = page
        .locator("th.ant-descriptions-item-label", { hasText: /^Katsayı$/ })
        .locator("xpath=following-sibling::td[1]");
      await expect
        .poll(() => multiplier.innerText(), { timeout: 60_000 })
        .toBe(formatDecimal(coefficient.multiplier, 10));
    }
    await page.close();
  });

  it("reports a malformed composite key", async () => {
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/profile-coefficients/show/2026-01-01`);

    await page.getByText("Kayıt bulunamadı").waitFor();
    expect(await page.locator(".ant-descriptions").count()).toBe(0);
    await page.close();
  });

  it("opens a scheduled job by name for editing", async () => {
    const job = await db.query<{ name: string; cron_expression: string }>(
      "select name, cron_expression from public.scheduled_jobs order by name limit 1",
    );
    const name = job.rows[0]?.name as string;
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await page.goto(
      `${stack.ADMIN_URL}/scheduled-jobs/show/${encodeURIComponent(name)}`,
    );
    await page
      .locator(".ant-descriptions")
      .getByText(name, { exact: true })
      .first()
      .waitFor();

    await page.getByRole("button", { name: "Düzenle" }).click();
    await page.waitForURL(
      new RegExp(`/scheduled-jobs/edit/${encodeURIComponent(name)}$`),
    );
    const cron = page.getByLabel("Cron ifadesi");
    await expect
      .poll(() => cron.inputValue(), { timeout: 60_000 })
      .toBe(job.rows[0]?.cron_expression);
    await page.close();
  });
});

describe("offer show page", { timeout: 240_000 }, () => {
  it("shows the state history once", async () => {
    const offer = await db.query<{ id: string }>(
      `select o.id from public.offers o
        where exists (select 1 from public.offer_state_changes c
                       where c.offer_id = o.id)
          and exists (select 1 from public.offer_revisions r
                       where r.offer_id = o.id
                         and r.revision_no = o.current_revision_no)
        order by o.created_at desc limit 1`,
    );
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/offers/show/${offer.rows[0]?.id}`);
    await page.getByText("Durum geçmişi", { exact: true }).first().waitFor();
    await page.getByText(/^Onaylar \(\d+\)$/).waitFor();

    expect(await page.getByText(/Durum geçmişi/).count()).toBe(1);
    await page.close();
  });
});
