// The customer's consumption charts in a browser: K1's customer user opens
// its metering point with readings seeded for October 2026 and for the two
// clock-change days of 2015 and 2016.
import path from "node:path";
import type pg from "pg";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { uniqueMeteringPointCode } from "../../test/domain/eic-codes.ts";
import { createFixture, type Fixture } from "../../test/domain/fixture.ts";
import { setPassword, signIn as signInAs } from "./portal-helpers.ts";

vi.setConfig({ testTimeout: 120_000 });

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let fixture: Fixture;

function signIn(options: BrowserContextOptions = {}): Promise<Page> {
  return signInAs(
    browser,
    stack,
    `customer_own.${fixture.suffix}@matrix.test`,
    options,
  );
}

// Inserts one reading per hour over [from, to): a varying consumption,
// 2,125 kWh of injection in the local hours 11–14, and estimated
// consumption on the local date `estimatedDay`.
async function seedHours(
  from: string,
  to: string,
  estimatedDay: string | null,
): Promise<void> {
  await db.query(
    `select private.ensure_month_partitions('public.hourly_readings',
       $1::timestamptz, $2::timestamptz)`,
    [from, to],
  );
  await db.query(
    `insert into public.hourly_readings (metering_point_id, hour_start,
       consumption_kwh, injection_kwh, consumption_quality, estimation_method)
     select $1, h,
       round(((extract(epoch from h) / 3600)::bigint % 7) * 0.317 + 0.05, 3),
       case when extract(hour from h at time zone 'Europe/Istanbul')
         between 11 and 14 then 2.125 else 0 end,
       case when (h at time zone 'Europe/Istanbul')::date = $4::date
         then 'estimated' else 'measured' end,
       case when (h at time zone 'Europe/Istanbul')::date = $4::date
         then 'linear_interpolation' end
     from generate_series($2::timestamptz, $3::timestamptz - interval '1 hour',
       interval '1 hour') as h`,
    [fixture.meteringPointId, from, to, estimatedDay],
  );
}

// Turns a Turkish number such as "1.234,567" into "1234.567".
function decimalOf(text: string): string {
  return text.trim().replaceAll(".", "").replace(",", ".");
}

async function tableTexts(page: Page): Promise<string[][]> {
  return page
    .getByRole("region", { name: "Tüketim tablosu" })
    .locator(".ant-table-tbody tr.ant-table-row")
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? ""),
      ),
    );
}

async function summaryTexts(page: Page): Promise<string[]> {
  return page
    .getByRole("region", { name: "Tüketim tablosu" })
    .locator(".ant-table-summary tr td")
    .evaluateAll((cells) => cells.map((cell) => cell.textContent ?? ""));
}

function viewUrl(view: string, period: string): string {
  const query = new URLSearchParams({
    point: fixture.meteringPointId,
    view,
    period,
  });

  return `${stack.PORTAL_URL}/metering-points?${query}`;
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  await seedHours(
    "2026-10-01T00:00:00+03:00",
    "2026-11-01T00:00:00+03:00",
    "2026-10-05",
  );
  await seedHours(
    "2015-11-08T00:00:00+03:00",
    "2015-11-09T00:00:00+02:00",
    null,
  );
  await seedHours(
    "2016-03-27T00:00:00+02:00",
    "2016-03-28T00:00:00+03:00",
    null,
  );
  await setPassword(stack, fixture.userIds.customer_own);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

describe("customer consumption", () => {
  it("shows October totals equal to stored rows", async () => {
    const expected = await db.query<Record<string, string>>(
      `select
         sum(consumption_kwh) filter (where z = 'T1')::numeric(14, 3)::text as t1,
         sum(consumption_kwh) filter (where z = 'T2')::numeric(14, 3)::text as t2,
         sum(consumption_kwh) filter (where z = 'T3')::numeric(14, 3)::text as t3,
         sum(consumption_kwh)::numeric(14, 3)::text as total,
         sum(consumption_kwh) filter (where consumption_quality = 'estimated')
           ::numeric(14, 3)::text as estimated,
         sum(injection_kwh)::numeric(14, 3)::text as injection,
         (sum(consumption_kwh) - sum(injection_kwh))::numeric(14, 3)::text as net
       from (
         select r.*, case
           when extract(hour from hour_start at time zone 'Europe/Istanbul')
             between 6 and 16 then 'T1'
           when extract(hour from hour_start at time zone 'Europe/Istanbul')
             between 17 and 21 then 'T2'
           else 'T3' end as z
         from public.hourly_readings as r
         where metering_point_id = $1
           and hour_start >= '2026-10-01T00:00:00+03:00'
           and hour_start < '2026-11-01T00:00:00+03:00'
       ) as s`,
      [fixture.meteringPointId],
    );
    const row = expected.rows[0] ?? {};
    const columns = ["t1", "t2", "t3", "total", "estimated", "injection"];
    const page = await signIn();

    await page.goto(viewUrl("month", "2026"));
    await page
      .getByRole("img", { name: "Tüketim grafiği" })
      .waitFor({ timeout: 60_000 });
    const months = await tableTexts(page);
    expect(months).toHaveLength(1);
    const october = months[0] ?? [];
    expect(october[0]).toBe("Eki 2026");
    columns.forEach((column, index) => {
      expect(decimalOf(october[index + 1] ?? ""), column).toBe(row[column]);
    });
    expect(decimalOf(october[7] ?? "")).toBe(row.net);

    await page.goto(viewUrl("day", "2026-10"));
    await page.getByText("31 Eki 2026").waitFor({ timeout: 60_000 });
    const days = await tableTexts(page);
    expect(days).toHaveLength(31);
    const summary = await summaryTexts(page);
    expect(summary[0]).toBe("Toplam");
    columns.forEach((column, index) => {
      expect(decimalOf(summary[index + 1] ?? ""), column).toBe(row[column]);
    });
    // Only 5 October is estimated: 24 hours of it.
    const estimatedDays = days.filter(
      (day) => decimalOf(day[5] ?? "") !== "0.000",
    );
    expect(estimatedDays.map((day) => day[0])).toEqual(["5 Eki 2026"]);
    await page.context().close();
  });

  it("labels clock-change days alike in any zone", async () => {
    const labelsByZone: string[][] = [];
    for (const timezoneId of ["UTC", "Europe/Berlin", "Europe/Istanbul"]) {
      const page = await signIn({ timezoneId, locale: "tr-TR" });
      await page.goto(viewUrl("hour", "2015-11-08"));
      await page.getByText("23:00 +02").waitFor({ timeout: 60_000 });
      const autumn = (await tableTexts(page)).map((row) => row[0] ?? "");
      expect(autumn, timezoneId).toHaveLength(25);
      expect(
        autumn.filter((label) => label.startsWith("03:00")),
        timezoneId,
      ).toEqual(["03:00 +03", "03:00 +02"]);

      await page.goto(viewUrl("hour", "2016-03-27"));
      await page.getByText("04:00 +03").waitFor({ timeout: 60_000 });
      const spring = (await tableTexts(page)).map((row) => row[0] ?? "");
      expect(spring, timezoneId).toHaveLength(23);
      expect(spring.some((label) => label.startsWith("03:00"))).toBe(false);

      await page.goto(viewUrl("day", "2015-11"));
      await page.getByText("8 Kas 2015").waitFor({ timeout: 60_000 });
      const days = (await tableTexts(page)).map((row) => row[0] ?? "");
      expect(days, timezoneId).toEqual(["8 Kas 2015"]);

      labelsByZone.push([...autumn, ...spring, ...days]);
      await page.screenshot({
        path: path.join(
          SCREENSHOT_DIR,
          `portal-consumption-dst-${timezoneId.replace("/", "-")}.png`,
        ),
        fullPage: true,
      });
      await page.context().close();
    }
    expect(labelsByZone[1]).toEqual(labelsByZone[0]);
    expect(labelsByZone[2]).toEqual(labelsByZone[0]);
  });

  it("fits a phone screen", async () => {
    const page = await signIn({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(viewUrl("day", "2026-10"));
    const chart = page.getByRole("img", { name: "Tüketim grafiği" });
    await chart.waitFor({ timeout: 60_000 });
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    expect(box?.width ?? 0).toBeLessThanOrEqual(390);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-consumption-phone.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("picks the period with a month picker", async () => {
    const page = await signIn();
    await page.goto(viewUrl("day", "2026-10"));
    await page.getByText("31 Eki 2026").waitFor({ timeout: 60_000 });
    const period = page.getByLabel("Dönem");
    expect(await period.inputValue()).toBe("10.2026");

    // Typed in the Turkish format, sent as ISO in the address.
    await period.click();
    await period.fill("11.2015");
    await period.press("Enter");
    await page.getByText("8 Kas 2015").waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get("period")).toBe("2015-11");

    // The English UI writes the same month its own way.
    await page.evaluate(() =>
      localStorage.setItem("enerji.portal.language", "en"),
    );
    await page.reload();
    const englishPeriod = page.getByLabel("Period");
    await englishPeriod.waitFor({ timeout: 60_000 });
    expect(await englishPeriod.inputValue()).toBe("11/2015");
    await page.context().close();
  });
  it("opens on the point read last, in its latest month", async () => {
    // A second point of K1 without readings, whose code sorts first.
    const suffix = fixture.suffix.slice(-8);
    const sequence = Number.parseInt(suffix, 16) % 1e9;
    const unread = await db.query<{ id: string; code: string }>(
      `insert into public.metering_points (code, party_id, installation_number,
         meter_serial, distribution_region_code, subscriber_group_code,
         voltage_level_code, tariff_type, connection_power_kw, multiplier,
         reading_method, status)
       select $3, m.party_id,
         '8' || lpad($2, 8, '0'), 'UNREAD' || $2, m.distribution_region_code,
         m.subscriber_group_code, m.voltage_level_code, m.tariff_type, 100, 1,
         'osos', 'active'
       from public.metering_points m where m.id = $1
       returning id, code`,
      [
        fixture.meteringPointId,
        String(sequence),
        // A "40Z2…" code, which sorts before the fixture's "40Z9…".
        uniqueMeteringPointCode(100_000_000_000 + sequence),
      ],
    );
    const unreadPoint = unread.rows[0] as { id: string; code: string };
    try {
      const latest = await db.query<{ month: string; code: string }>(
        `select to_char(max(r.hour_start) at time zone 'Europe/Istanbul',
             'MM.YYYY') as month, m.code
           from public.hourly_readings r
           join public.metering_points m on m.id = r.metering_point_id
          where r.metering_point_id = $1
          group by m.code`,
        [fixture.meteringPointId],
      );
      const { month, code } = latest.rows[0] as { month: string; code: string };
      expect(unreadPoint.code < code).toBe(true);

      const page = await signIn();
      await page.goto(`${stack.PORTAL_URL}/metering-points`);
      const picker = page.getByRole("combobox", { name: "Sayaç" });
      await page
        .locator(".ant-select-selection-item", { hasText: code })
        .waitFor({ timeout: 60_000 });
      await page.getByText("Günlük", { exact: true }).click();
      const period = page.getByLabel("Dönem");
      await page.waitForURL((url) => url.searchParams.get("view") === "day");
      expect(await period.inputValue()).toBe(month);

      // The picker searches by part of the code and marks the point without
      // readings.
      await picker.click({ force: true });
      await picker.fill(unreadPoint.code.slice(0, 8));
      await page
        .locator(".ant-select-dropdown:visible .ant-select-item-option", {
          hasText: `${unreadPoint.code} (okuma yok)`,
        })
        .click();
      await page.waitForURL(
        (url) => url.searchParams.get("point") === unreadPoint.id,
      );
      await page.context().close();
    } finally {
      await db.query("delete from public.metering_points where id = $1", [
        unreadPoint.id,
      ]);
    }
  });
});
