// A dealer makes an offer in the portal: main dealer A's user picks a lead
// with two metering points, types consumption and two alternatives in
// Turkish number format, checks their prices and rules, saves the draft and
// submits it. A discount that breaks the minimum margin blocks saving. A
// smaller one that only exceeds the maximum discount without approval sends
// the offer to approval. Enter in a field or picker never saves, bad input
// is marked at its field, and the party search follows Turkish case rules.
// An offer of 0 kWh gets its own message instead of a broken price rule.
// The metering points are listed with their tariffs, and once one is
// ticked, points of another tariff cannot be.
import { randomUUID } from "node:crypto";
import path from "node:path";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { formatTry } from "../../shared/money.ts";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { uniqueMeteringPointCode } from "../../test/domain/eic-codes.ts";
import { createFixture, type Fixture } from "../../test/domain/fixture.ts";
import { freshVkn } from "../../test/domain/turkish-ids.ts";
import {
  actorClient,
  createLead,
  istanbulDate,
  type Lead,
  rpc,
  TARIFF,
} from "../../test/sales/helpers.ts";
import { setPassword, signIn } from "./portal-helpers.ts";

vi.setConfig({ testTimeout: 180_000 });

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let fixture: Fixture;
let lead: Lead;
let leadName: string;
let pointCodes: string[];
// The offer the first test submits, which the second sends back.
let offerId = "";

// One month of three-time consumption in create_offer's shape.
const MONTHLY_MONTHS = [{ month: "2027-01", T1: 20000, T2: 8000, T3: 12000 }];

const MONTHLY = [
  { month: "2027-01", t1_kwh: 20000, t2_kwh: 8000, t3_kwh: 12000 },
  { month: "2027-02", t1_kwh: 20000, t2_kwh: 8000, t3_kwh: 12000 },
  { month: "2027-03", t1_kwh: 20000, t2_kwh: 8000, t3_kwh: 12000 },
];

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  lead = await createLead(db, fixture.dealerIds.a);
  const party = await db.query<{ name: string }>(
    "select name from public.parties where id = $1",
    [lead.partyId],
  );
  leadName = party.rows[0]?.name ?? "";
  const points = await db.query<{ code: string }>(
    "select code from public.metering_points where party_id = $1 order by code",
    [lead.partyId],
  );
  pointCodes = points.rows.map((row) => row.code);
  await setPassword(stack, fixture.userIds.dealer_above);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

// Types a date or month into the picker labelled `label` and confirms it.
async function pick(page: Page, label: string, text: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  await input.press("Enter");
  expect(await input.inputValue()).toBe(text);
}

// An ISO date (2027-01-31) written the Turkish way (31.01.2027).
function turkishDate(iso: string): string {
  const [year, month, day] = iso.split("-");

  return `${day}.${month}.${year}`;
}

async function fillAlternative(
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

describe("dealer offer form", () => {
  it("prices, saves and submits two alternatives", async () => {
    const page = await signIn(
      browser,
      stack,
      `dealer_above.${fixture.suffix}@matrix.test`,
    );
    await page.getByRole("link", { name: "Teklifler" }).first().click();
    await page.getByRole("link", { name: "Yeni teklif" }).click();
    await page.getByLabel("Aday veya müşteri").fill(leadName);
    await page
      .locator(".ant-select-item-option", { hasText: leadName })
      .click();
    expect(pointCodes).toHaveLength(2);
    for (const code of pointCodes) {
      await page.getByLabel(code).check();
    }
    // The pickers show dates the Turkish way and the form sends ISO text.
    const validUntil = page.getByLabel("Geçerlilik");
    expect(await validUntil.inputValue()).toBe(turkishDate(istanbulDate(30)));
    await pick(page, "Geçerlilik", turkishDate(istanbulDate(40)));
    await pick(page, "İlk ay", "01.2027");
    await page.getByLabel("Ay sayısı").fill("3");
    await page.getByLabel("T1 aylık kWh").fill("20.000");
    await page.getByLabel("T2 aylık kWh").fill("8.000");
    await page.getByLabel("T3 aylık kWh").fill("12.000,0");

    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");
    await page.getByRole("button", { name: "Alternatif ekle" }).click();
    await fillAlternative(page, 2, "İndirimli %40", "İndirim", "40");

    // The totals shown are those of the pricing engine for the same input.
    const dealer = await actorClient(stack, fixture, "dealer_above");
    const fixedInput = {
      ...TARIFF,
      consumption: { monthly: MONTHLY },
      offer: { kind: "fixed_price", unit_price_try_per_kwh: 5.3 },
    };
    const fixed = await rpc<{
      totals: { savings_try: number };
      demo_figures: string[];
    }>(dealer, "price_offer", { p_input: fixedInput });
    const first = page.getByRole("group", { name: "Alternatif 1" });
    await first
      .getByText(`Tasarruf: ${formatTry(String(fixed.totals.savings_try))}`)
      .waitFor({ timeout: 60_000 });
    await first.getByText("Kurallara uygun").waitFor();
    const second = page.getByRole("group", { name: "Alternatif 2" });
    await second
      .getByText("Onaysız en yüksek indirim (%)", { exact: false })
      .waitFor({ timeout: 60_000 });
    expect(
      await first.locator(".ant-table-tbody tr.ant-table-row").count(),
    ).toBe(3);
    const demoMark = page.getByRole("alert", { name: "Demo fiyatlar" });
    if (fixed.demo_figures.length > 0) {
      expect(await demoMark.innerText()).toContain("örnek olarak üretilmiş");
    } else {
      expect(await demoMark.count()).toBe(0);
    }

    // The 40 % discount breaks the minimum margin, whose consequence is
    // "rejected": it is shown in red and blocks saving.
    const rules = await rpc<{
      broken_rules: { rule_kind: string; consequence: string }[];
    }>(dealer, "check_offer_rules", {
      p_input: {
        ...TARIFF,
        consumption: { monthly: MONTHLY },
        offer: { kind: "discount", discount_pct: 40 },
      },
    });
    const rejectedCount = rules.broken_rules.filter(
      (rule) => rule.consequence === "rejected",
    ).length;
    expect(rejectedCount).toBeGreaterThan(0);
    const rejectedItems = second.locator('li[data-consequence="rejected"]');
    expect(await rejectedItems.count()).toBe(rejectedCount);
    expect(await rejectedItems.first().innerText()).toContain("Reddedilir");
    expect(
      await rejectedItems
        .first()
        .evaluate((item) => getComputedStyle(item).color),
    ).toBe("rgb(207, 19, 34)");
    const blocked = page.getByText(
      "Fiyat kuralı nedeniyle reddedilen alternatif var: İndirimli %40.",
      { exact: false },
    );
    await blocked.waitFor();
    const save = page.getByRole("button", { name: "Taslak olarak kaydet" });
    expect(await save.isDisabled()).toBe(true);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-new-blocked.png"),
      fullPage: true,
    });

    // A 20 % discount keeps the margin and only needs approval. The label
    // changes at once; the rules change once the new price arrives.
    await fillAlternative(page, 2, "İndirimli %20", "İndirim", "20");
    await second
      .locator('li[data-consequence="rejected"]')
      .first()
      .waitFor({ state: "detached", timeout: 60_000 });
    await page
      .getByText("Fiyat kuralı nedeniyle reddedilen alternatif var", {
        exact: false,
      })
      .waitFor({ state: "detached" });
    await second.locator('li[data-consequence="approval_required"]').waitFor();
    expect(await save.isDisabled()).toBe(false);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-new.png"),
      fullPage: true,
    });

    await save.click();
    await page.waitForURL((url) =>
      /^\/offers\/[0-9a-f-]{36}$/.test(url.pathname),
    );
    offerId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    // The saved offer lists the rules each alternative breaks, as the form
    // did: the 20 % discount's, each marked as needing approval.
    const stored = await db.query<{
      rules: { consequence: string }[] | null;
    }>(
      `select a.rule_check -> 'broken_rules' as rules
       from public.offer_alternatives as a
       join public.offer_revisions as r on r.id = a.offer_revision_id
       where r.offer_id = $1 and a.position = 2`,
      [offerId],
    );
    const storedRules = stored.rows[0]?.rules ?? [];
    expect(storedRules.length).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Onaya gönder" }).waitFor();
    const listed = page.locator("td li[data-consequence]");
    await listed.first().waitFor();
    expect(await listed.count()).toBe(storedRules.length);
    for (const [index, rule] of storedRules.entries()) {
      expect(await listed.nth(index).getAttribute("data-consequence")).toBe(
        rule.consequence,
      );
      expect(await listed.nth(index).innerText()).toContain("Onay gerekir");
    }
    await page.getByRole("button", { name: "Onaya gönder" }).click();
    await page.getByText("Onay bekliyor").first().waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-submitted.png"),
      fullPage: true,
    });
    await page.context().close();

    const offer = await db.query<{
      state: string;
      dealer_id: string;
      valid_until: string;
    }>(
      "select state, dealer_id, valid_until::text from public.offers where id = $1",
      [offerId],
    );
    expect(offer.rows[0]?.state).toBe("awaiting_approval");
    expect(offer.rows[0]?.valid_until).toBe(istanbulDate(40));
    expect(offer.rows[0]?.dealer_id).toBe(fixture.dealerIds.a);
    const alternatives = await db.query<{
      label: string;
      kind: string;
      parameters: Record<string, number>;
      breaks_rules: boolean;
    }>(
      `select a.label, a.kind, a.parameters, a.breaks_rules
       from public.offer_alternatives as a
       join public.offer_revisions as r on r.id = a.offer_revision_id
       where r.offer_id = $1
       order by a.position`,
      [offerId],
    );
    expect(alternatives.rows.map((row) => row.label)).toEqual([
      "Sabit fiyat",
      "İndirimli %20",
    ]);
    expect(
      Number(alternatives.rows[0]?.parameters.unit_price_try_per_kwh),
    ).toBe(5.3);
    expect(Number(alternatives.rows[1]?.parameters.discount_pct)).toBe(20);
    expect(alternatives.rows.map((row) => row.breaks_rules)).toEqual([
      false,
      true,
    ]);
    const revision = await db.query<{ consumption: unknown }>(
      "select consumption from public.offer_revisions where offer_id = $1",
      [offerId],
    );
    expect(revision.rows[0]?.consumption).toMatchObject({
      metering_point_ids: expect.arrayContaining(lead.meteringPointIds),
      months: MONTHLY.map((month) => ({
        month: month.month,
        T1: 20000,
        T2: 8000,
        T3: 12000,
      })),
    });
  });

  it("revises a sent-back offer", async () => {
    expect(offerId).not.toBe("");
    const manager = await actorClient(stack, fixture, "manager");
    const note = "İndirimi %15 altına çekin";
    const decided = await rpc<{ state: string }>(manager, "decide_offer", {
      p_offer_id: offerId,
      p_decision: "sent_back",
      p_note: note,
    });
    expect(decided.state).toBe("draft");

    const page = await signIn(
      browser,
      stack,
      `dealer_above.${fixture.suffix}@matrix.test`,
    );
    await page.goto(`${stack.PORTAL_URL}/offers/${offerId}`);
    await page.getByText(note, { exact: false }).waitFor();
    await page.getByText("Düzeltme için geri gönderildi").waitFor();
    const second = page.getByRole("group", { name: "Alternatif 2" });
    await second.getByLabel("İndirim (%)").fill("12,5");
    await page.getByRole("button", { name: "Düzeltmeyi kaydet" }).click();
    await page
      .locator(".ant-descriptions-item", { hasText: "Revizyon" })
      .getByText("2", { exact: true })
      .waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-revised.png"),
      fullPage: true,
    });
    await page.context().close();

    const revisions = await db.query<{
      revision_no: number;
      discount_pct: string | null;
      breaks_rules: boolean;
    }>(
      `select r.revision_no, a.parameters ->> 'discount_pct' as discount_pct,
         a.breaks_rules
       from public.offer_revisions as r
       join public.offer_alternatives as a on a.offer_revision_id = r.id
       where r.offer_id = $1 and a.position = (
         select max(b.position) from public.offer_alternatives as b
         where b.offer_revision_id = r.id)
       order by r.revision_no`,
      [offerId],
    );
    expect(revisions.rows.map((row) => row.revision_no)).toEqual([1, 2]);
    expect(revisions.rows.map((row) => Number(row.discount_pct))).toEqual([
      20, 12.5,
    ]);
    const state = await db.query<{ state: string }>(
      "select state from public.offers where id = $1",
      [offerId],
    );
    expect(state.rows[0]?.state).toBe("draft");
  });
  it("prices an estimate on a tariff chosen by name", async () => {
    const page = await signIn(
      browser,
      stack,
      `dealer_above.${fixture.suffix}@matrix.test`,
    );
    await page.goto(`${stack.PORTAL_URL}/offers/new`);
    await page.getByLabel("Aday veya müşteri").fill(leadName);
    await page
      .locator(".ant-select-item-option", { hasText: leadName })
      .click();
    await page.getByRole("radio", { name: "Tahmini tüketim" }).check({
      force: true,
    });
    // Region, group and voltage are searched and chosen by name.
    for (const [label, name] of [
      ["Dağıtım bölgesi", "Gediz"],
      ["Abone grubu", "Ticarethane"],
      ["Gerilim seviyesi", "Orta Gerilim"],
    ] as const) {
      const select = page.getByLabel(label, { exact: true });
      await select.click({ force: true });
      await select.fill(name.slice(0, 4));
      await page
        .locator(".ant-select-dropdown:visible .ant-select-item-option", {
          hasText: name,
        })
        .click();
    }
    await pick(page, "İlk ay", "01.2027");
    await page.getByLabel("T1 aylık kWh").fill("20.000");
    await page.getByLabel("T2 aylık kWh").fill("8.000");
    await page.getByLabel("T3 aylık kWh").fill("12.000");
    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");

    // A month count outside 1–12 is reported and nothing is priced.
    const monthCount = page.getByLabel("Ay sayısı");
    await monthCount.fill("-3");
    await monthCount.blur();
    await page
      .getByText("Ay sayısı 1 ile 12 arasında bir tam sayı olmalı")
      .waitFor();
    expect(await monthCount.inputValue()).toBe("-3");
    const first = page.getByRole("group", { name: "Alternatif 1" });
    expect(
      await first.locator(".ant-table-tbody tr.ant-table-row").count(),
    ).toBe(0);

    await monthCount.fill("2");
    const dealer = await actorClient(stack, fixture, "dealer_above");
    const priced = await rpc<{ totals: { offer_total_try: number } }>(
      dealer,
      "price_offer",
      {
        p_input: {
          distribution_region_code: "gediz",
          subscriber_group_code: "ticarethane",
          voltage_level_code: "OG",
          tariff_type: "three_time",
          consumption: { monthly: MONTHLY.slice(0, 2) },
          offer: { kind: "fixed_price", unit_price_try_per_kwh: 5.3 },
        },
      },
    );
    await first
      .getByText(
        `Teklif faturası: ${formatTry(String(priced.totals.offer_total_try))}`,
      )
      .waitFor({ timeout: 60_000 });
    expect(
      await first.locator(".ant-table-tbody tr.ant-table-row").count(),
    ).toBe(2);
    await page.context().close();
  });
});

// Opens the new-offer form as main dealer A's user and picks `name` as the
// offer's party.
async function openFormFor(name: string): Promise<Page> {
  const page = await signIn(
    browser,
    stack,
    `dealer_above.${fixture.suffix}@matrix.test`,
  );
  await page.goto(`${stack.PORTAL_URL}/offers/new`);
  await page.getByLabel("Aday veya müşteri").fill(name);
  await page.locator(".ant-select-item-option", { hasText: name }).click();

  return page;
}

// Returns the error message under the field labelled `label`. A replaced
// message fades out for a moment beside the new one, so it is skipped.
async function fieldMessage(page: Page, label: string): Promise<string> {
  const item = page.locator(".ant-form-item", {
    has: page.getByLabel(label, { exact: true }),
  });

  return item
    .locator(".ant-form-item-explain-error:not(.ant-form-show-help-item-leave)")
    .innerText();
}

async function offerCount(partyId: string): Promise<number> {
  const result = await db.query<{ count: string }>(
    "select count(*) from public.offers where party_id = $1",
    [partyId],
  );

  return Number(result.rows[0]?.count);
}

describe("dealer offer form input", () => {
  it("saves only with the save button", async () => {
    const fresh = await createLead(db, fixture.dealerIds.a);
    const party = await db.query<{ name: string }>(
      "select name from public.parties where id = $1",
      [fresh.partyId],
    );
    const name = party.rows[0]?.name ?? "";
    const page = await signIn(
      browser,
      stack,
      `dealer_above.${fixture.suffix}@matrix.test`,
    );
    await page.goto(`${stack.PORTAL_URL}/offers/new`);
    const errors = page.locator(".ant-alert-error");

    // Enter in an empty form's picker only confirms the month.
    await pick(page, "İlk ay", "02.2027");
    await page.waitForTimeout(1_000);
    expect(await errors.count()).toBe(0);

    // Saving names exactly the fields still missing.
    const save = page.getByRole("button", { name: "Taslak olarak kaydet" });
    await save.click();
    expect(await errors.innerText()).toBe(
      "Kaydetmek için bu alanları doldurun veya düzeltin: Aday veya " +
        "müşteri, Sayaçlar, T1 aylık kWh, T2 aylık kWh, T3 aylık kWh, " +
        "Alternatif 1: Alternatif adı, Alternatif 1: İndirim (%)",
    );
    expect(await fieldMessage(page, "T1 aylık kWh")).toBe("Zorunlu");
    expect(await fieldMessage(page, "Alternatif adı")).toBe("Zorunlu");

    // Filling the form clears the message.
    await page.getByLabel("Aday veya müşteri").fill(name);
    await page.locator(".ant-select-item-option", { hasText: name }).click();
    const points = await db.query<{ code: string }>(
      "select code from public.metering_points where party_id = $1",
      [fresh.partyId],
    );
    expect(points.rows).toHaveLength(2);
    for (const row of points.rows) {
      await page.getByLabel(row.code).check();
    }
    await page.getByLabel("Ay sayısı").fill("2");
    await page.getByLabel("T1 aylık kWh").fill("20.000");
    await page.getByLabel("T2 aylık kWh").fill("8.000");
    await page.getByLabel("T3 aylık kWh").fill("12.000");
    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");
    await errors.waitFor({ state: "detached" });
    await page
      .getByRole("group", { name: "Alternatif 1" })
      .getByText("Kurallara uygun")
      .waitFor({ timeout: 60_000 });

    // Enter in a complete form's picker does not save either.
    await pick(page, "İlk ay", "03.2027");
    await page.getByLabel("T1 aylık kWh").press("Enter");
    await page.waitForTimeout(2_000);
    expect(new URL(page.url()).pathname).toBe("/offers/new");
    expect(await offerCount(fresh.partyId)).toBe(0);

    await save.click();
    await page.waitForURL((url) =>
      /^\/offers\/[0-9a-f-]{36}$/.test(url.pathname),
    );
    expect(await offerCount(fresh.partyId)).toBe(1);
    await page.context().close();
  });

  it("explains an offer of 0 kWh", async () => {
    const page = await openFormFor(leadName);
    for (const code of pointCodes) {
      await page.getByLabel(code).check();
    }
    await pick(page, "İlk ay", "01.2027");
    await page.getByLabel("Ay sayısı").fill("2");
    for (const zone of ["T1", "T2", "T3"]) {
      await page.getByLabel(`${zone} aylık kWh`).fill("0");
    }
    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");

    // price_offer rejects it, and no price rule is blamed.
    const first = page.getByRole("group", { name: "Alternatif 1" });
    await first
      .getByText(
        "Teklifin toplam tüketimi 0 kWh. Fiyatlandırmak için en az bir ayın tüketimini girin.",
      )
      .waitFor({ timeout: 60_000 });
    expect(await first.getByText("Kurallara uygun").count()).toBe(0);
    await page.context().close();
  });

  it("marks bad input at each field", async () => {
    const page = await openFormFor(leadName);
    for (const code of pointCodes) {
      await page.getByLabel(code).check();
    }
    await pick(page, "İlk ay", "01.2027");
    await page.getByLabel("Ay sayısı").fill("abc");
    await page.getByLabel("T1 aylık kWh").fill("-20");
    await page.getByLabel("T2 aylık kWh").fill("8.000");
    await page.getByLabel("T3 aylık kWh").fill("12a");
    await fillAlternative(page, 1, "İndirim", "İndirim", "-5");

    expect(await fieldMessage(page, "Ay sayısı")).toBe(
      "Ay sayısı 1 ile 12 arasında bir tam sayı olmalı",
    );
    expect(await fieldMessage(page, "T1 aylık kWh")).toBe(
      "Tüketim negatif olamaz",
    );
    expect(await fieldMessage(page, "T3 aylık kWh")).toBe(
      "Geçersiz sayı: 1.234,56 biçiminde yazın",
    );
    expect(await fieldMessage(page, "İndirim (%)")).toBe(
      "İndirim 0 ile 100 arasında olmalı",
    );
    for (const label of ["Ay sayısı", "T1 aylık kWh", "T3 aylık kWh"]) {
      expect(
        await page.getByLabel(label).getAttribute("aria-invalid"),
        label,
      ).toBe("true");
    }
    expect(
      await page.getByLabel("T2 aylık kWh").getAttribute("aria-invalid"),
    ).toBe("false");

    // Saving names the invalid fields but not the chosen party and points.
    await page.getByRole("button", { name: "Taslak olarak kaydet" }).click();
    const message = page.locator(".ant-alert-error");
    expect(await message.innerText()).toBe(
      "Kaydetmek için bu alanları doldurun veya düzeltin: Ay sayısı, " +
        "T1 aylık kWh, T3 aylık kWh, Alternatif 1: İndirim (%)",
    );
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-new-field-checks.png"),
      fullPage: true,
    });

    // Fixed prices may not be negative, and a discount above 100 % is out
    // of range too.
    await fillAlternative(page, 1, "Sabit", "Sabit fiyat", "-1,5");
    expect(await fieldMessage(page, "Birim fiyat (TL/kWh)")).toBe(
      "Birim fiyat negatif olamaz",
    );
    await fillAlternative(page, 1, "İndirim", "İndirim", "100,5");
    expect(await fieldMessage(page, "İndirim (%)")).toBe(
      "İndirim 0 ile 100 arasında olmalı",
    );
    await page.context().close();
  });

  it("limits kWh and takes one figure for single-time", async () => {
    const page = await openFormFor(leadName);
    await page.getByRole("radio", { name: "Tahmini tüketim" }).check({
      force: true,
    });
    await pick(page, "İlk ay", "01.2027");
    await page.getByLabel("Ay sayısı").fill("2");
    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");

    // A figure above 500 GWh a month is a typing error, marked at its
    // field, and nothing is priced.
    const t1 = page.getByLabel("T1 aylık kWh");
    await t1.fill("1.000.000.000.000");
    await page.getByLabel("T2 aylık kWh").fill("8.000");
    await page.getByLabel("T3 aylık kWh").fill("12.000");
    expect(await fieldMessage(page, "T1 aylık kWh")).toBe(
      "Aylık tüketim en fazla 500.000.000 kWh olabilir",
    );
    expect(await t1.getAttribute("aria-invalid")).toBe("true");
    await t1.fill("500.000.000,5");
    expect(await fieldMessage(page, "T1 aylık kWh")).toBe(
      "Aylık tüketim en fazla 500.000.000 kWh olabilir",
    );
    const first = page.getByRole("group", { name: "Alternatif 1" });
    await page.waitForTimeout(1_500);
    expect(
      await first.locator(".ant-table-tbody tr.ant-table-row").count(),
    ).toBe(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-new-kwh-limit.png"),
      fullPage: true,
    });
    await t1.fill("500.000.000");
    expect(await t1.getAttribute("aria-invalid")).toBe("false");

    // A single-time tariff takes one kWh figure a month instead of T1,
    // T2 and T3, and is priced and saved on it.
    const tariffType = page.getByLabel("Tarife", { exact: true });
    await tariffType.click({ force: true });
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option", {
        hasText: "Tek zamanlı",
      })
      .click();
    const monthly = page.getByLabel("Aylık kWh", { exact: true });
    await monthly.waitFor();
    expect(await page.getByLabel("T1 aylık kWh").count()).toBe(0);
    expect(await page.getByLabel("T3 aylık kWh").count()).toBe(0);
    await monthly.fill("40.000");
    const dealer = await actorClient(stack, fixture, "dealer_above");
    const singleTime = {
      ...TARIFF,
      tariff_type: "single_time",
    };
    const priced = await rpc<{ totals: { offer_total_try: number } }>(
      dealer,
      "price_offer",
      {
        p_input: {
          ...singleTime,
          consumption: {
            monthly: [
              { month: "2027-01", kwh: 40000 },
              { month: "2027-02", kwh: 40000 },
            ],
          },
          offer: { kind: "fixed_price", unit_price_try_per_kwh: 5.3 },
        },
      },
    );
    await first
      .getByText(
        `Teklif faturası: ${formatTry(String(priced.totals.offer_total_try))}`,
      )
      .waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-new-single-time.png"),
      fullPage: true,
    });

    await page.getByRole("button", { name: "Taslak olarak kaydet" }).click();
    await page.waitForURL((url) =>
      /^\/offers\/[0-9a-f-]{36}$/.test(url.pathname),
    );
    const savedId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    const revision = await db.query<{ consumption: unknown }>(
      "select consumption from public.offer_revisions where offer_id = $1",
      [savedId],
    );
    expect(revision.rows[0]?.consumption).toEqual({
      ...singleTime,
      months: [
        { month: "2027-01", kwh: 40000 },
        { month: "2027-02", kwh: 40000 },
      ],
    });
    await page.context().close();
  });

  it("takes one figure for single-time points", async () => {
    const single = await createLead(db, fixture.dealerIds.a);
    await db.query(
      "update public.metering_points set tariff_type = 'single_time' where party_id = $1",
      [single.partyId],
    );
    const party = await db.query<{ name: string }>(
      "select name from public.parties where id = $1",
      [single.partyId],
    );
    const points = await db.query<{ code: string }>(
      "select code from public.metering_points where party_id = $1",
      [single.partyId],
    );
    const page = await openFormFor(party.rows[0]?.name ?? "");

    // Before a point is chosen the tariff is unknown, so T1 to T3 show.
    await page.getByLabel("T1 aylık kWh").waitFor();
    expect(await page.getByLabel("Aylık kWh", { exact: true }).count()).toBe(0);
    for (const row of points.rows) {
      await page.getByLabel(row.code).check();
    }
    await page.getByLabel("Aylık kWh", { exact: true }).waitFor();
    expect(await page.getByLabel("T1 aylık kWh").count()).toBe(0);

    // Saving without the figure names the one field that is missing.
    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");
    await page.getByRole("button", { name: "Taslak olarak kaydet" }).click();
    expect(await page.locator(".ant-alert-error").innerText()).toBe(
      "Kaydetmek için bu alanları doldurun veya düzeltin: Aylık kWh",
    );
    expect(await fieldMessage(page, "Aylık kWh")).toBe("Zorunlu");
    await page.context().close();
  });

  it("keeps the ticked points to one tariff", async () => {
    // Four points: two of TARIFF, one single-time and one at medium
    // voltage, each a tariff of its own.
    const mixed = await createLead(db, fixture.dealerIds.a);
    const [first, second] = mixed.meteringPointIds;
    // Two more valid codes, unique to this run.
    const serial = Date.now() % 100_000_000_000;
    const singleCode = uniqueMeteringPointCode(serial);
    const mediumCode = uniqueMeteringPointCode(serial + 1);
    for (const [code, installation, change] of [
      [singleCode, "1", "tariff_type = 'single_time'"],
      [mediumCode, "2", "voltage_level_code = 'OG'"],
    ] as const) {
      await db.query(
        `insert into public.metering_points (code, party_id,
           installation_number, meter_serial, distribution_region_code,
           subscriber_group_code, voltage_level_code, tariff_type,
           connection_power_kw, reading_method)
         select $2, party_id, installation_number || $3,
           meter_serial || $3, distribution_region_code, subscriber_group_code,
           voltage_level_code, tariff_type, connection_power_kw, reading_method
         from public.metering_points where id = $1`,
        [first, code, installation],
      );
      await db.query(
        `update public.metering_points set ${change} where code = $1`,
        [code],
      );
    }
    const codes = await db.query<{ id: string; code: string }>(
      "select id, code from public.metering_points where party_id = $1",
      [mixed.partyId],
    );
    const codeOf = (id: string | undefined) =>
      codes.rows.find((row) => row.id === id)?.code ?? "";
    const firstCode = codeOf(first);
    const secondCode = codeOf(second);
    expect(codes.rows).toHaveLength(4);
    const party = await db.query<{ name: string }>(
      "select name from public.parties where id = $1",
      [mixed.partyId],
    );
    const page = await openFormFor(party.rows[0]?.name ?? "");

    // Each point is listed with its tariff by name.
    const box = (code: string) => page.getByRole("checkbox", { name: code });
    const labels = {
      [firstCode]: "Boğaziçi / Sanayi / Alçak Gerilim / Üç zamanlı",
      [secondCode]: "Boğaziçi / Sanayi / Alçak Gerilim / Üç zamanlı",
      [singleCode]: "Boğaziçi / Sanayi / Alçak Gerilim / Tek zamanlı",
      [mediumCode]: "Boğaziçi / Sanayi / Orta Gerilim / Üç zamanlı",
    };
    for (const [code, tariff] of Object.entries(labels)) {
      await page.getByText(`${code} · ${tariff}`, { exact: true }).waitFor();
      expect(await box(code).isDisabled(), code).toBe(false);
    }
    const otherTariff = page.getByTestId("points-other-tariff");
    expect(await otherTariff.count()).toBe(0);

    // Once a three-time low-voltage point is ticked, only the other point
    // of its tariff can join it, and a line names the rest.
    await box(firstCode).check();
    expect(await box(secondCode).isDisabled()).toBe(false);
    expect(await box(singleCode).isDisabled()).toBe(true);
    expect(await box(mediumCode).isDisabled()).toBe(true);
    expect(await otherTariff.innerText()).toBe(
      "Bir teklifteki sayaçların tarifesi aynı olmalı. Şu sayaçlar seçilen " +
        "sayaçlardan farklı tarifede olduğu için seçilemez: " +
        `${[singleCode, mediumCode].sort().join(", ")}. Onlar için ayrı bir ` +
        "teklif hazırlayın.",
    );
    await box(secondCode).check();
    await box(singleCode).click({ force: true });
    expect(await box(singleCode).isChecked()).toBe(false);

    // The two points of one tariff are priced, and saving sends only them.
    await pick(page, "İlk ay", "01.2027");
    await page.getByLabel("Ay sayısı").fill("1");
    await page.getByLabel("T1 aylık kWh").fill("20.000");
    await page.getByLabel("T2 aylık kWh").fill("8.000");
    await page.getByLabel("T3 aylık kWh").fill("12.000");
    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");
    await page
      .getByRole("group", { name: "Alternatif 1" })
      .getByText("Kurallara uygun")
      .waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-new-one-tariff.png"),
      fullPage: true,
    });
    await page.getByRole("button", { name: "Taslak olarak kaydet" }).click();
    await page.waitForURL((url) =>
      /^\/offers\/[0-9a-f-]{36}$/.test(url.pathname),
    );
    const savedId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    const revision = await db.query<{
      consumption: { metering_point_ids: string[] };
    }>("select consumption from public.offer_revisions where offer_id = $1", [
      savedId,
    ]);
    expect(
      [...(revision.rows[0]?.consumption.metering_point_ids ?? [])].sort(),
    ).toEqual([first, second].sort());

    // Unticking frees the other tariffs: the single-time point then takes
    // one kWh figure a month and disables the three-time points.
    const again = await openFormFor(party.rows[0]?.name ?? "");
    await page.context().close();
    const againBox = (code: string) =>
      again.getByRole("checkbox", { name: code });
    await againBox(firstCode).check();
    await againBox(firstCode).uncheck();
    expect(await againBox(singleCode).isDisabled()).toBe(false);
    await againBox(singleCode).check();
    await again.getByLabel("Aylık kWh", { exact: true }).waitFor();
    for (const code of [firstCode, secondCode, mediumCode]) {
      expect(await againBox(code).isDisabled(), code).toBe(true);
    }
    await again.context().close();
  });

  it("shows a server error with its technical details", async () => {
    // Sub-dealer B's submitted offer keeps main dealer A from offering to
    // the same customer until it expires. The server's error carries a hint.
    const contested = await createLead(db, fixture.dealerIds.b);
    const below = await actorClient(stack, fixture, "dealer_below");
    const validUntil = istanbulDate(15);
    const first = await rpc(below, "create_offer", {
      p_input: {
        party_id: contested.partyId,
        valid_until: validUntil,
        consumption: { ...TARIFF, months: MONTHLY_MONTHS },
        alternatives: [
          {
            label: "Sabit fiyat",
            kind: "fixed_price",
            parameters: { unit_price_try_per_kwh: 5.3 },
          },
        ],
      },
    });
    await rpc(below, "submit_offer", { p_offer_id: first.offer_id });
    const party = await db.query<{ name: string; customer_code: string }>(
      "select name, customer_code from public.parties where id = $1",
      [contested.partyId],
    );
    const { name, customer_code: customerCode } = party.rows[0] ?? {
      name: "",
      customer_code: "",
    };

    const page = await openFormFor(name);
    await page.getByRole("radio", { name: "Tahmini tüketim" }).check({
      force: true,
    });
    await pick(page, "İlk ay", "01.2027");
    await page.getByLabel("Ay sayısı").fill("1");
    await page.getByLabel("T1 aylık kWh").fill("20.000");
    await page.getByLabel("T2 aylık kWh").fill("8.000");
    await page.getByLabel("T3 aylık kWh").fill("12.000");
    await fillAlternative(page, 1, "Sabit fiyat", "Sabit fiyat", "5,30");
    await page
      .getByRole("group", { name: "Alternatif 1" })
      .getByText("Kurallara uygun")
      .waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Taslak olarak kaydet" }).click();

    // The meaning in Turkish first; the server's text, hint included, is
    // folded under "Teknik ayrıntı" until opened.
    const [year, month, day] = validUntil.split("-");
    const alert = page.locator(".ant-alert-error", {
      hasText: "Kaydedilemedi",
    });
    await alert.waitFor();
    expect(await alert.locator(".ant-alert-message").innerText()).toBe(
      `Kaydedilemedi: ${customerCode} müşterisinin ${day}.${month}.${year} ` +
        "tarihine kadar geçerli, başka bir satıcıdan teklifi var.",
    );
    const details = alert.getByTestId("error-details");
    expect(await details.getAttribute("open")).toBeNull();
    const technical = alert.getByTestId("error-technical");
    expect(await technical.isVisible()).toBe(false);
    await details.getByText("Teknik ayrıntı").click();
    expect(await technical.isVisible()).toBe(true);
    const text = await technical.innerText();
    expect(text).toContain(
      `[P0001] Customer ${customerCode} already has a valid offer from ` +
        `another seller until ${validUntil}`,
    );
    expect(text).toContain("A new offer for this customer is possible from");
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-offer-new-server-error.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("finds parties by Turkish case", async () => {
    const suffix = randomUUID().slice(0, 8);
    const names = [
      `İnşaat ${suffix} A.Ş.`,
      `Kuzey İnşaat ${suffix} Ltd.`,
      `Işık ${suffix} Enerji`,
    ];
    for (const name of names) {
      await db.query(
        `insert into public.parties (kind, vkn, name, owner_dealer_id)
         values ('company', $1, $2, $3)`,
        [freshVkn(), name, fixture.dealerIds.a],
      );
    }
    const page = await signIn(
      browser,
      stack,
      `dealer_above.${fixture.suffix}@matrix.test`,
    );
    await page.goto(`${stack.PORTAL_URL}/offers/new`);
    const search = page.getByLabel("Aday veya müşteri");
    const options = page.locator(
      ".ant-select-dropdown:visible .ant-select-item-option",
    );
    const cases = [
      // "i" is the lower case of "İ", and "ı" that of "I".
      { query: `inşaat ${suffix}`, found: [names[0], names[1]] },
      { query: `İNŞAAT ${suffix}`, found: [names[0], names[1]] },
      { query: `ışık ${suffix}`, found: [names[2]] },
      { query: `IŞIK ${suffix}`, found: [names[2]] },
    ];
    for (const { query, found } of cases) {
      await search.fill(query);
      await options.first().waitFor();
      expect((await options.allInnerTexts()).sort(), query).toEqual(
        [...found].sort(),
      );
    }
    await page.context().close();
  });
});
