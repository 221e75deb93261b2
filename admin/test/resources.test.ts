// The generic resource screens in a browser as a sales consultant and a
// manager: Turkish search, show pages with related records, role-based
// menus, exports and Turkish number input.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { vknCheckDigit } from "../../seed/src/identity.ts";
import { foldTurkish } from "../../shared/turkish.ts";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import {
  APPROVAL_MONTHS,
  APPROVAL_ONLY_ALTERNATIVE,
  clientAs,
  istanbulDate,
  MONTHS,
  RULE_BREAKING_ALTERNATIVE,
  rpc,
  TARIFF,
} from "../../test/sales/helpers.ts";
import { loadList, signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let partyId: string;
let consultantUserId: string;

const PARTY_NAME = "IŞIK ELEKTRİK DENEME A.Ş.";
const CONTACT_NAME = "Çağlar Öztürk";

function vkn(firstNine: string): string {
  return firstNine + String(vknCheckDigit(firstNine));
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  // A party owned by the demo consultant, so the consultant may see it.
  const owner = await db.query<{ staff_id: string; user_id: string }>(
    `select au.staff_id, au.user_id
       from public.app_users au
       join auth.users u on u.id = au.user_id
      where u.email = 'consultant@demo.enerji.test'`,
  );
  const inserted = await db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, sector, owner_staff_id,
                                 estimated_yearly_consumption_kwh)
     values ('company', $1, $2, 'Elektrik', $3, 1234567)
     returning id`,
    [vkn("987650001"), PARTY_NAME, owner.rows[0]?.staff_id],
  );
  partyId = inserted.rows[0]?.id as string;
  consultantUserId = owner.rows[0]?.user_id as string;
  await db.query(
    `insert into public.party_contacts (party_id, full_name, title, is_primary)
     values ($1, $2, 'Genel Müdür', true)`,
    [partyId, CONTACT_NAME],
  );
});

afterAll(async () => {
  await db?.query(
    `delete from public.offer_approvals where offer_id in
       (select id from public.offers where party_id = $1)`,
    [partyId],
  );
  await db?.query("delete from public.offers where party_id = $1", [partyId]);
  await db?.query("delete from public.parties where id = $1", [partyId]);
  await db?.query(
    "delete from public.forward_price_expectations where period_month = '2031-01-01'",
  );
  await db?.end();
  await browser?.close();
});

// The machine running the tests may be busy, so page steps get more time
// than playwright's default 30 seconds.
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

describe("admin resources as a sales consultant", { timeout: 240_000 }, () => {
  it("finds an upper-case IŞIK party by searching ışık", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await loadList(page, "parties", () =>
      page.goto(`${stack.ADMIN_URL}/parties`),
    );
    await page.getByPlaceholder("Ara").fill("ışık");
    const rows = await loadList(
      page,
      "parties",
      () => page.getByPlaceholder("Ara").press("Enter"),
      (url) => url.searchParams.has("search_text"),
    );
    const names = rows.map((row) => row.split("\t")[0] ?? "");
    expect(names).toContain(PARTY_NAME);
    for (const name of names) {
      expect(foldTurkish(name)).toContain("isik");
    }
    expect(rows.join("\n")).toContain("1.234.567");
    await screenshot(page, "admin-parties-search");

    await page
      .locator("tr", { hasText: PARTY_NAME })
      .getByRole("button")
      .first()
      .click();
    await page.waitForURL(new RegExp(`/parties/show/${partyId}$`));
    await page.getByText(CONTACT_NAME).waitFor();
    expect(await page.getByText("Yetkililer (1)").count()).toBe(1);
    await screenshot(page, "admin-party-show");
    await page.close();
  });

  it("exports the filtered party list to CSV", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await loadList(page, "parties", () =>
      page.goto(`${stack.ADMIN_URL}/parties`),
    );
    await page.getByPlaceholder("Ara").fill("IŞIK ELEKTRİK DENEME");
    // Waits for the searched list, not a late response of the first load.
    const rows = await loadList(
      page,
      "parties",
      () => page.getByPlaceholder("Ara").press("Enter"),
      (url) => url.searchParams.has("search_text"),
    );
    expect(rows).toHaveLength(1);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "CSV'ye aktar" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("parties.csv");
    const content = await readFile((await download.path()) as string, "utf8");
    const lines = content
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(content.startsWith("\uFEFF")).toBe(true);
    expect(lines[0]).toBe(
      "Ad / unvan;Tür;Müşteri kodu;Durum;Sektör;Tahmini yıllık tüketim (kWh);" +
        "Dağıtım bölgesi;Sorumlu personel;Sorumlu bayi",
    );
    expect(lines).toHaveLength(2);
    const cells = (lines[1] as string).split(";");
    expect(cells[0]).toBe(PARTY_NAME);
    expect(cells[1]).toBe("Tüzel kişi");
    expect(cells[3]).toBe("Aday");
    expect(cells[5]).toBe("1.234.567");
    const owner = await db.query<{ full_name: string }>(
      `select s.full_name from public.parties p
         join public.staff s on s.id = p.owner_staff_id where p.id = $1`,
      [partyId],
    );
    expect(cells[7]).toBe(owner.rows[0]?.full_name);
    await page.close();
  });

  it("exports the tax rates to an Excel file", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await loadList(page, "tax_rates", () =>
      page.goto(`${stack.ADMIN_URL}/tax-rates`),
    );
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Excel'e aktar" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("tax_rates.xlsx");
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path()) as string);
    const sheet = workbook.worksheets[0];
    const expected = await db.query(
      "select count(*)::int as n from public.tax_rates",
    );
    expect(sheet?.rowCount).toBe(Number(expected.rows[0].n) + 1);
    expect(sheet?.getRow(1).getCell(1).value).toBe("Vergi");
    await page.close();
  });

  it("hides screens the consultant may not use", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await loadList(page, "parties", () =>
      page.goto(`${stack.ADMIN_URL}/parties`),
    );
    const menu = page.locator(".ant-layout-sider");
    await menu.getByText("Organizasyon").click();
    await menu.getByText("Bayiler").waitFor();
    expect(await menu.getByText("Denetim kaydı").count()).toBe(0);
    expect(await menu.getByText("İş çalıştırmaları").count()).toBe(0);
    await page.goto(`${stack.ADMIN_URL}/audit-events`);
    await page.getByText("Bu işlem için yetkiniz yok").waitFor();
    expect(await page.locator(".ant-table-row").count()).toBe(0);
    await page.close();
  });

  it("opens lists of several resources with counts", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    const lists = [
      { route: "/tax-rates", table: "tax_rates", countAll: true },
      { route: "/dealers", table: "dealers", countAll: false },
      { route: "/offers", table: "offers", countAll: false },
      { route: "/price-rules", table: "price_rules", countAll: true },
    ];
    for (const list of lists) {
      const rows = await loadList(page, list.table, () =>
        page.goto(`${stack.ADMIN_URL}${list.route}`),
      );
      expect(rows.length, list.route).toBeGreaterThan(0);
      const total = await page
        .locator(".ant-pagination-total-text")
        .innerText();
      expect(total, list.route).toMatch(/^Toplam \d+ kayıt$/);
      if (list.countAll) {
        const count = await db.query(
          `select count(*)::int as n from public.${list.table}`,
        );
        expect(total).toBe(`Toplam ${count.rows[0].n} kayıt`);
      }
    }
    await screenshot(page, "admin-price-rules");
    await page.close();
  }, 480_000);
});

describe("admin resources as a manager", { timeout: 240_000 }, () => {
  it("accepts a Turkish amount in the expected PTF input", async () => {
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/forward-price-expectations/create`);
    const month = page.getByLabel("Ay (ayın ilk günü)");
    await month.click();
    await month.fill("01.01.2031");
    await month.press("Enter");
    const amount = page.getByLabel("Beklenen PTF (TL/MWh)");
    await amount.fill("1234.56");
    await page.getByText('"1234.56" geçerli bir sayı değil').waitFor();
    await amount.fill("1.234,56");
    await page.getByLabel("Kaynak").fill("Yönetim tahmini");
    await page.getByRole("button", { name: "Kaydet" }).click();
    await page.waitForURL(/\/forward-price-expectations\?/);
    const stored = await db.query(
      `select expected_ptf_try_per_mwh::text as amount
         from public.forward_price_expectations where period_month = '2031-01-01'`,
    );
    expect(stored.rows[0]?.amount).toBe("1234.56");
    // Latest month first: the new month is on the first page, after the
    // far-future month that access-test fixtures may add.
    const rows = await loadList(page, "forward_price_expectations", () =>
      page.goto(
        `${stack.ADMIN_URL}/forward-price-expectations?sorters[0][field]=period_month&sorters[0][order]=desc`,
      ),
    );
    const cells = (
      rows.find((row) => row.startsWith("01.01.2031\t")) ?? ""
    ).split("\t");
    expect(cells[0]).toBe("01.01.2031");
    expect(cells[1]).toMatch(/^1\.234,56\s₺$/);
    await screenshot(page, "admin-forward-prices");
    await page.close();
  });

  it("shows the dashboard with targets against actuals", async () => {
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/`);
    await page.getByText("Portföydeki sayaçlar").waitFor();
    const active = await db.query(
      "select count(*)::int as n from public.metering_points where status = 'active'",
    );
    const statistic = page.locator(".ant-statistic", {
      hasText: "Portföydeki sayaçlar",
    });
    expect(
      (
        await statistic.locator(".ant-statistic-content-value").innerText()
      ).replace(/\./g, ""),
    ).toBe(String(active.rows[0].n));
    await screenshot(page, "admin-dashboard");
    await page.close();
  });

  it("approves an offer from the approvals inbox", async () => {
    // An offer whose discount needs approval but keeps every rule that
    // would reject it, so that the manager may approve it.
    const consultant = await clientAs(stack, consultantUserId);
    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: APPROVAL_MONTHS },
        alternatives: [APPROVAL_ONLY_ALTERNATIVE],
      },
    });
    const submitted = await rpc(consultant, "submit_offer", {
      p_offer_id: created.offer_id,
    });
    expect(submitted.state).toBe("awaiting_approval");
    const offer = {
      offer_id: created.offer_id as string,
      offer_number: created.offer_number as string,
    };
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/approvals`);
    const item = page.locator(".ant-list-item", {
      hasText: offer?.offer_number,
    });
    await item.waitFor();
    await screenshot(page, "admin-approvals");
    await item.getByLabel("Karar notu").fill("Marj yeterli, onaylandı.");
    await item.getByRole("button", { name: "Onayla" }).click();
    await page.getByText("Teklif onaylandı").waitFor();
    const stored = await db.query(
      `select o.state, a.decision, a.note
         from public.offers o
         join public.offer_approvals a on a.offer_id = o.id
        where o.id = $1
        order by a.requested_at desc
        limit 1`,
      [offer?.offer_id],
    );
    expect(stored.rows[0]?.state).toBe("approved");
    expect(stored.rows[0]?.decision).toBe("approved");
    expect(stored.rows[0]?.note).toBe("Marj yeterli, onaylandı.");
    await item.waitFor({ state: "detached" });
    await page.close();
  });

  it("keeps an offer below the minimum margin unapproved", async () => {
    // An offer that went to approval while every broken rule did so: its
    // 40 % discount on 2027 prices also breaks the minimum margin.
    const consultant = await clientAs(stack, consultantUserId);
    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: partyId,
        valid_until: istanbulDate(15),
        consumption: { ...TARIFF, months: MONTHS },
        alternatives: [RULE_BREAKING_ALTERNATIVE],
      },
    });
    await db.query(
      "update public.offers set state = 'awaiting_approval' where id = $1",
      [created.offer_id],
    );
    await db.query(
      `insert into public.offer_approvals (offer_id, offer_revision_id,
         requested_by, violations)
       select r.offer_id, r.id, $2, jsonb_agg(jsonb_build_object(
           'offer_alternative_id', a.id, 'position', a.position,
           'label', a.label, 'kind', a.kind,
           'broken_rules', a.rule_check -> 'broken_rules'))
       from public.offer_revisions r
       join public.offer_alternatives a on a.offer_revision_id = r.id
       where r.offer_id = $1
       group by r.offer_id, r.id`,
      [created.offer_id, consultantUserId],
    );

    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/approvals`);
    const item = page.locator(".ant-list-item", {
      hasText: created.offer_number as string,
    });
    await item.waitFor();
    await item
      .getByText(
        "Reddeden fiyat kuralına takılan seçenek var: İndirimli %40.",
        { exact: false },
      )
      .waitFor();
    expect(
      await item.getByRole("button", { name: "Onayla" }).isDisabled(),
    ).toBe(true);
    await item.getByLabel("Karar notu").fill("Marj altında.");
    await item.getByRole("button", { name: "Reddet" }).click();
    await page.getByText("Teklif reddedildi").waitFor();
    const { rows } = await db.query<{ state: string }>(
      "select state from public.offers where id = $1",
      [created.offer_id],
    );
    expect(rows[0]?.state).toBe("rejected");
    await page.close();
  });

  it("hides the approvals inbox from a consultant", async () => {
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/approvals`);
    await page.getByText("Bu işlem için yetkiniz yok").waitFor();
    expect(await page.getByRole("button", { name: "Onayla" }).count()).toBe(0);
    await page.close();
  });
});
