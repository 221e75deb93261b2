// Offer alternatives in a browser. The offer page and the approvals inbox
// write each alternative's price terms in Turkish and English, the offer
// page marks the alternative the customer accepted and offers a new
// revision only in states revise_offer accepts. The offer builder marks a
// kWh cell above the monthly limit at the cell, keeps it from pricing and
// saving, and heads single-time consumption without time zones.
import path from "node:path";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { vknCheckDigit } from "../../seed/src/identity.ts";
import { formatTry } from "../../shared/money.ts";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import {
  APPROVAL_MONTHS,
  type Client,
  clientAs,
  createLead,
  istanbulDate,
  MONTHS,
  rpc,
  TARIFF,
} from "../../test/sales/helpers.ts";
import { TURKISH_MONTHS } from "../../test/turkish-months.ts";
import { signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;

// The contracted offer went through approval, sending and acceptance of
// its second alternative. The pending offer waits for approval.
const CONTRACTED_ALTERNATIVES = [
  {
    label: "İndirimli %10",
    kind: "discount",
    parameters: { discount_pct: 10 },
  },
  {
    label: "Sabit 5,30",
    kind: "fixed_price",
    parameters: { unit_price_try_per_kwh: 5.3 },
  },
];
const PENDING_ALTERNATIVES = [
  {
    label: "İndirimli %17",
    kind: "discount",
    parameters: { discount_pct: 17 },
  },
  {
    label: "PTF marjlı",
    kind: "ptf_indexed",
    parameters: { margin_try_per_mwh: 800 },
  },
  {
    label: "PTF katsayılı",
    kind: "ptf_indexed",
    parameters: { coefficient: 1.08 },
  },
];

// The terms of those alternatives as the admin writes them, in order.
const CONTRACTED_TERMS = {
  tr: [
    "Düzenlenmiş tarifeden indirim: %10,00",
    "Sabit birim fiyat: 5,3000 TL/kWh",
  ],
  en: [
    "Discount on the regulated tariff: %10,00",
    "Fixed unit price: 5,3000 TL/kWh",
  ],
};
const PENDING_TERMS = {
  tr: [
    "Düzenlenmiş tarifeden indirim: %17,00",
    "PTF'ye endeksli fiyat: PTF + YEKDEM + 800,00 TL/MWh",
    "PTF'ye endeksli fiyat: (PTF + YEKDEM) × 1,080",
  ],
  en: [
    "Discount on the regulated tariff: %17,00",
    "PTF-indexed price: PTF + YEKDEM + 800,00 TL/MWh",
    "PTF-indexed price: (PTF + YEKDEM) × 1,080",
  ],
};

type Offer = { id: string; number: string };
let contracted: Offer;
let contractNumber: string;
let pending: Offer;
let builderPartyId: string;
const BUILDER_PARTY_NAME = "SINIR TÜKETİM DENEME A.Ş.";

// Creates an offer for `partyId` and submits it. Returns its id, number
// and the state submit_offer left it in.
async function submitOffer(
  client: Client,
  partyId: string,
  consumption: Record<string, unknown>,
  alternatives: unknown[],
): Promise<Offer & { state: string }> {
  const created = await rpc(client, "create_offer", {
    p_input: {
      party_id: partyId,
      valid_until: istanbulDate(30),
      consumption,
      alternatives,
    },
  });
  const submitted = await rpc(client, "submit_offer", {
    p_offer_id: created.offer_id,
  });

  return {
    id: created.offer_id,
    number: created.offer_number,
    state: submitted.state,
  };
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  const ids = await db.query<{ user_id: string; dealer_id: string }>(
    `select u.id as user_id,
       (select id from public.dealers order by created_at limit 1) as dealer_id
       from auth.users u where u.email = 'manager@demo.enerji.test'`,
  );
  const managerUserId = ids.rows[0]?.user_id as string;
  const dealerId = ids.rows[0]?.dealer_id as string;
  const manager = await clientAs(stack, managerUserId);

  const acceptingLead = await createLead(db, dealerId);
  const first = await submitOffer(
    manager,
    acceptingLead.partyId,
    { metering_point_ids: acceptingLead.meteringPointIds, months: MONTHS },
    CONTRACTED_ALTERNATIVES,
  );
  expect(first.state).toBe("approved");
  await rpc(manager, "mark_offer_sent", {
    p_offer_id: first.id,
    p_recipient_email: "kabul@terms.test",
    p_document_paths: [`offers/${first.id}/r1/offer.pdf`],
    p_message_id: `<${first.id}@terms.test>`,
  });
  const chosen = await db.query<{ id: string }>(
    `select a.id from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
      where r.offer_id = $1 and a.position = 2`,
    [first.id],
  );
  const accepted = await rpc(manager, "respond_to_offer", {
    p_offer_id: first.id,
    p_offer_alternative_id: chosen.rows[0]?.id,
    p_decision: "accepted",
  });
  expect(accepted.state).toBe("contracted");
  contracted = first;
  contractNumber = accepted.contract_number;

  const waitingLead = await createLead(db, dealerId);
  const second = await submitOffer(
    manager,
    waitingLead.partyId,
    { ...TARIFF, months: APPROVAL_MONTHS },
    PENDING_ALTERNATIVES,
  );
  expect(second.state).toBe("awaiting_approval");
  pending = second;

  const firstNine = `9751${String(Date.now()).slice(-5)}`;
  const party = await db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, distribution_region_code,
       subscriber_group_code)
     values ('company', $1, $2, 'gediz', 'sanayi') returning id`,
    [firstNine + String(vknCheckDigit(firstNine)), BUILDER_PARTY_NAME],
  );
  builderPartyId = party.rows[0]?.id as string;
});

// The pending offer is removed so that other tests of the approvals inbox
// do not meet it. The contracted offer stays, as contracts are kept.
afterAll(async () => {
  if (pending) {
    await db?.query("delete from public.offer_approvals where offer_id = $1", [
      pending.id,
    ]);
    await db?.query("delete from public.offers where id = $1", [pending.id]);
  }
  if (builderPartyId) {
    await db?.query("delete from public.parties where id = $1", [
      builderPartyId,
    ]);
  }
  await db?.end();
  await browser?.close();
});

async function openPage(language: "tr" | "en", route: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(90_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, "manager@demo.enerji.test");
  await page.evaluate(
    (value) => localStorage.setItem("enerji.language", value),
    language,
  );
  await page.goto(`${stack.ADMIN_URL}${route}`);

  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
  });
}

// Returns the texts of the offer page's alternatives' terms, in order.
async function termsOnOfferPage(page: Page, count: number) {
  await page.getByTestId("offer-alternative-terms-1").waitFor();
  const texts: string[] = [];
  for (let position = 1; position <= count; position += 1) {
    texts.push(
      await page.getByTestId(`offer-alternative-terms-${position}`).innerText(),
    );
  }

  return texts;
}

describe("offer page alternatives", { timeout: 300_000 }, () => {
  it("shows terms and the accepted alternative", async () => {
    const page = await openPage("tr", `/offers/show/${contracted.id}`);
    expect(await termsOnOfferPage(page, 2)).toEqual(CONTRACTED_TERMS.tr);
    const mark = page.getByTestId("offer-alternative-accepted-2");
    expect(await mark.innerText()).toBe("Müşteri kabul etti");
    expect(await page.getByTestId("offer-alternative-accepted-1").count()).toBe(
      0,
    );
    // The state history shows the note the database wrote in Turkish.
    await page.getByText(`Sözleşme ${contractNumber}`).waitFor();
    expect(await page.getByText(`Contract ${contractNumber}`).count()).toBe(0);
    await screenshot(page, "admin-offer-show-accepted");
    await page.close();

    const english = await openPage("en", `/offers/show/${contracted.id}`);
    expect(await termsOnOfferPage(english, 2)).toEqual(CONTRACTED_TERMS.en);
    expect(
      await english.getByTestId("offer-alternative-accepted-2").innerText(),
    ).toBe("Accepted by the customer");
    await english.getByText(`Contract ${contractNumber}`).waitFor();
    await english.close();
  });

  it("offers a revision only when revisable", async () => {
    // The terms show once the page's details have loaded, and with them
    // the actions.
    const page = await openPage("tr", `/offers/show/${contracted.id}`);
    await termsOnOfferPage(page, 2);
    await page.getByTestId("offer-preview-pdf").waitFor();
    expect(await page.getByTestId("offer-revise").count()).toBe(0);
    await page.close();

    const waiting = await openPage("tr", `/offers/show/${pending.id}`);
    expect(await termsOnOfferPage(waiting, 3)).toEqual(PENDING_TERMS.tr);
    await waiting.getByTestId("offer-revise").waitFor();
    expect(
      await waiting
        .locator('[data-testid^="offer-alternative-accepted-"]')
        .count(),
    ).toBe(0);
    await screenshot(waiting, "admin-offer-show-terms");
    await waiting.close();
  });
});

describe("approvals inbox alternatives", { timeout: 300_000 }, () => {
  it("shows each alternative's terms and bill", async () => {
    const bills = await db.query<{ label: string; bill: string }>(
      `select a.label, a.offer_bill_try::text as bill
         from public.offer_alternatives a
         join public.offer_revisions r on r.id = a.offer_revision_id
        where r.offer_id = $1 order by a.position`,
      [pending.id],
    );
    expect(bills.rows).toHaveLength(3);
    for (const language of ["tr", "en"] as const) {
      const page = await openPage(language, "/approvals");
      const item = page.locator(".ant-list-item", { hasText: pending.number });
      await item.waitFor();
      const billLabel = language === "tr" ? "Teklif faturası" : "Offer bill";
      for (const [index, row] of bills.rows.entries()) {
        const line = item.getByTestId(`approval-alternative-${index + 1}`);
        expect(await line.innerText()).toBe(
          `${row.label} — ${PENDING_TERMS[language][index]} · ` +
            `${billLabel}: ${formatTry(row.bill)}`,
        );
      }
      await screenshot(page, `admin-approvals-terms-${language}`);
      await page.close();
    }
  });
});

// A month as the Turkish builder names it: "2027-01" is "Ocak 2027".
function monthName(month: string): string {
  const [year, number] = month.split("-");

  return `${TURKISH_MONTHS[Number(number) - 1]} ${year}`;
}

describe("offer builder kWh limit", { timeout: 300_000 }, () => {
  it("limits cells, heads by tariff type", async () => {
    const page = await openPage("tr", `/offers/new?party_id=${builderPartyId}`);
    const pricingCalls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/rest/v1/rpc/price_offer")) {
        pricingCalls.push(request.url());
      }
    });
    await page
      .getByTestId("offer-builder-party")
      .getByText(BUILDER_PARTY_NAME)
      .waitFor();
    const titles = page.locator(".ant-card-head-title");
    await titles.getByText("Tahmini tüketim (kWh, zamana göre)").waitFor();

    // A single-time tariff has no time zones, so its heading names none.
    await page.getByTestId("offer-builder-tariff_type").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .getByText("Tek zamanlı", { exact: true })
      .click();
    await titles.getByText("Tahmini tüketim (kWh)", { exact: true }).waitFor();
    expect(await titles.getByText("zamana göre").count()).toBe(0);

    await page.getByTestId("offer-builder-month-count").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .getByText("1", { exact: true })
      .click();
    const table = page.getByTestId("offer-builder-months");
    await table
      .locator("tbody tr.ant-table-row")
      .nth(1)
      .waitFor({ state: "detached" });
    const month = await table
      .locator("[data-month]")
      .getAttribute("data-month");
    const cell = page.getByLabel(`${monthName(month as string)} kWh`);
    await page.getByLabel("Alternatif 1 değeri").fill("10");
    await cell.fill("99.999.999.999.999.999.999");

    const message = table.getByText("Ayda en fazla 500.000.000 kWh olabilir");
    await message.waitFor();
    expect(await cell.getAttribute("aria-invalid")).toBe("true");
    expect(
      await page.getByTestId("offer-builder-wrong-cells").innerText(),
    ).toContain(`${monthName(month as string)} kWh`);
    const save = page.getByTestId("offer-builder-save");
    expect(await save.isDisabled()).toBe(true);
    // Pricing waits 600 ms after the last change; twice that passes
    // without a call, so no pricing error shows under an alternative.
    await page.waitForTimeout(1_500);
    expect(pricingCalls).toEqual([]);
    expect(
      await page
        .getByTestId("offer-builder-alternative-1")
        .locator(".ant-alert-error")
        .count(),
    ).toBe(0);
    await screenshot(page, "admin-offer-builder-kwh-limit");

    // The limit itself is allowed, and is priced.
    await cell.fill("500.000.000");
    await message.waitFor({ state: "detached" });
    expect(await cell.getAttribute("aria-invalid")).toBe("false");
    await page.getByTestId("offer-builder-totals-1").waitFor();
    expect(pricingCalls.length).toBeGreaterThan(0);
    await page.close();
  });
});
