// The main job in one browser walk. A consultant records a meeting, builds
// an offer in the admin's offer builder for a lead on a real OSOS series and
// sends it. A demo sub-dealer makes a rule-breaking offer in the portal, a
// manager approves it and the customer accepts it. Then the contract is
// generated, sync-registrations registers the metering point with the
// EPİAŞ registration simulator, fetch-readings loads a month of readings,
// and the customer's consumption page and the dashboard show the result.
// With TOUR_SCREENSHOTS=1 the walk saves the README's tour in docs/tour.
// The walk uses demo logins and rows of its own only, so the tour shows no
// test fixture when this file runs alone.
import { randomInt, randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it, vi } from "vitest";
import { signIn as adminSignIn } from "../../admin/test/helpers.ts";
import {
  signIn as portalSignIn,
  setPassword,
} from "../../portal/test/portal-helpers.ts";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";
import { formatDecimal, formatTry } from "../../shared/money.ts";
import { ROOT_DIR } from "../../stack/src/config.ts";
import {
  describeMeteringPoint,
  REAL_SERIES_METERING_POINTS,
} from "../../stack/src/simulators/metering-points.ts";
import { signUser } from "../../stack/test/rest/helpers.ts";
import { launchBrowser } from "../browser.ts";
import { connect } from "../db.ts";
import { freshVkn } from "../domain/turkish-ids.ts";
import { clientAs, istanbulDate, MONTHS, rpc } from "../sales/helpers.ts";

vi.setConfig({ testTimeout: 300_000 });

const stack = inject("stack");
const TOUR_DIR = path.join(ROOT_DIR, "docs", "tour");
const SAVE_TOUR = process.env.TOUR_SCREENSHOTS === "1";
const VIEWPORT = { width: 1280, height: 800 };

// Hourly import of the real site_1 series in July 2025: 744 hours, all of
// quality "ok" in the sample, summed from the sample file.
const JULY_2025_SITE_1_KWH = "531.090";

// The consultant's two fixed prices, in TL/kWh, typed as Turkish numbers.
// Both keep every demo price rule on the site_3 tariff in the months the
// builder proposes, so the offer is approved on submission.
const CONSULTANT_PRICES = [
  { label: "Sabit fiyat", input: "5,10", value: 5.1 },
  { label: "Sabit fiyat, esnek", input: "5,30", value: 5.3 },
];

// The dealer's monthly kWh per time zone, the same in every month.
const DEALER_ZONE_KWH = { T1: 20000, T2: 8000, T3: 12000 };
const DEALER_MONTHS = ["2027-01", "2027-02", "2027-03"];

let browser: Browser;
let db: pg.Client;

type Lead = {
  partyId: string;
  name: string;
  email: string;
  meteringPointId: string;
  userId: string;
};

type DemoUser = {
  userId: string;
  staffId: string | null;
  dealerId: string | null;
  fullName: string | null;
};

type SyncCounts = Record<string, number | undefined>;

type RuleCheck = {
  is_allowed: boolean;
  requires_approval: boolean;
  broken_rules: { rule_kind: string }[];
};

// The tag the portal's new-offer form shows for a rule check.
function ruleStatusText(rules: RuleCheck): string {
  if (!rules.is_allowed) {
    return "Kurallara aykırı";
  }

  return rules.requires_approval ? "Onay gerekir" : "Kurallara uygun";
}

// Inserts a company lead with one OSOS metering point whose master data is
// what the simulators serve for `code`, and a customer login. The name
// reads like the demo's companies, with a random number to keep it unique.
async function createLead(
  owner: { staffId?: string | null; dealerId?: string | null },
  code: string,
): Promise<Lead> {
  const number = randomInt(100_000, 1_000_000);
  const name = `Anadolu Döküm ${number} A.Ş.`;
  const email = `satin.alma.${number}.${randomUUID().slice(0, 4)}@e2e.test`;
  const party = await db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, email, owner_staff_id,
       owner_dealer_id)
     values ('company', $1, $2, $3, $4, $5) returning id`,
    [freshVkn(), name, email, owner.staffId ?? null, owner.dealerId ?? null],
  );
  const partyId = party.rows[0]?.id as string;
  const point = describeMeteringPoint(code);
  const inserted = await db.query<{ id: string }>(
    `insert into public.metering_points (code, party_id, installation_number,
       meter_serial, distribution_region_code, subscriber_group_code,
       voltage_level_code, tariff_type, connection_power_kw, multiplier,
       reading_method)
     select $1, $2, $3, $4, r.code, $6, $7, $8, $9, $10, 'osos'
     from public.distribution_regions r where r.epias_distribution_id = $5
     returning id`,
    [
      point.meteringPointEic,
      partyId,
      point.installationNumber,
      point.meterSerial,
      point.distributionId,
      point.subscriberGroup,
      point.voltageLevel,
      point.meterReadingType === 1 ? "three_time" : "single_time",
      point.connectionPowerKw,
      point.multiplier,
    ],
  );
  const userId = randomUUID();
  await db.query(
    `insert into auth.users (id, aud, role, email, email_confirmed_at)
     values ($1, 'authenticated', 'authenticated', $2, now())`,
    [userId, email],
  );
  await db.query(
    "insert into public.app_users (user_id, party_id) values ($1, $2)",
    [userId, partyId],
  );

  return {
    partyId,
    name,
    email,
    meteringPointId: inserted.rows[0]?.id as string,
    userId,
  };
}

async function demoUser(email: string): Promise<DemoUser> {
  const { rows } = await db.query<{
    user_id: string;
    staff_id: string | null;
    dealer_id: string | null;
    full_name: string | null;
  }>(
    `select au.user_id, au.staff_id, au.dealer_id, s.full_name
     from public.app_users au
     join auth.users u on u.id = au.user_id
     left join public.staff s on s.id = au.staff_id
     where u.email = $1`,
    [email],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new Error(`demo login ${email} not found: seed the demo data`);
  }

  return {
    userId: row.user_id,
    staffId: row.staff_id,
    dealerId: row.dealer_id,
    fullName: row.full_name,
  };
}

// The tariff of a metering point, in price_offer's input shape.
async function tariffOf(meteringPointId: string) {
  const { rows } = await db.query<{
    distribution_region_code: string;
    subscriber_group_code: string;
    voltage_level_code: string;
    tariff_type: string;
  }>(
    `select distribution_region_code, subscriber_group_code,
       voltage_level_code, tariff_type
     from public.metering_points where id = $1`,
    [meteringPointId],
  );

  return rows[0];
}

async function callFunction(
  name: string,
  token: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return fetch(`${stack.API_URL}/functions/v1/${name}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      apikey: stack.ANON_KEY,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

// Runs sync-registrations as the scheduler does, with the service role.
async function syncRegistrations(
  body: Record<string, unknown>,
): Promise<SyncCounts> {
  const response = await callFunction(
    "sync-registrations",
    stack.SERVICE_ROLE_KEY,
    body,
  );
  const result = await response.json();
  expect(response.status, JSON.stringify(result)).toBe(200);

  return result.counts as SyncCounts;
}

async function tokenOf(userId: string): Promise<string> {
  const user = await signUser(
    stack.JWT_SECRET,
    userId as ReturnType<typeof randomUUID>,
  );

  return user.token;
}

// Saves the visible part of `page` as docs/tour/<name>.png when the tour
// is requested.
async function tour(page: Page, name: string): Promise<void> {
  if (!SAVE_TOUR) {
    return;
  }
  await mkdir(TOUR_DIR, { recursive: true });
  // Chart.js animates a new chart for one second by default: let the bars
  // and lines reach their values first.
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: path.join(TOUR_DIR, `${name}.png`) });
}

async function adminPage(email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(90_000);
  await adminSignIn(page, email);

  return page;
}

// Signs a demo login in on the portal with the demo password, which the
// walk leaves unchanged for other tests and for people trying the demo.
async function demoPortalPage(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  await page.goto(`${stack.PORTAL_URL}/login`);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  return page;
}

// A percentage as the offer builder shows it: "%10,50" and "-%4,82".
function percentText(value: number): string {
  const text = `%${formatDecimal(String(Math.abs(value)), 2)}`;

  return value < 0 ? `-${text}` : text;
}

// A Turkish-formatted number of the portal's tables as a decimal text:
// "1.234,500" becomes "1234.500".
function decimalOf(text: string): string {
  return text.trim().replaceAll(".", "").replace(",", ".");
}

async function cellTexts(rows: Locator): Promise<string[][]> {
  return rows.evaluateAll((elements) =>
    elements.map((row) =>
      [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? ""),
    ),
  );
}

async function portfolioCounts(): Promise<{
  customers: number;
  active: number;
}> {
  const { rows } = await db.query<{ customers: number; active: number }>(
    `select
       (select count(*)::int from public.parties
        where lifecycle = 'customer') as customers,
       (select count(*)::int from public.metering_points
        where status = 'active') as active`,
  );

  return rows[0] ?? { customers: 0, active: 0 };
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

it("walks from a meeting to the customer's consumption", async () => {
  const consultant = await demoUser("consultant@demo.enerji.test");
  const consultantClient = await clientAs(stack, consultant.userId);
  const before = await portfolioCounts();

  // 1. The consultant records a held meeting with a lead on site_3.
  const consultantLead = await createLead(
    { staffId: consultant.staffId },
    REAL_SERIES_METERING_POINTS.site_3,
  );
  const admin = await adminPage("consultant@demo.enerji.test");
  await admin.goto(`${stack.ADMIN_URL}/parties`);
  await admin.locator("tbody tr.ant-table-row").first().waitFor();
  await tour(admin, "admin-parties");
  await admin.goto(`${stack.ADMIN_URL}/meetings/create`);
  const startsAt = admin.getByLabel("Başlangıç");
  await startsAt.click();
  const today = istanbulDate().split("-").reverse().join(".");
  await startsAt.fill(`${today} 10:00`);
  await startsAt.press("Enter");
  await admin.getByLabel("Konu").fill("Tedarik teklifi görüşmesi");
  const party = admin.getByLabel("Firma / kişi");
  await party.click();
  await party.fill(consultantLead.name.slice(0, 20));
  await admin
    .locator(".ant-select-item-option", { hasText: consultantLead.name })
    .click();
  await chooseOption(admin, "Tür", "Ziyaret");
  await chooseOption(admin, "Durum", "Yapıldı");
  await chooseOption(admin, "Sonuç", "Teklif istendi");
  // The owner is picked only when the form has not filled it in with the
  // signed-in consultant.
  const ownerField = admin.locator(".ant-form-item", {
    has: admin.getByLabel("Sorumlu personel"),
  });
  if ((await ownerField.locator(".ant-select-selection-item").count()) === 0) {
    const owner = admin.getByLabel("Sorumlu personel");
    await owner.click();
    await owner.fill(consultant.fullName ?? "");
    await admin
      .locator(".ant-select-item-option", {
        hasText: consultant.fullName ?? "",
      })
      .first()
      .click();
  }
  const saved = admin.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === "/rest/v1/meetings" &&
      response.request().method() === "POST",
    { timeout: 30_000 },
  );
  await admin.getByRole("button", { name: "Kaydet" }).click();
  const response = await saved;
  expect(response.status(), await response.text()).toBe(201);
  const meeting = await db.query(
    `select kind, status, outcome, owner_staff_id from public.meetings
     where party_id = $1`,
    [consultantLead.partyId],
  );
  expect(meeting.rows).toEqual([
    {
      kind: "visit",
      status: "held",
      outcome: "offer_requested",
      owner_staff_id: consultant.staffId,
    },
  ]);

  // 2. The consultant builds an offer on the metering point in the offer
  // builder: the live figures are the pricing engine's, and the offer is
  // approved on submission, sent from its page and its PDF mailed.
  await admin.goto(
    `${stack.ADMIN_URL}/offers/new?party_id=${consultantLead.partyId}`,
  );
  await admin
    .getByTestId("offer-builder-party")
    .getByText(consultantLead.name)
    .waitFor();
  const pointSelect = admin.getByTestId("offer-builder-metering-points");
  await pointSelect.click();
  await admin
    .locator(".ant-select-dropdown:visible .ant-select-item-option", {
      hasText: REAL_SERIES_METERING_POINTS.site_3,
    })
    .click();
  await admin.keyboard.press("Escape");
  await pointSelect
    .locator(".ant-select-selection-item", {
      hasText: REAL_SERIES_METERING_POINTS.site_3,
    })
    .waitFor();
  // The builder proposes twelve months from next month in the browser's
  // calendar; the consultant chooses three.
  await admin.getByTestId("offer-builder-month-count").click();
  await admin
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .getByText(String(MONTHS.length), { exact: true })
    .click();
  await admin
    .getByTestId("offer-builder-months")
    .locator("tbody tr.ant-table-row")
    .nth(MONTHS.length)
    .waitFor({ state: "detached" });
  // Each month row shows the month's name and keeps "YYYY-MM" in data-month.
  const monthCells = admin
    .getByTestId("offer-builder-months")
    .locator("tbody tr.ant-table-row td:first-child [data-month]");
  const builderMonths = await monthCells.evaluateAll((cells) =>
    cells.map((cell) => cell.getAttribute("data-month") ?? ""),
  );
  const builderMonthNames = (await monthCells.allInnerTexts()).map((text) =>
    text.trim(),
  );
  expect(builderMonths).toHaveLength(MONTHS.length);
  for (const [index, name] of builderMonthNames.entries()) {
    const kwh = MONTHS[index] as (typeof MONTHS)[number];
    for (const zone of ["T1", "T2", "T3"] as const) {
      await admin
        .getByLabel(`${name} ${zone}`)
        .fill(kwh[zone].toLocaleString("tr-TR"));
    }
  }
  // The select's wrapper and its search input share the label.
  await admin.getByLabel("Alternatif 1 türü").first().click();
  await admin
    .locator(".ant-select-dropdown:visible .ant-select-item-option", {
      hasText: "Sabit birim fiyat",
    })
    .click();
  await admin
    .getByLabel("Alternatif 1 adı")
    .fill(CONSULTANT_PRICES[0]?.label ?? "");
  await admin
    .getByLabel("Alternatif 1 değeri")
    .fill(CONSULTANT_PRICES[0]?.input ?? "");
  await admin.getByTestId("offer-builder-add-alternative").click();
  await admin
    .getByLabel("Alternatif 2 adı")
    .fill(CONSULTANT_PRICES[1]?.label ?? "");
  await admin
    .getByLabel("Alternatif 2 değeri")
    .fill(CONSULTANT_PRICES[1]?.input ?? "");

  const siteThreeTariff = await tariffOf(consultantLead.meteringPointId);
  const consultantMonthly = builderMonths.map((month, index) => ({
    month,
    t1_kwh: MONTHS[index]?.T1,
    t2_kwh: MONTHS[index]?.T2,
    t3_kwh: MONTHS[index]?.T3,
  }));
  for (const [index, price] of CONSULTANT_PRICES.entries()) {
    const engine = await rpc(consultantClient, "price_offer", {
      p_input: {
        ...siteThreeTariff,
        consumption: { monthly: consultantMonthly },
        offer: { kind: "fixed_price", unit_price_try_per_kwh: price.value },
      },
    });
    const totals = admin.getByTestId(`offer-builder-totals-${index + 1}`);
    await totals
      .getByText(formatTry(String(engine.totals.offer_total_try)))
      .waitFor();
    const text = await totals.innerText();
    for (const key of [
      "regulated_total_try",
      "offer_total_try",
      "savings_try",
      "supply_cost_try",
      "gross_profit_try",
    ]) {
      expect(text, key).toContain(formatTry(String(engine.totals[key])));
    }
    expect(text).toContain(percentText(engine.totals.margin_pct));
  }
  expect(await admin.getByTestId("offer-builder-rule-violation").count()).toBe(
    0,
  );
  await tour(admin, "admin-offer-builder");
  await admin.getByTestId("offer-builder-save").click();
  await admin.waitForURL(/\/offers\/show\/[0-9a-f-]{36}$/);
  const consultantOfferId = admin.url().split("/").pop() as string;
  const consultantOffer = await db.query<{
    state: string;
    valid_until: string;
    consumption: { metering_point_ids: string[] };
  }>(
    `select o.state, to_char(o.valid_until, 'DD.MM.YYYY') as valid_until,
       r.consumption
     from public.offers o
     join public.offer_revisions r on r.offer_id = o.id
     where o.id = $1 and o.party_id = $2`,
    [consultantOfferId, consultantLead.partyId],
  );
  expect(consultantOffer.rows[0]?.state).toBe("approved");
  expect(consultantOffer.rows[0]?.consumption.metering_point_ids).toEqual([
    consultantLead.meteringPointId,
  ]);
  await admin.getByTestId("offer-send").click();
  await admin.getByRole("button", { name: "Evet, gönder" }).click();
  await admin.getByText("Teklif gönderildi").waitFor();
  const mail = await mailTo(consultantLead.email);
  expect(mail.Text).toContain(
    `Teklif ${consultantOffer.rows[0]?.valid_until} tarihine kadar`,
  );
  const pdfs = mail.Attachments.filter((attachment: { FileName: string }) =>
    attachment.FileName.endsWith(".pdf"),
  );
  expect(pdfs.length).toBeGreaterThan(0);
  const pdf = await fetch(
    `${stack.MAILPIT_URL}/api/v1/message/${mail.ID}/part/${pdfs[0].PartID}`,
  );
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const sentState = await db.query<{ state: string }>(
    "select state from public.offers where id = $1",
    [consultantOfferId],
  );
  expect(sentState.rows[0]?.state).toBe("sent");
  const catcher = await browser.newPage({ viewport: VIEWPORT });
  await catcher.goto(`${stack.MAILPIT_URL}/view/${mail.ID}`);
  await tour(catcher, "mail-offer");
  await catcher.close();
  // The page opens on the latest day with prices, which in a test run is
  // a far-future test row, so the tour picks the last real day.
  const lastDay = await db.query<{ day: string }>(
    `select to_char(max(hour_start) at time zone 'Europe/Istanbul',
       'DD.MM.YYYY') as day
     from public.ptf_hourly_prices where hour_start < '2090-01-01'`,
  );
  await admin.goto(`${stack.ADMIN_URL}/market-data`);
  await admin.locator("canvas").waitFor();
  for (const label of ["Başlangıç günü", "Bitiş günü"]) {
    const input = admin.getByLabel(label);
    await input.click();
    await input.fill(lastDay.rows[0]?.day ?? "");
    await input.press("Enter");
    await input.press("Escape");
  }
  await admin.getByText("24 saat").waitFor();
  // Both pickers' dropdowns close, each with its own animation.
  await expect
    .poll(() => admin.locator(".ant-picker-dropdown:visible").count(), {
      timeout: 30_000,
    })
    .toBe(0);
  await tour(admin, "admin-market-data");
  await admin.close();

  // 3. The demo sub-dealer makes an offer for its own lead on the portal's
  // new-offer page. Its second alternative is above the maximum discount
  // without approval, so the submitted offer waits for a manager, who
  // approves it in the admin. The offer covers months with published PTF:
  // on the forward prices of the coming months a 20 % discount breaks the
  // minimum margin, which rejects an offer instead of sending it to
  // approval.
  const dealerUser = await demoUser("dealer.sub@demo.enerji.test");
  const dealerLead = await createLead(
    { dealerId: dealerUser.dealerId },
    REAL_SERIES_METERING_POINTS.site_1,
  );
  const dealer = await demoPortalPage("dealer.sub@demo.enerji.test");
  await dealer.getByRole("link", { name: "Teklifler" }).first().click();
  await dealer.getByRole("link", { name: "Yeni teklif" }).click();
  await dealer.getByLabel("Aday veya müşteri").fill(dealerLead.name);
  await dealer
    .locator(".ant-select-item-option", { hasText: dealerLead.name })
    .click();
  await dealer.getByLabel(REAL_SERIES_METERING_POINTS.site_1).check();
  // The month picker takes the month the Turkish way, 01.2027.
  const [firstYear, firstMonthNumber] = (DEALER_MONTHS[0] as string).split("-");
  const firstMonth = dealer.getByLabel("İlk ay", { exact: true });
  await firstMonth.click();
  await firstMonth.fill(`${firstMonthNumber}.${firstYear}`);
  await firstMonth.press("Enter");
  await dealer.getByLabel("Ay sayısı").fill("3");
  await dealer.getByLabel("T1 aylık kWh").fill("20.000");
  await dealer.getByLabel("T2 aylık kWh").fill("8.000");
  await dealer.getByLabel("T3 aylık kWh").fill("12.000");
  await fillDealerAlternative(dealer, 1, "İndirimli %5", "İndirim", "5");
  await dealer.getByRole("button", { name: "Alternatif ekle" }).click();
  await fillDealerAlternative(dealer, 2, "İndirimli %20", "İndirim", "20");

  const dealerClient = await clientAs(stack, dealerUser.userId);
  const siteOneTariff = await tariffOf(dealerLead.meteringPointId);
  const dealerMonthly = DEALER_MONTHS.map((month) => ({
    month,
    t1_kwh: DEALER_ZONE_KWH.T1,
    t2_kwh: DEALER_ZONE_KWH.T2,
    t3_kwh: DEALER_ZONE_KWH.T3,
  }));
  const dealerOffers = [
    { kind: "discount", discount_pct: 5 },
    { kind: "discount", discount_pct: 20 },
  ];
  const expectedBreaks: boolean[] = [];
  for (const [index, offer] of dealerOffers.entries()) {
    const engine = await rpc<{ totals: Record<string, number> }>(
      dealerClient,
      "price_offer",
      {
        p_input: {
          ...siteOneTariff,
          consumption: { monthly: dealerMonthly },
          offer,
        },
      },
    );
    const group = dealer.getByRole("group", {
      name: `Alternatif ${index + 1}`,
    });
    await group
      .getByText(`Tasarruf: ${formatTry(String(engine.totals.savings_try))}`)
      .waitFor({ timeout: 60_000 });
    const text = await group.innerText();
    expect(text).toContain(formatTry(String(engine.totals.offer_total_try)));
    expect(text).toContain(
      formatTry(String(engine.totals.regulated_total_try)),
    );
    // The rule check shown is check_offer_rules' for the same input.
    const rules = await rpc<RuleCheck>(dealerClient, "check_offer_rules", {
      p_input: {
        ...siteOneTariff,
        consumption: { monthly: dealerMonthly },
        offer,
      },
    });
    expect(text).toContain(ruleStatusText(rules));
    expect(await group.locator("ul[aria-label] > li").count()).toBe(
      rules.broken_rules.length,
    );
    expectedBreaks.push(rules.broken_rules.length > 0);
  }
  // Alternatif 2 is above the maximum discount without approval.
  await dealer
    .getByRole("group", { name: "Alternatif 2" })
    .getByText("Onaysız en yüksek indirim (%)", { exact: false })
    .waitFor();
  await dealer.evaluate(() => window.scrollTo(0, 0));
  await tour(dealer, "portal-offer-new");
  await dealer.getByRole("button", { name: "Taslak olarak kaydet" }).click();
  await dealer.waitForURL((url) =>
    /^\/offers\/[0-9a-f-]{36}$/.test(url.pathname),
  );
  const dealerOfferId = new URL(dealer.url()).pathname.split("/").at(-1) ?? "";
  await dealer.getByRole("button", { name: "Onaya gönder" }).click();
  await dealer.getByText("Genel müdürlük onayı bekleniyor").waitFor();
  await dealer.context().close();
  const dealerOffer = await db.query<{
    offer_number: string;
    state: string;
    dealer_id: string;
    party_id: string;
  }>(
    `select offer_number, state, dealer_id, party_id from public.offers
     where id = $1`,
    [dealerOfferId],
  );
  const dealerOfferNumber = dealerOffer.rows[0]?.offer_number as string;
  expect(dealerOffer.rows[0]?.state).toBe("awaiting_approval");
  expect(dealerOffer.rows[0]?.dealer_id).toBe(dealerUser.dealerId);
  expect(dealerOffer.rows[0]?.party_id).toBe(dealerLead.partyId);
  const breaksRules = await db.query<{ breaks_rules: boolean }>(
    `select a.breaks_rules from public.offer_alternatives a
     join public.offer_revisions r on r.id = a.offer_revision_id
     where r.offer_id = $1 order by a.position`,
    [dealerOfferId],
  );
  expect(breaksRules.rows.map((row) => row.breaks_rules)).toEqual(
    expectedBreaks,
  );
  expect(expectedBreaks[1]).toBe(true);

  const manager = await adminPage("manager@demo.enerji.test");
  await manager.goto(`${stack.ADMIN_URL}/approvals`);
  const item = manager.locator(".ant-list-item", {
    hasText: dealerOfferNumber,
  });
  await item.waitFor();
  await manager
    .locator(".ant-spin-spinning")
    .first()
    .waitFor({ state: "detached" });
  await tour(manager, "admin-approvals");
  await item.getByLabel("Karar notu").fill("Hacim yüksek, onaylandı.");
  await item.getByRole("button", { name: "Onayla" }).click();
  await manager.getByText("Teklif onaylandı").waitFor();
  const sentToCustomer = await callFunction(
    "send-offer",
    await tokenOf(dealerUser.userId),
    { offer_id: dealerOfferId },
  );
  expect(sentToCustomer.status).toBe(200);

  // 4. The customer accepts the first alternative in the portal.
  await setPassword(stack, dealerLead.userId);
  const customer = await portalSignIn(browser, stack, dealerLead.email, {
    viewport: VIEWPORT,
  });
  await customer.goto(`${stack.PORTAL_URL}/offers`);
  await customer.getByText(dealerOfferNumber).waitFor();
  await tour(customer, "portal-offer");
  await customer.getByRole("radio").first().check({ force: true });
  await customer
    .getByRole("button", { name: "Seçili alternatifi kabul et" })
    .click();
  await customer.getByRole("button", { name: "Evet, kabul et" }).click();
  await customer.getByText(/Sözleşme no: SZL-\d{4}-\d{6}/).waitFor();
  const contract = await db.query<{ id: string; registration: string }>(
    `select c.id, r.id as registration
     from public.contracts c
     join public.registration_requests r on r.contract_id = c.id
     where c.offer_id = $1`,
    [dealerOfferId],
  );
  const contractId = contract.rows[0]?.id as string;
  const requestId = contract.rows[0]?.registration as string;

  // 5. The contract document is generated.
  const generated = await callFunction(
    "generate-contract",
    await tokenOf(dealerUser.userId),
    { contract_id: contractId },
  );
  expect(generated.status).toBe(200);
  const document = await db.query<{ path: string | null }>(
    "select document_path as path from public.contracts where id = $1",
    [contractId],
  );
  expect(document.rows[0]?.path).toBe(`contracts/${contractId}/contract.pdf`);

  // 6. Registration, as the scheduler runs it: today's sync submits the
  // open batches and records the simulator's results, and the sync on the
  // first day of the batch's month enters the point into the portfolio.
  // Every run also takes the open batches and due approvals of the demo
  // data and of other test files, the fixtures' shared 2099 batch among
  // them. So the walk reads its own request, and for the dashboard the
  // counts each run reports. The simulator approves site_1's code under
  // its default rules: its last body digit is 1 and the request is made
  // before the deadline day.
  const request = async () =>
    (
      await db.query<{
        state: string;
        effective_on: string | null;
        period_month: string;
        batch_state: string;
        external_reference: string | null;
      }>(
        `select r.state, r.effective_on::text, b.period_month::text,
           b.state as batch_state, b.external_reference
         from public.registration_requests r
         join public.registration_batches b on b.id = r.registration_batch_id
         where r.id = $1`,
        [requestId],
      )
    ).rows[0];
  const requested = await request();
  expect(requested?.state).toBe("requested");
  const periodMonth = requested?.period_month as string;
  const submittedRun = await syncRegistrations({});
  expect(submittedRun.batches_submitted ?? 0).toBeGreaterThanOrEqual(1);
  expect(submittedRun.requests_approved ?? 0).toBeGreaterThanOrEqual(1);
  const approved = await request();
  expect(approved?.state).toBe("approved");
  expect(approved?.effective_on).toBe(periodMonth);
  expect(approved?.batch_state).toBe("submitted");
  expect(approved?.external_reference).toMatch(/^RB-\d{6}$/);
  const pending = await db.query<{ status: string }>(
    "select status from public.metering_points where id = $1",
    [dealerLead.meteringPointId],
  );
  expect(pending.rows[0]?.status).not.toBe("active");

  const enteredRun = await syncRegistrations({ on: periodMonth });
  expect(enteredRun.metering_points_entered ?? 0).toBeGreaterThanOrEqual(1);
  const entered = await request();
  expect(entered?.state).toBe("in_portfolio");
  const point = await db.query<{ status: string; started: string }>(
    `select status, supply_started_on::text as started
     from public.metering_points where id = $1`,
    [dealerLead.meteringPointId],
  );
  expect(point.rows[0]?.status).toBe("active");
  expect(point.rows[0]?.started).toBe(periodMonth);
  const lifecycle = await db.query<{ lifecycle: string }>(
    "select lifecycle from public.parties where id = $1",
    [dealerLead.partyId],
  );
  expect(lifecycle.rows[0]?.lifecycle).toBe("customer");
  const welcome = await mailTo(
    dealerLead.email,
    "Hoş geldiniz: portföyümüze katıldınız",
  );
  expect(welcome.Text).toContain(`Sayın ${dealerLead.name},`);

  // 7. The readings job fetches July 2025 of the real site_1 series, and
  // the customer reads the month's total on the portal's consumption page.
  const readings = await callFunction(
    "fetch-readings",
    stack.SERVICE_ROLE_KEY,
    {
      period_start: "2025-07-01",
      period_end: "2025-08-01",
      metering_point_codes: [REAL_SERIES_METERING_POINTS.site_1],
    },
  );
  expect(readings.status).toBe(200);
  const stored = await db.query<{ total: string; hours: number }>(
    `select sum(consumption_kwh)::numeric(14, 3)::text as total,
       count(*)::int as hours
     from public.hourly_readings
     where metering_point_id = $1
       and hour_start >= '2025-07-01T00:00:00+03:00'
       and hour_start < '2025-08-01T00:00:00+03:00'`,
    [dealerLead.meteringPointId],
  );
  expect(stored.rows[0]?.total).toBe(JULY_2025_SITE_1_KWH);
  expect(stored.rows[0]?.hours).toBe(744);
  const consumptionUrl = (view: string, period: string) =>
    `${stack.PORTAL_URL}/metering-points?${new URLSearchParams({
      point: dealerLead.meteringPointId,
      view,
      period,
    })}`;
  const consumptionTable = customer.getByRole("region", {
    name: "Tüketim tablosu",
  });
  await customer.goto(consumptionUrl("month", "2025"));
  await customer.getByText("Tem 2025").waitFor();
  const months = await cellTexts(
    consumptionTable.locator(".ant-table-tbody tr.ant-table-row"),
  );
  expect(months.map((row) => row[0])).toEqual(["Tem 2025"]);
  // Columns: period, T1, T2, T3, total.
  expect(decimalOf(months[0]?.[4] ?? "")).toBe(JULY_2025_SITE_1_KWH);
  await customer.goto(consumptionUrl("day", "2025-07"));
  await customer.getByText("31 Tem 2025").waitFor();
  await customer
    .getByRole("img", { name: "Tüketim grafiği" })
    .waitFor({ timeout: 60_000 });
  const days = await cellTexts(
    consumptionTable.locator(".ant-table-tbody tr.ant-table-row"),
  );
  expect(days).toHaveLength(31);
  const summary = await cellTexts(
    consumptionTable.locator(".ant-table-summary tr"),
  );
  expect(summary[0]?.[0]).toBe("Toplam");
  expect(decimalOf(summary[0]?.[4] ?? "")).toBe(JULY_2025_SITE_1_KWH);
  await tour(customer, "portal-consumption");
  await customer.context().close();

  // 8. The dashboard shows the count of active points after the two
  // registration runs.
  await manager.goto(`${stack.ADMIN_URL}/`);
  const active = manager.locator(".ant-statistic", {
    hasText: "Portföydeki sayaçlar",
  });
  await active.waitFor();
  const after = await portfolioCounts();
  const newCustomers =
    (submittedRun.new_customers ?? 0) + (enteredRun.new_customers ?? 0);
  const enteredPoints =
    (submittedRun.metering_points_entered ?? 0) +
    (enteredRun.metering_points_entered ?? 0);
  expect(after.customers).toBe(before.customers + newCustomers);
  // A run counts the requests it moved into the portfolio. The demo data
  // contains requests of points that are active already, which add no active
  // point, so only the walk's own point is sure to count.
  expect(after.active).toBeGreaterThanOrEqual(before.active + 1);
  expect(after.active).toBeLessThanOrEqual(before.active + enteredPoints);
  const shown = await active
    .locator(".ant-statistic-content-value")
    .innerText();
  expect(shown.replace(/\./g, "")).toBe(String(after.active));
  await tour(manager, "admin-dashboard");
  await manager.close();
});

// Picks `option` in the select labelled `label` of an admin form.
async function chooseOption(
  page: Page,
  label: string,
  option: string,
): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option", {
      hasText: option,
    })
    .first()
    .click();
}

// Fills alternative `number` of the portal's new-offer form.
async function fillDealerAlternative(
  page: Page,
  number: number,
  label: string,
  kind: string,
  value: string,
): Promise<void> {
  const group = page.getByRole("group", { name: `Alternatif ${number}` });
  await group.getByLabel("Alternatif adı").fill(label);
  await group.getByRole("radio", { name: kind }).check({ force: true });
  await group.getByRole("textbox").nth(1).fill(value);
}

// Waits for the first mail to `address` (with `subject` when given) in the
// mail catcher and returns its full message.
async function mailTo(address: string, subject?: string): Promise<any> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const list = await (
      await fetch(`${stack.MAILPIT_URL}/api/v1/messages?limit=1000`)
    ).json();
    const summary = list.messages.find(
      (message: { To: { Address: string }[]; Subject: string }) =>
        message.To.some((to) => to.Address === address) &&
        (subject === undefined || message.Subject === subject),
    );
    if (summary) {
      return (
        await fetch(`${stack.MAILPIT_URL}/api/v1/message/${summary.ID}`)
      ).json();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No mail to ${address} arrived in the mail catcher`);
}
