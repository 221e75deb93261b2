// The offer builder in a browser: a consultant builds an offer with a
// discount and a fixed-price alternative typed as Turkish numbers, sees the
// pricing engine's figures and chart, saves and submits it; a manager
// approves it in the inbox; the consultant previews the PDF, sends the
// offer and starts a new revision. A party with metering points of two
// tariffs can only put points of one tariff in an offer, and single-time
// points are asked for one kWh figure a month.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { vknCheckDigit } from "../../seed/src/identity.ts";
import { formatDecimal, formatTry } from "../../shared/money.ts";
import { foldTurkish, matchesTurkish } from "../../shared/turkish.ts";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { uniqueMeteringPointCode } from "../../test/domain/eic-codes.ts";
import { clientAs, rpc } from "../../test/sales/helpers.ts";
import { TURKISH_MONTHS } from "../../test/turkish-months.ts";
import { loadList, signIn } from "./helpers.ts";

const stack = inject("stack");

/**
 * Writes a rule value as the approvals inbox should: TL/kWh with four
 * decimals for the unit price rule, otherwise a percentage with two
 * decimals and the sign before the %. Values here stay below 1000, so no
 * thousands separator is needed.
 */
function ruleValueText(ruleKind: string, value: number): string {
  if (ruleKind === "minimum_unit_price") {
    return `${value.toFixed(4).replace(".", ",")} TL/kWh`;
  }
  // toPrecision drops the float error of the product (1.005 * 100 is
  // 100.49999...), so Math.round rounds the written decimal half up.
  const hundredths = Math.round(
    Number((Math.abs(value) * 100).toPrecision(12)),
  );
  const text = (hundredths / 100).toFixed(2).replace(".", ",");

  return value < 0 && hundredths > 0 ? `-%${text}` : `%${text}`;
}
// The Turkish names of price_offer's demo figures in the demo mark.
const DEMO_FIGURE_NAMES: Record<string, string> = {
  "market prices": "piyasa fiyatları (PTF/SMF ya da beklenen PTF)",
  YEKDEM: "YEKDEM",
  "energy tariff": "enerji tarifesi",
  "distribution tariff": "dağıtım bedeli",
  "tax rates": "vergi oranları",
};

let browser: Browser;
let db: pg.Client;
let partyId: string;
let consultantUserId: string;

const PARTY_NAME = "ÇAĞRI IŞIL TEKLİF DENEME A.Ş.";
const PARTY_EMAIL = `teklif.${Date.now()}@builder.test`;

// Typed into the builder as Turkish text, and the same values as numbers.
const ZONE_INPUT = { T1: "20.000", T2: "8.000,5", T3: "12.000" };
const ZONE_KWH = { T1: 20000, T2: 8000.5, T3: 12000 };
const DISCOUNT_INPUT = "40,5";
const FIXED_PRICE_INPUT = "3,95";

// The three months chosen in the builder: the next three calendar months.
function nextMonths(): string[] {
  const now = new Date();

  return [1, 2, 3].map((ahead) => {
    const first = new Date(now.getFullYear(), now.getMonth() + ahead, 1);

    return `${first.getFullYear()}-${String(first.getMonth() + 1).padStart(2, "0")}`;
  });
}

// A month as the Turkish builder names it: "2027-01" is "Ocak 2027".
function monthName(month: string): string {
  const [year, number] = month.split("-");

  return `${TURKISH_MONTHS[Number(number) - 1]} ${year}`;
}

// A percentage as the builder shows it: "%10,50" and "-%4,82".
function percentText(value: number): string {
  const text = `%${formatDecimal(String(Math.abs(value)), 2)}`;

  return value < 0 ? `-${text}` : text;
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  const owner = await db.query<{ staff_id: string; user_id: string }>(
    `select au.staff_id, au.user_id
       from public.app_users au
       join auth.users u on u.id = au.user_id
      where u.email = 'consultant@demo.enerji.test'`,
  );
  consultantUserId = owner.rows[0]?.user_id as string;
  const firstNine = "9876" + String(Date.now()).slice(-5);
  const inserted = await db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, owner_staff_id, email,
       distribution_region_code, subscriber_group_code)
     values ('company', $1, $2, $3, $4, 'gediz', 'sanayi') returning id`,
    [
      firstNine + String(vknCheckDigit(firstNine)),
      PARTY_NAME,
      owner.rows[0]?.staff_id,
      PARTY_EMAIL,
    ],
  );
  partyId = inserted.rows[0]?.id as string;
});

// A party with three metering points in Gediz, Sanayi, low voltage: one
// three-time and two single-time.
const POINTS_PARTY_NAME = "TARİFE KARMA SAYAÇ DENEME A.Ş.";
let pointsPartyId: string;
let threeTimeCode: string;
let singleTimeCodes: string[];

beforeAll(async () => {
  const suffix = String(Date.now()).slice(-6);
  const owner = await db.query<{ staff_id: string }>(
    `select au.staff_id from public.app_users au
       join auth.users u on u.id = au.user_id
      where u.email = 'consultant@demo.enerji.test'`,
  );
  const firstNine = `976${suffix}`;
  const party = await db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, owner_staff_id,
       distribution_region_code, subscriber_group_code)
     values ('company', $1, $2, $3, 'gediz', 'sanayi') returning id`,
    [
      firstNine + String(vknCheckDigit(firstNine)),
      POINTS_PARTY_NAME,
      owner.rows[0]?.staff_id,
    ],
  );
  pointsPartyId = party.rows[0]?.id as string;
  const tariffTypes = ["three_time", "single_time", "single_time"];
  const codes = tariffTypes.map((_, index) =>
    uniqueMeteringPointCode(300_000_000_000 + Number(suffix) * 10 + index),
  );
  for (const [index, tariffType] of tariffTypes.entries()) {
    await db.query(
      `insert into public.metering_points (code, party_id,
         installation_number, meter_serial, distribution_region_code,
         subscriber_group_code, voltage_level_code, tariff_type,
         connection_power_kw, reading_method)
       values ($1, $2, $3, $4, 'gediz', 'sanayi', 'AG', $5, 100, 'manual')`,
      [
        codes[index],
        pointsPartyId,
        `8${suffix}${index}`,
        `SN${suffix}${index}`,
        tariffType,
      ],
    );
  }
  threeTimeCode = codes[0] as string;
  singleTimeCodes = codes.slice(1);
});

afterAll(async () => {
  for (const id of [partyId, pointsPartyId]) {
    await db?.query(
      `delete from public.offer_approvals where offer_id in
         (select id from public.offers where party_id = $1)`,
      [id],
    );
    await db?.query("delete from public.offers where party_id = $1", [id]);
  }
  await db?.query("delete from public.metering_points where party_id = $1", [
    pointsPartyId,
  ]);
  await db?.query("delete from public.parties where id = $1", [pointsPartyId]);
  await db?.query("delete from public.parties where id = $1", [partyId]);
  await db?.end();
  await browser?.close();
});

// Returns the first message the mail catcher holds for `address`, waiting
// up to 25 seconds for it.
async function mailTo(address: string): Promise<{ Subject: string } | null> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const list = (await (
      await fetch(`${stack.MAILPIT_URL}/api/v1/messages`)
    ).json()) as {
      messages: { Subject: string; To: { Address: string }[] }[];
    };
    const found = list.messages.find((message) =>
      message.To.some((to) => to.Address === address),
    );
    if (found) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  return null;
}

async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(90_000);

  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
  });
}

describe("offer builder", { timeout: 300_000 }, () => {
  it("builds, approves, previews and sends", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    // The consultant finds the party by a lower-case Turkish search.
    await loadList(page, "parties", () =>
      page.goto(`${stack.ADMIN_URL}/parties`),
    );
    await page.getByPlaceholder("Ara").fill("çağrı ışıl teklif");
    const found = await loadList(page, "parties", () =>
      page.getByPlaceholder("Ara").press("Enter"),
    );
    expect(found.map((row) => row.split("\t")[0])).toEqual([PARTY_NAME]);
    await page
      .locator("tr", { hasText: PARTY_NAME })
      .getByRole("button")
      .first()
      .click();
    await page.waitForURL(new RegExp(`/parties/show/${partyId}$`));
    await page.getByTestId("offer-builder-open").click();
    await page.waitForURL(/\/offers\/new\?party_id=/);
    await page
      .getByTestId("offer-builder-party")
      .getByText(PARTY_NAME)
      .waitFor();

    // A lead without metering points is priced on its own region and
    // subscriber group, with the voltage level and tariff type shown.
    const tariffLine = page.getByTestId("offer-builder-tariff");
    await tariffLine
      .getByText(
        "Fiyatlandırılan tarife: Gediz / Sanayi / Alçak Gerilim / Üç zamanlı",
      )
      .waitFor();

    // The builder proposes twelve months from next month; the consultant
    // chooses three.
    const months = nextMonths();
    expect(
      await page
        .getByTestId("offer-builder-months")
        .locator("tbody tr.ant-table-row")
        .count(),
    ).toBe(12);
    expect(
      await page.getByTestId("offer-builder-first-month").innerText(),
    ).toContain(monthName(months[0] as string));
    await page.getByTestId("offer-builder-month-count").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .getByText("3", { exact: true })
      .click();
    await page
      .getByTestId("offer-builder-months")
      .locator("tbody tr.ant-table-row")
      .nth(3)
      .waitFor({ state: "detached" });
    // A dot is no decimal point, so "1234.56" is as invalid as "abc": both
    // cells are marked, and so are the cells still empty.
    const table = page.getByTestId("offer-builder-months");
    const names = months.map(monthName);
    const pointCell = page.getByLabel(`${names[0]} T1`);
    const letterCell = page.getByLabel(`${names[0]} T2`);
    await pointCell.fill("1234.56");
    await letterCell.fill("abc");
    const wrongCells = page.getByTestId("offer-builder-wrong-cells");
    await wrongCells.waitFor();
    expect(await pointCell.getAttribute("aria-invalid")).toBe("true");
    expect(await pointCell.getAttribute("class")).toContain(
      "ant-input-status-error",
    );
    expect(await letterCell.getAttribute("aria-invalid")).toBe("true");
    expect(
      await table.getByText("Geçersiz sayı: 1.234,56 biçiminde yazın").count(),
    ).toBe(2);
    expect(await table.getByText("Zorunlu", { exact: true }).count()).toBe(7);
    const warning = await wrongCells.innerText();
    expect(warning).toContain(`${names[0]} T1, ${names[0]} T2`);
    expect(warning).toContain(`${names[2]} T3`);
    expect(await page.getByTestId("offer-builder-save").isDisabled()).toBe(
      true,
    );

    for (const name of names) {
      for (const zone of ["T1", "T2", "T3"] as const) {
        await page.getByLabel(`${name} ${zone}`).fill(ZONE_INPUT[zone]);
      }
    }
    await wrongCells.waitFor({ state: "detached" });
    expect(await pointCell.getAttribute("aria-invalid")).toBe("false");
    // A negative kWh is marked at its cell and not priced.
    await pointCell.fill("-100");
    await table.getByText("Tüketim negatif olamaz").waitFor();
    expect(await pointCell.getAttribute("aria-invalid")).toBe("true");
    expect(await wrongCells.innerText()).toContain(`${names[0]} T1`);
    await pointCell.fill(ZONE_INPUT.T1);
    await wrongCells.waitFor({ state: "detached" });
    const discount = page.getByLabel("Alternatif 1 değeri");
    await discount.fill("2.5");
    await page
      .getByTestId("offer-builder-alternative-1")
      .getByText("Geçersiz sayı: 1.234,56 biçiminde yazın")
      .waitFor();
    expect(await discount.getAttribute("aria-invalid")).toBe("true");
    await discount.fill(DISCOUNT_INPUT);
    expect(await discount.getAttribute("aria-invalid")).toBe("false");
    await page.getByTestId("offer-builder-add-alternative").click();
    await page.getByLabel("Alternatif 2 değeri").fill(FIXED_PRICE_INPUT);

    // The same input priced by the engine through supabase-js.
    const consultant = await clientAs(stack, consultantUserId);
    const tariff = {
      distribution_region_code: "gediz",
      subscriber_group_code: "sanayi",
      voltage_level_code: "AG",
      tariff_type: "three_time",
    };
    const monthly = months.map((month) => ({
      month,
      t1_kwh: ZONE_KWH.T1,
      t2_kwh: ZONE_KWH.T2,
      t3_kwh: ZONE_KWH.T3,
    }));
    const offers = [
      { kind: "discount", discount_pct: 40.5 },
      { kind: "fixed_price", unit_price_try_per_kwh: 3.95 },
    ];
    const demoFigures = new Set<string>();
    for (const [index, offer] of offers.entries()) {
      const engine = await rpc(consultant, "price_offer", {
        p_input: { ...tariff, consumption: { monthly }, offer },
      });
      for (const figure of engine.demo_figures) {
        demoFigures.add(figure);
      }
      const totals = page.getByTestId(`offer-builder-totals-${index + 1}`);
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
      expect(text).toContain(
        percentText(engine.totals.break_even_discount_pct),
      );
    }
    expect(
      await page.getByTestId("offer-builder-chart").locator("canvas").count(),
    ).toBe(2);

    // The mark names the demo figures the engine used, in Turkish. Whether
    // there are any depends on the market data loaded.
    const demoMark = page.getByTestId("offer-builder-demo-prices");
    if (demoFigures.size > 0) {
      const markText = await demoMark.innerText();
      expect(markText).toContain("Demo fiyatlar");
      for (const figure of demoFigures) {
        expect(markText).toContain(DEMO_FIGURE_NAMES[figure]);
      }
    } else {
      expect(await demoMark.count()).toBe(0);
    }

    // The 40,5 % discount breaks the minimum margin, a rule whose
    // consequence is "rejected": the builder shows it in red and does not
    // save the offer.
    const checked = await rpc(consultant, "check_offer_rules", {
      p_input: { ...tariff, consumption: { monthly }, offer: offers[0] },
    });
    const rejected = checked.broken_rules.filter(
      (rule: { consequence: string }) => rule.consequence === "rejected",
    );
    expect(
      rejected.map((rule: { rule_kind: string }) => rule.rule_kind),
    ).toContain("minimum_margin");
    const rejectedAlerts = page
      .getByTestId("offer-builder-alternative-1")
      .locator(
        '[data-testid="offer-builder-rule-violation"][data-consequence="rejected"]',
      );
    expect(await rejectedAlerts.count()).toBe(rejected.length);
    expect(await rejectedAlerts.first().getAttribute("class")).toContain(
      "ant-alert-error",
    );
    expect(await rejectedAlerts.first().innerText()).toContain("Reddedilir");
    const blocked = page.getByTestId("offer-builder-blocked");
    expect(await blocked.innerText()).toContain(
      "Fiyat kuralı nedeniyle reddedilen seçenek var: Alternatif 1.",
    );
    expect(await page.getByTestId("offer-builder-save").isDisabled()).toBe(
      true,
    );
    await screenshot(page, "admin-offer-builder-blocked");

    // A fixed price of 3,80 TL/kWh keeps the margin and, more than 15 %
    // below the regulated energy charge, only needs approval.
    await page
      .getByTestId("offer-builder-alternative-1")
      .locator(".ant-select-selector")
      .first()
      .click();
    await page
      .locator(".ant-select-item-option", { hasText: "Sabit birim fiyat" })
      .first()
      .click();
    await page.getByLabel("Alternatif 1 değeri").fill("3,80");
    await blocked.waitFor({ state: "detached" });
    await page
      .getByTestId("offer-builder-alternative-1")
      .locator('[data-consequence="approval_required"]')
      .first()
      .waitFor();
    expect(await page.getByTestId("offer-builder-save").isDisabled()).toBe(
      false,
    );
    await screenshot(page, "admin-offer-builder");

    await page.getByTestId("offer-builder-save").click();
    await page.waitForURL(/\/offers\/show\/[0-9a-f-]{36}$/);
    const offerId = page.url().split("/").pop() as string;
    const saved = await db.query<{ state: string; offer_number: string }>(
      "select state, offer_number from public.offers where id = $1",
      [offerId],
    );
    expect(saved.rows[0]?.state).toBe("awaiting_approval");
    const stored = await db.query<{ position: number; offer_bill_try: string }>(
      `select a.position, a.offer_bill_try
         from public.offer_alternatives a
         join public.offer_revisions r on r.id = a.offer_revision_id
        where r.offer_id = $1 order by a.position`,
      [offerId],
    );
    expect(stored.rows).toHaveLength(2);
    // The estimate is stored with the party's tariff and the three months.
    const revision = await db.query<{ consumption: Record<string, unknown> }>(
      "select consumption from public.offer_revisions where offer_id = $1",
      [offerId],
    );
    expect(revision.rows[0]?.consumption).toMatchObject({
      ...tariff,
      months: months.map((month) => ({
        month,
        T1: ZONE_KWH.T1,
        T2: ZONE_KWH.T2,
        T3: ZONE_KWH.T3,
      })),
    });
    await page.close();

    const manager = await newPage();
    await signIn(manager, "manager@demo.enerji.test");
    await manager.goto(`${stack.ADMIN_URL}/approvals`);
    const item = manager.locator(".ant-list-item", {
      hasText: saved.rows[0]?.offer_number as string,
    });
    await item.waitFor();
    const approval = await db.query<{ violations: any[] }>(
      `select violations from public.offer_approvals
        where offer_id = $1 and decision is null`,
      [offerId],
    );
    const brokenRules = (approval.rows[0]?.violations ?? []).flatMap(
      (violation) => violation.broken_rules ?? [],
    );
    expect(brokenRules.length).toBeGreaterThan(0);
    const itemText = await item.innerText();
    for (const rule of brokenRules) {
      expect(itemText, rule.rule_kind).toContain(
        `sınır ${ruleValueText(rule.rule_kind, rule.limit_value)}`,
      );
      expect(itemText, rule.rule_kind).toContain(
        `teklif ${ruleValueText(rule.rule_kind, rule.actual_value)}`,
      );
    }
    await item.getByRole("button", { name: "Onayla" }).click();
    await manager.getByText("Teklif onaylandı").waitFor();
    const decided = await db.query<{ state: string }>(
      "select state from public.offers where id = $1",
      [offerId],
    );
    expect(decided.rows[0]?.state).toBe("approved");
    await manager.close();

    // The consultant previews the PDF, sends the offer and revises it.
    const seller = await newPage();
    await signIn(seller, "consultant@demo.enerji.test");
    await seller.goto(`${stack.ADMIN_URL}/offers/show/${offerId}`);
    await seller
      .getByTestId("offer-builder-chart")
      .locator("canvas")
      .first()
      .waitFor();
    // "PDF önizleme" shows the PDF in a new tab and downloads nothing.
    let downloads = 0;
    seller.on("download", () => {
      downloads += 1;
    });
    const [tab] = await Promise.all([
      seller.context().waitForEvent("page"),
      seller.getByTestId("offer-preview-pdf").click(),
    ]);
    await tab.waitForURL(/^blob:/);
    const shown = await tab.evaluate(async () => {
      const response = await fetch(location.href);

      return {
        type: response.headers.get("content-type"),
        head: new TextDecoder().decode(
          (await response.arrayBuffer()).slice(0, 4),
        ),
      };
    });
    expect(shown.type).toBe("application/pdf");
    expect(shown.head).toBe("%PDF");
    expect(downloads).toBe(0);
    await tab.close();

    // "PDF indir" saves the same PDF under the offer number.
    const [download] = await Promise.all([
      seller.waitForEvent("download"),
      seller.getByTestId("offer-download-pdf").click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `${saved.rows[0]?.offer_number}.pdf`,
    );
    const pdfPath = await download.path();
    const pdf = await readFile(pdfPath);
    expect(pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
    const { stdout } = await promisify(execFile)("pdftotext", [pdfPath, "-"]);
    expect(stdout).toContain(PARTY_NAME);
    // The show page and the PDF carry the same demo mark as the builder.
    const showMark = seller.getByTestId("offer-demo-prices");
    if (demoFigures.size > 0) {
      expect(await showMark.innerText()).toContain("Demo fiyatlar");
      expect(stdout).toContain("Demo fiyatlar");
    } else {
      expect(await showMark.count()).toBe(0);
      expect(stdout).not.toContain("Demo fiyatlar");
    }
    await screenshot(seller, "admin-offer-show");

    // "Gönder" opens a confirmation; cancelling leaves the offer approved.
    const confirmation = seller.locator(".ant-popconfirm");
    await seller.getByTestId("offer-send").click();
    await confirmation.getByText("Teklif müşteriye gönderilsin mi?").waitFor();
    // Under load a click can land while the confirmation is still opening,
    // so it is repeated until the confirmation closes.
    await expect
      .poll(
        async () => {
          if (await confirmation.isVisible()) {
            await confirmation
              .getByRole("button", { name: "Vazgeç" })
              .click({ timeout: 5_000 })
              .catch(() => undefined);
          }

          return confirmation.isVisible();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(false);
    const cancelled = await db.query<{ state: string }>(
      "select state from public.offers where id = $1",
      [offerId],
    );
    expect(cancelled.rows[0]?.state).toBe("approved");
    // Sending: the confirmation is opened again until it shows, and its
    // button clicked until the offer leaves "approved", because under load
    // a click can land while the earlier confirmation is still closing.
    const confirmSend = confirmation.getByRole("button", {
      name: "Evet, gönder",
    });
    // The success message shows for a few seconds, so it is awaited
    // alongside the clicks rather than after them.
    const sentToast = seller
      .getByText("Teklif gönderildi")
      .waitFor({ timeout: 150_000 })
      .then(
        () => true,
        () => false,
      );
    const stateOf = async () =>
      (
        await db.query<{ state: string }>(
          "select state from public.offers where id = $1",
          [offerId],
        )
      ).rows[0]?.state;
    await expect
      .poll(
        async () => {
          const state = await stateOf();
          if (state !== "approved") {
            return state;
          }
          if (!(await confirmSend.isVisible())) {
            await seller
              .getByTestId("offer-send")
              .click({ timeout: 5_000 })
              .catch(() => undefined);
          }
          await confirmSend.click({ timeout: 5_000 }).catch(() => undefined);

          return stateOf();
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe("sent");
    expect(await sentToast).toBe(true);
    const mail = await mailTo(PARTY_EMAIL);
    expect(mail?.Subject).toContain(saved.rows[0]?.offer_number as string);

    await seller.getByTestId("offer-revise").click();
    const revisedOffer = async () =>
      (
        await db.query<{ state: string; current_revision_no: number }>(
          "select state, current_revision_no from public.offers where id = $1",
          [offerId],
        )
      ).rows[0];
    await expect
      .poll(async () => (await revisedOffer())?.current_revision_no, {
        timeout: 60_000,
      })
      .toBe(2);
    expect((await revisedOffer())?.state).toBe("draft");
    await seller.close();
  });
});

describe("offer builder with metering points", { timeout: 300_000 }, () => {
  it("keeps points of one tariff", async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await signIn(page, "consultant@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/offers/new?party_id=${pointsPartyId}`);
    await page
      .getByTestId("offer-builder-party")
      .getByText(POINTS_PARTY_NAME)
      .waitFor();

    // Every point is listed with its tariff.
    const pointSelect = page.getByTestId("offer-builder-metering-points");
    await pointSelect.click();
    const optionOf = (code: string) =>
      page.locator(".ant-select-dropdown:visible .ant-select-item-option", {
        hasText: code,
      });
    const threeTimeTariff = "Gediz / Sanayi / Alçak Gerilim / Üç zamanlı";
    const singleTimeTariff = "Gediz / Sanayi / Alçak Gerilim / Tek zamanlı";
    expect(await optionOf(threeTimeCode).innerText()).toBe(
      `${threeTimeCode} · ${threeTimeTariff}`,
    );
    for (const code of singleTimeCodes) {
      expect(await optionOf(code).innerText()).toBe(
        `${code} · ${singleTimeTariff}`,
      );
    }

    // Once a single-time point is chosen, the three-time point cannot be
    // added, and the builder shows why.
    await optionOf(singleTimeCodes[0] as string).click();
    const otherTariff = page.getByTestId("offer-builder-other-tariff");
    await otherTariff.waitFor();
    expect(await otherTariff.innerText()).toBe(
      "Bir teklifteki sayaçların tarifesi aynı olmalı. Şu sayaçlar seçilen " +
        `sayaçlardan farklı tarifede olduğu için seçilemez: ${threeTimeCode}. ` +
        "Onlar için ayrı bir teklif hazırlayın.",
    );
    expect(await optionOf(threeTimeCode).getAttribute("class")).toContain(
      "ant-select-item-option-disabled",
    );
    await screenshot(page, "admin-offer-builder-points");
    await optionOf(threeTimeCode).click({ force: true });
    await optionOf(singleTimeCodes[1] as string).click();
    await page.keyboard.press("Escape");
    const chosen = pointSelect.locator(".ant-select-selection-item-content");
    expect(await chosen.allInnerTexts()).toEqual(singleTimeCodes);
    await page
      .getByTestId("offer-builder-tariff")
      .getByText(`Sayaçların tarifesi: ${singleTimeTariff}`)
      .waitFor();

    // A single-time tariff has one kWh figure a month.
    const months = nextMonths();
    const names = months.map(monthName);
    await page.getByLabel(`${names[0]} kWh`).waitFor();
    expect(await page.getByLabel(`${names[0]} T1`).count()).toBe(0);
    const table = page.getByTestId("offer-builder-months");
    expect(await table.locator("thead th").allInnerTexts()).toEqual([
      "Ay",
      "Aylık tüketim (kWh)",
    ]);
    await page.getByTestId("offer-builder-month-count").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .getByText("3", { exact: true })
      .click();
    await table
      .locator("tbody tr.ant-table-row")
      .nth(3)
      .waitFor({ state: "detached" });
    for (const name of names) {
      await page.getByLabel(`${name} kWh`).fill("30.000");
    }
    await page.getByTestId("offer-builder-alternative-1").click();
    await page
      .getByTestId("offer-builder-alternative-1")
      .locator(".ant-select-selector")
      .first()
      .click();
    await page
      .locator(".ant-select-item-option", { hasText: "Sabit birim fiyat" })
      .first()
      .click();
    await page.getByLabel("Alternatif 1 değeri").fill("3,80");

    // The engine prices the month's total on the points' tariff.
    const consultant = await clientAs(stack, consultantUserId);
    const engine = await rpc(consultant, "price_offer", {
      p_input: {
        distribution_region_code: "gediz",
        subscriber_group_code: "sanayi",
        voltage_level_code: "AG",
        tariff_type: "single_time",
        consumption: {
          monthly: months.map((month) => ({ month, kwh: 30000 })),
        },
        offer: { kind: "fixed_price", unit_price_try_per_kwh: 3.8 },
      },
    });
    await page
      .getByTestId("offer-builder-totals-1")
      .getByText(formatTry(String(engine.totals.offer_total_try)))
      .waitFor();

    // A validity date in the past stays in the field, marked, and stops
    // the save.
    const save = page.getByTestId("offer-builder-save");
    const validUntil = page.getByLabel("Geçerlilik tarihi");
    await validUntil.click();
    await validUntil.fill("01.01.2020");
    await validUntil.press("Enter");
    const pastMessage = page.getByTestId("offer-builder-valid-until-past");
    await pastMessage.waitFor();
    expect(await pastMessage.innerText()).toBe(
      "Geçerlilik tarihi geçmişte olamaz: bugün ya da sonraki bir günü seçin.",
    );
    await page.getByTestId("offer-builder-tariff").click();
    expect(await validUntil.inputValue()).toBe("01.01.2020");
    expect(await validUntil.getAttribute("aria-invalid")).toBe("true");
    expect(await save.isDisabled()).toBe(true);
    const inThirtyDays = new Date(Date.now() + 30 * 86_400_000);
    const validText = [
      String(inThirtyDays.getDate()).padStart(2, "0"),
      String(inThirtyDays.getMonth() + 1).padStart(2, "0"),
      String(inThirtyDays.getFullYear()),
    ].join(".");
    await validUntil.click();
    await validUntil.fill(validText);
    await validUntil.press("Enter");
    await pastMessage.waitFor({ state: "detached" });
    expect(await validUntil.getAttribute("aria-invalid")).toBe("false");

    // The dealer picker filters by a Turkish-folded query.
    const dealers = await consultant.from("dealers").select("name");
    const dealerNames = (dealers.data ?? []).map(
      (dealer: { name: string }) => dealer.name,
    );
    const dealerName = dealerNames[0] as string;
    const query = foldTurkish(dealerName).slice(0, 12);
    const dealerSelect = page.getByRole("combobox", { name: "Bayi adına" });
    await dealerSelect.click();
    await dealerSelect.fill(query);
    const dealerOptions = page.locator(
      ".ant-select-dropdown:visible .ant-select-item-option",
    );
    await expect
      .poll(async () => (await dealerOptions.allInnerTexts()).sort())
      .toEqual(
        dealerNames.filter((name) => matchesTurkish(name, query)).sort(),
      );
    await page.keyboard.press("Escape");

    await screenshot(page, "admin-offer-builder-tariffs");

    // The builder no longer sends points of two tariffs, so the server's
    // rejection of them is stubbed here: it is shown in words, with the
    // server's hint set apart in the technical details.
    await expect.poll(() => save.isDisabled()).toBe(false);
    await page.route(
      "**/rest/v1/rpc/create_offer",
      (route) =>
        route.fulfill({
          status: 400,
          contentType: "application/json",
          body: JSON.stringify({
            code: "22023",
            message:
              "The metering points of an offer must share region, subscriber group, voltage level and tariff type",
            details: null,
            hint: "Make one offer per tariff.",
          }),
        }),
      { times: 1 },
    );
    await save.click();
    const saveError = page.getByTestId("offer-builder-save-error");
    await saveError.waitFor();
    expect(await saveError.innerText()).toContain(
      "Seçilen sayaçların tarifesi farklı: bir teklifteki sayaçların " +
        "dağıtım bölgesi, abone grubu, gerilim seviyesi ve tarife türü " +
        "(tek veya üç zamanlı) aynı olmalı. Her tarife için ayrı teklif " +
        "hazırlayın.",
    );
    await saveError.getByText("Teknik ayrıntı").click();
    expect(await saveError.getByTestId("error-technical").innerText()).toBe(
      "[22023] The metering points of an offer must share region, " +
        "subscriber group, voltage level and tariff type. " +
        "Hint: Make one offer per tariff.",
    );
    await screenshot(page, "admin-offer-builder-save-error");
    await page.unroute("**/rest/v1/rpc/create_offer");

    // Saving stores both points and the months' totals.
    await expect.poll(() => save.isDisabled()).toBe(false);
    await save.click();
    await page.waitForURL(/\/offers\/show\/[0-9a-f-]{36}$/);
    const offerId = page.url().split("/").pop() as string;
    const revision = await db.query<{ consumption: Record<string, unknown> }>(
      "select consumption from public.offer_revisions where offer_id = $1",
      [offerId],
    );
    const pointIds = await db.query<{ id: string }>(
      "select id from public.metering_points where code = any($1) order by code",
      [singleTimeCodes],
    );
    expect(revision.rows[0]?.consumption).toMatchObject({
      metering_point_ids: pointIds.rows.map((row) => row.id),
      months: months.map((month) => ({ month, kwh: 30000 })),
    });
    await page.close();
  });
});
