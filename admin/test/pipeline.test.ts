// The offer pipeline page in a browser. The demo sales consultant's totals
// of July 2097, a month no other offer lies in, match the figures of the
// offers inserted here. Another consultant's offer in that month counts for
// a manager only. Selecting a state lists its offers with links.
import { randomUUID } from "node:crypto";
import path from "node:path";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { vknCheckDigit } from "../../seed/src/identity.ts";
import { addDecimals, formatDecimal, formatTry } from "../../shared/money.ts";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
const partyIds: string[] = [];
const offerIds: string[] = [];
const offerNumbers = new Map<string, string>();

type TestOffer = {
  key: string;
  own: boolean;
  state: string;
  annualKwh: string;
  grossProfitTry: string;
};

const OFFERS: TestOffer[] = [
  {
    key: "first sent",
    own: true,
    state: "sent",
    annualKwh: "1234567.891",
    grossProfitTry: "12345.67",
  },
  {
    key: "second sent",
    own: true,
    state: "sent",
    annualKwh: "500000.5",
    grossProfitTry: "4321.09",
  },
  {
    key: "draft",
    own: true,
    state: "draft",
    annualKwh: "250000",
    grossProfitTry: "-150.25",
  },
  {
    key: "other consultant",
    own: false,
    state: "sent",
    annualKwh: "9000000",
    grossProfitTry: "99999.99",
  },
];

// kWh text to MWh text, exactly, by moving the decimal point.
function kwhToMwh(kwh: string): string {
  const [whole = "0", fraction = ""] = kwh.split(".");
  const digits = whole.padStart(4, "0") + fraction;
  const point = digits.length - fraction.length - 3;

  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

async function insertParty(ownerStaffId: string): Promise<string> {
  const firstNine = `9871${String(Date.now()).slice(-4)}${partyIds.length}`;
  const inserted = await db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, owner_staff_id)
     values ('company', $1, $2, $3) returning id`,
    [
      firstNine + String(vknCheckDigit(firstNine)),
      `HUNİ DENEME ${partyIds.length + 1} A.Ş.`,
      ownerStaffId,
    ],
  );
  const id = inserted.rows[0]?.id as string;
  partyIds.push(id);

  return id;
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  const owner = await db.query<{ staff_id: string }>(
    `select au.staff_id
       from public.app_users au
       join auth.users u on u.id = au.user_id
      where u.email = 'consultant@demo.enerji.test'`,
  );
  const consultantId = owner.rows[0]?.staff_id as string;
  const otherConsultantId = randomUUID();
  await db.query(
    `insert into public.staff (id, role, full_name, email)
     values ($1, 'sales_consultant', 'Huni Deneme Danışman', $2)`,
    [otherConsultantId, `huni.${otherConsultantId.slice(0, 8)}@staff.test`],
  );
  const ownParty = await insertParty(consultantId);
  const otherParty = await insertParty(otherConsultantId);

  for (const offer of OFFERS) {
    const inserted = await db.query<{ id: string; offer_number: string }>(
      `insert into public.offers (party_id, owner_staff_id, state, valid_until,
         customer_code, created_at)
       select p.id, $2, $3, '2097-08-31', p.customer_code,
         '2097-07-15T12:00:00+03:00'
         from public.parties p where p.id = $1
       returning id, offer_number`,
      [
        offer.own ? ownParty : otherParty,
        offer.own ? consultantId : otherConsultantId,
        offer.state,
      ],
    );
    const offerId = inserted.rows[0]?.id as string;
    offerIds.push(offerId);
    offerNumbers.set(offer.key, inserted.rows[0]?.offer_number as string);
    const revision = await db.query<{ id: string }>(
      `insert into public.offer_revisions (offer_id, revision_no, consumption)
       values ($1, 1, '{}') returning id`,
      [offerId],
    );
    await db.query(
      `insert into public.offer_alternatives (offer_revision_id, position,
         label, kind, parameters, pricing_result, gross_profit_try)
       values ($1, 1, 'İndirimli', 'discount', '{"discount_pct": 5}',
         jsonb_build_object('annual_consumption_kwh', $2::numeric), $3)`,
      [revision.rows[0]?.id, offer.annualKwh, offer.grossProfitTry],
    );
  }
});

afterAll(async () => {
  await db?.query("delete from public.parties where id = any($1::uuid[])", [
    partyIds,
  ]);
  await db?.query(
    "delete from public.staff where full_name = 'Huni Deneme Danışman'",
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

// Waits for the totals of the pipeline and returns the row of `stateLabel`
// as its cell texts.
async function totalsRow(page: Page, stateLabel: string): Promise<string[]> {
  const row = page
    .locator(".pipeline-totals tbody tr.ant-table-row")
    .filter({ hasText: stateLabel });
  await row.waitFor();

  return row.locator("td").allInnerTexts();
}

describe("offer pipeline page", { timeout: 240_000 }, () => {
  it("shows a consultant's totals per state", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    const totalsLoaded = page.waitForResponse((response) =>
      response.url().includes("/rest/v1/rpc/offer_pipeline"),
    );
    await page.goto(`${stack.ADMIN_URL}/pipeline?period=created&month=2097-07`);
    await totalsLoaded;
    await page
      .locator(".pipeline-totals .ant-spin-spinning")
      .first()
      .waitFor({ state: "detached" });

    const own = OFFERS.filter((offer) => offer.own);
    const sent = own.filter((offer) => offer.state === "sent");
    const sentCells = await totalsRow(page, "Gönderildi");
    expect(sentCells[1]).toBe(String(sent.length));
    expect(sentCells[2]).toBe(
      `${formatDecimal(addDecimals(...sent.map((offer) => kwhToMwh(offer.annualKwh))), 3)} MWh`,
    );
    expect(sentCells[2]).toBe("1.734,568 MWh");
    expect(sentCells[3]).toBe(
      formatTry(addDecimals(...sent.map((offer) => offer.grossProfitTry))),
    );
    expect(sentCells[3]).toBe("16.666,76\u00a0₺");

    const draftCells = await totalsRow(page, "Taslak");
    expect(draftCells[1]).toBe("1");
    expect(draftCells[2]).toBe("250,000 MWh");
    expect(draftCells[3]).toBe("-150,25\u00a0₺");

    const expiredCells = await totalsRow(page, "Süresi doldu");
    expect(expiredCells[1]).toBe("0");
    expect(expiredCells[3]).toBe("0,00\u00a0₺");
    await expect(page.getByText("seçilen alternatiften").count()).resolves.toBe(
      1,
    );
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-pipeline.png"),
      fullPage: true,
    });

    await page.getByRole("button", { name: "Gönderildi" }).click();
    const list = page.locator(".ant-card", {
      hasText: "Gönderildi durumundaki teklifler",
    });
    const firstNumber = offerNumbers.get("first sent") as string;
    await list.getByRole("link", { name: firstNumber }).waitFor();
    const listed = await list.locator("tbody tr.ant-table-row").allInnerTexts();
    expect(listed).toHaveLength(2);
    expect(listed.join("\n")).toContain(offerNumbers.get("second sent"));
    expect(listed.join("\n")).not.toContain(
      offerNumbers.get("other consultant"),
    );
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "admin-pipeline-state.png"),
      fullPage: true,
    });

    await list.getByRole("link", { name: firstNumber }).click();
    await page.waitForURL(new RegExp(`/offers/show/${offerIds[0]}$`));
    await page.close();
  });

  it("counts another consultant's offer for a manager", async () => {
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/pipeline?period=created&month=2097-07`);
    const sent = OFFERS.filter((offer) => offer.state === "sent");
    const row = page
      .locator(".pipeline-totals tbody tr.ant-table-row")
      .filter({ hasText: "Gönderildi" });
    await row
      .locator("td")
      .nth(1)
      .filter({ hasText: String(sent.length) })
      .waitFor();
    const cells = await row.locator("td").allInnerTexts();

    expect(cells[3]).toBe(
      formatTry(addDecimals(...sent.map((offer) => offer.grossProfitTry))),
    );
    await page.close();
  });
});
