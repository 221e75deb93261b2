// Offers in the portal. A dealer's offer that breaks a price rule waits
// for head-office approval and shows the manager's decision. A customer
// chooses an alternative by its row, gets it named with its price and bill
// in the confirmation, accepts it and gets the contract, and confirms
// before rejecting one. An offer whose metering point is still in another
// contract is marked so and cannot be accepted. A customer downloads the
// PDF of their own offer and no other customer can read it. The customer's
// offer carries the demo prices mark when its pricing used demo figures.
// Once an offer is accepted, the dealer's and the customer's pages tag the
// accepted alternative. Offers are created with the sales RPCs, as the
// admin's offer form does.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { formatTry } from "../../shared/money.ts";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { createFixture, type Fixture } from "../../test/domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  APPROVAL_MONTHS,
  APPROVAL_ONLY_ALTERNATIVE,
  actorClient,
  clientAs,
  createLead,
  istanbulDate,
  MONTHS,
  rpc,
  TARIFF,
} from "../../test/sales/helpers.ts";
import { setPassword, signIn } from "./portal-helpers.ts";

vi.setConfig({ testTimeout: 120_000 });

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  await setPassword(stack, fixture.userIds.dealer_below);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

// The demo figures of an offer's stored pricing results, worked out from
// the months of each result.
async function storedDemoFigures(offerId: string): Promise<string[]> {
  const { rows } = await db.query<{ figure: string }>(
    `select distinct f.figure
     from public.offer_alternatives a
     join public.offer_revisions r on r.id = a.offer_revision_id
     cross join lateral jsonb_array_elements(a.pricing_result -> 'months') m
     cross join lateral jsonb_array_elements_text(m -> 'demo_figures') f (figure)
     where r.offer_id = $1`,
    [offerId],
  );

  return rows.map((row) => row.figure);
}

// Creates an offer for a new lead with a customer login, submits it and
// marks it sent; returns the offer, the customer's e-mail address and
// user id.
async function sentOffer(
  beforeSend?: (offerId: string) => Promise<void>,
): Promise<{
  offerId: string;
  offerNumber: string;
  email: string;
  userId: string;
}> {
  const lead = await createLead(db, fixture.dealerIds.b);
  await setPassword(stack, lead.userId);
  const consultant = await actorClient(stack, fixture, "sales_consultant");
  const created = await rpc(consultant, "create_offer", {
    p_input: {
      party_id: lead.partyId,
      valid_until: istanbulDate(30),
      consumption: {
        metering_point_ids: lead.meteringPointIds,
        months: MONTHS,
      },
      alternatives: ALLOWED_ALTERNATIVES,
    },
  });
  await rpc(consultant, "submit_offer", { p_offer_id: created.offer_id });
  await beforeSend?.(created.offer_id);
  await rpc(consultant, "mark_offer_sent", {
    p_offer_id: created.offer_id,
    p_recipient_email: "musteri@portal.test",
  });
  const { rows } = await db.query<{ email: string }>(
    "select email from auth.users where id = $1",
    [lead.userId],
  );

  return {
    offerId: created.offer_id,
    offerNumber: created.offer_number,
    email: rows[0]?.email ?? "",
    userId: lead.userId,
  };
}

describe("portal offers", () => {
  it("shows a dealer the approval of a rule-breaking offer", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const dealer = await actorClient(stack, fixture, "dealer_below");
    const manager = await actorClient(stack, fixture, "manager");
    const created = await rpc(dealer, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: APPROVAL_MONTHS },
        alternatives: [ALLOWED_ALTERNATIVES[0], APPROVAL_ONLY_ALTERNATIVE],
      },
    });

    // The dealer submits the draft and waits for head office.
    const page = await signIn(
      browser,
      stack,
      `dealer_below.${fixture.suffix}@matrix.test`,
    );
    await page.getByRole("link", { name: "Teklifler" }).first().click();
    await page.getByRole("link", { name: created.offer_number }).click();
    await page.getByText("Onay gerekir", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Onaya gönder" }).click();
    await page.getByText("Genel müdürlük onayı bekleniyor").waitFor();
    await page.getByText("Onay bekliyor").first().waitFor();

    const decided = await rpc(manager, "decide_offer", {
      p_offer_id: created.offer_id,
      p_decision: "approved",
      p_note: "Bir defaya mahsus onaylandı",
    });
    expect(decided.state).toBe("approved");

    await page.reload();
    await page
      .getByText("Bir defaya mahsus onaylandı", { exact: false })
      .waitFor();
    const state = page.locator(".ant-card-extra");
    expect(await state.first().innerText()).toBe("Onaylandı");
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-dealer-offer-approved.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("lets a customer accept an offer", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await setPassword(stack, lead.userId);
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(30),
        consumption: {
          metering_point_ids: lead.meteringPointIds,
          months: MONTHS,
        },
        alternatives: ALLOWED_ALTERNATIVES,
      },
    });
    await rpc(consultant, "submit_offer", { p_offer_id: created.offer_id });
    await rpc(consultant, "mark_offer_sent", {
      p_offer_id: created.offer_id,
      p_recipient_email: "musteri@portal.test",
      p_document_paths: [`offers/${created.offer_id}/r1/offer.pdf`],
      p_message_id: "<portal-offer@portal.test>",
    });
    const email = (
      await db.query<{ email: string }>(
        "select email from auth.users where id = $1",
        [lead.userId],
      )
    ).rows[0]?.email;

    const page = await signIn(browser, stack, email ?? "", {
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${stack.PORTAL_URL}/offers`);
    await page.getByText(created.offer_number).waitFor();
    const demoFigures = await storedDemoFigures(created.offer_id);
    const demoMark = page.getByRole("alert", { name: "Demo fiyatlar" });
    if (demoFigures.length > 0) {
      expect(await demoMark.innerText()).toContain("örnek olarak üretilmiş");
    } else {
      expect(await demoMark.count()).toBe(0);
    }
    // A click anywhere on a row chooses its alternative, and the row is
    // marked; Enter and Space choose the row that has the focus.
    const rows = page.locator(".ant-table-tbody tr.ant-table-row");
    const radios = page.getByRole("radio");
    expect(await radios.nth(0).isChecked()).toBe(true);
    await rows.nth(1).getByText("Sabit fiyat, esnek").click();
    expect(await radios.nth(1).isChecked()).toBe(true);
    expect(await radios.nth(0).isChecked()).toBe(false);
    expect(await rows.nth(1).getAttribute("aria-selected")).toBe("true");
    expect(await rows.nth(0).getAttribute("aria-selected")).toBe("false");
    expect(await rows.nth(1).getAttribute("class")).toContain(
      "ant-table-row-selected",
    );
    await rows.nth(0).focus();
    await page.keyboard.press("Enter");
    expect(await radios.nth(0).isChecked()).toBe(true);
    await rows.nth(1).focus();
    await page.keyboard.press(" ");
    expect(await radios.nth(1).isChecked()).toBe(true);
    expect(await rows.nth(1).getAttribute("aria-selected")).toBe("true");
    // Each row states its price terms: the second alternative is a fixed
    // price of 5,30 TL/kWh.
    expect(await rows.nth(1).innerText()).toContain(
      "Sabit birim fiyat 5,30 TL/kWh",
    );
    await page.getByLabel("Notunuz (isteğe bağlı)").fill("Uygun, teşekkürler");

    // The confirmation names the chosen alternative, its price and its
    // offer bill over the period and per month, worked out from the
    // stored alternative. Cancelling creates no contract.
    const bill = await db.query<{
      total: string;
      monthly: string;
      months: number;
    }>(
      `select a.offer_bill_try::text as total,
         round(a.offer_bill_try
           / jsonb_array_length(a.pricing_result -> 'months'), 2)::text
           as monthly,
         jsonb_array_length(a.pricing_result -> 'months') as months
       from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1 and a.label = $2`,
      [created.offer_id, ALLOWED_ALTERNATIVES[1]?.label],
    );
    const expected = bill.rows[0];
    expect(expected?.months).toBe(MONTHS.length);
    const accept = page.getByRole("button", {
      name: "Seçili alternatifi kabul et",
    });
    const confirmation = page.locator(".ant-popconfirm");
    await accept.click();
    await confirmation
      .getByText("«Sabit fiyat, esnek» alternatifini kabul ediyor musunuz?")
      .waitFor();
    const summary = confirmation.getByTestId("accept-summary");
    expect(await summary.innerText()).toBe(
      [
        "Fiyat: Sabit birim fiyat 5,30 TL/kWh",
        `Teklif faturası: 3 ay için toplam ${formatTry(expected?.total ?? "")}, aylık ortalama ${formatTry(expected?.monthly ?? "")}`,
        "Kabul ettiğinizde sözleşmeniz oluşturulur.",
      ].join("\n"),
    );
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-customer-offer-confirm.png"),
      fullPage: true,
    });
    await confirmation.getByRole("button", { name: "Vazgeç" }).click();
    await confirmation.waitFor({ state: "hidden" });
    const cancelled = await db.query<{ state: string }>(
      "select state from public.offers where id = $1",
      [created.offer_id],
    );
    expect(cancelled.rows[0]?.state).toBe("sent");
    await accept.click();
    await confirmation.getByRole("button", { name: "Evet, kabul et" }).click();
    const accepted = page.getByText(/Sözleşme no: SZL-\d{4}-\d{6}/);
    await accepted.waitFor();
    const contractNumber = /SZL-\d{4}-\d{6}/.exec(
      await accepted.innerText(),
    )?.[0];
    // The accepted alternative's row is tagged, and only that row.
    await page.getByText("Sözleşmeye bağlandı").first().waitFor();
    await rows.nth(1).getByText("Kabul edilen", { exact: true }).waitFor();
    expect(await rows.nth(0).innerText()).not.toContain("Kabul edilen");
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      ),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-customer-offer-accepted.png"),
      fullPage: true,
    });

    const stored = await db.query<{
      state: string;
      contract_number: string;
      label: string;
      note: string | null;
    }>(
      `select o.state, c.contract_number, a.label,
         (select note from public.offer_state_changes s
          where s.offer_id = o.id and s.to_state = 'accepted') as note
       from public.offers o
       join public.contracts c on c.offer_id = o.id
       join public.offer_alternatives a on a.id = c.offer_alternative_id
       where o.id = $1`,
      [created.offer_id],
    );
    expect(stored.rows).toEqual([
      {
        state: "contracted",
        contract_number: contractNumber,
        label: ALLOWED_ALTERNATIVES[1]?.label,
        note: "Uygun, teşekkürler",
      },
    ]);

    await page.goto(`${stack.PORTAL_URL}/contracts`);
    await page.getByText(contractNumber ?? "missing").waitFor();
    await page.context().close();
  });

  it("marks the accepted alternative", async () => {
    // A dealer's offer whose second alternative needed head-office
    // approval, approved, sent and accepted with that alternative.
    const lead = await createLead(db, fixture.dealerIds.b);
    await setPassword(stack, lead.userId);
    const dealer = await actorClient(stack, fixture, "dealer_below");
    const manager = await actorClient(stack, fixture, "manager");
    const created = await rpc(dealer, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(20),
        consumption: { ...TARIFF, months: APPROVAL_MONTHS },
        alternatives: [ALLOWED_ALTERNATIVES[0], APPROVAL_ONLY_ALTERNATIVE],
      },
    });
    await rpc(dealer, "submit_offer", { p_offer_id: created.offer_id });
    await rpc(manager, "decide_offer", {
      p_offer_id: created.offer_id,
      p_decision: "approved",
    });
    await rpc(dealer, "mark_offer_sent", {
      p_offer_id: created.offer_id,
      p_recipient_email: "musteri@portal.test",
    });
    const alternatives = await db.query<{ id: string; label: string }>(
      `select a.id, a.label
       from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1
       order by a.position`,
      [created.offer_id],
    );
    const acceptedId = alternatives.rows[1]?.id;
    const customer = await clientAs(stack, lead.userId);
    const response = await rpc(customer, "respond_to_offer", {
      p_offer_id: created.offer_id,
      p_offer_alternative_id: acceptedId,
      p_decision: "accepted",
    });
    expect(response.state).toBe("contracted");

    // The dealer's page marks the accepted alternative, and the approved one
    // no longer waits for approval.
    const page = await signIn(
      browser,
      stack,
      `dealer_below.${fixture.suffix}@matrix.test`,
    );
    await page.goto(`${stack.PORTAL_URL}/offers/${created.offer_id}`);
    const rows = page.locator(".ant-table-tbody tr.ant-table-row");
    await rows.nth(1).getByText("Kabul edilen", { exact: true }).waitFor();
    expect(await rows.nth(1).innerText()).toContain(
      APPROVAL_ONLY_ALTERNATIVE.label,
    );
    expect(await rows.nth(0).innerText()).not.toContain("Kabul edilen");
    expect(await rows.nth(1).getByText("Genel müdürlük onayladı").count()).toBe(
      1,
    );
    expect(await page.locator(".ant-card-extra").first().innerText()).toBe(
      "Sözleşmeye bağlandı",
    );
    expect(await page.getByText("Onay gerekir").count()).toBe(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-dealer-offer-accepted.png"),
      fullPage: true,
    });
    await page.context().close();

    // The customer's page marks the same alternative.
    const { rows: users } = await db.query<{ email: string }>(
      "select email from auth.users where id = $1",
      [lead.userId],
    );
    const customerPage = await signIn(browser, stack, users[0]?.email ?? "");
    await customerPage.goto(`${stack.PORTAL_URL}/offers`);
    const customerRows = customerPage.locator(
      ".ant-table-tbody tr.ant-table-row",
    );
    await customerRows
      .nth(1)
      .getByText("Kabul edilen", { exact: true })
      .waitFor();
    expect(await customerRows.nth(0).innerText()).not.toContain("Kabul edilen");
    await customerPage.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-customer-offer-contracted.png"),
      fullPage: true,
    });
    await customerPage.context().close();
  });

  it("confirms before a customer rejects", async () => {
    // The stored results name no demo figure, as with real market data.
    const offer = await sentOffer(async (offerId) => {
      await db.query(
        `update public.offer_alternatives a
         set pricing_result = (a.pricing_result - 'demo_figures')
           || jsonb_build_object('uses_demo_prices', false,
             'demo_figures', '[]'::jsonb,
             'months', (select jsonb_agg(m || '{"demo_figures": []}'::jsonb)
               from jsonb_array_elements(a.pricing_result -> 'months') m))
         from public.offer_revisions r
         where r.id = a.offer_revision_id and r.offer_id = $1`,
        [offerId],
      );
    });
    const page = await signIn(browser, stack, offer.email);
    await page.goto(`${stack.PORTAL_URL}/offers`);
    await page.getByText(offer.offerNumber).waitFor();
    expect(
      await page.getByRole("alert", { name: "Demo fiyatlar" }).count(),
    ).toBe(0);

    const state = async () =>
      (
        await db.query<{ state: string }>(
          "select state from public.offers where id = $1",
          [offer.offerId],
        )
      ).rows[0]?.state;
    const confirmation = page.locator(".ant-popconfirm");
    const reject = page.getByRole("button", { name: "Reddet", exact: true });
    await reject.click();
    await confirmation.getByText("Teklif reddedilsin mi?").waitFor();
    await confirmation.getByRole("button", { name: "Vazgeç" }).click();
    await confirmation.waitFor({ state: "hidden" });
    expect(await state()).toBe("sent");

    await reject.click();
    await confirmation.getByRole("button", { name: "Evet, reddet" }).click();
    await page.getByText("Reddedildi").first().waitFor();
    expect(await state()).toBe("rejected");
    await page.context().close();
  });

  it("keeps an offer with a taken metering point unaccepted", async () => {
    // The customer accepts one offer; a second offer for the same metering
    // points cannot be accepted while that contract is awaiting signature.
    const first = await sentOffer();
    const { rows: parties } = await db.query<{ party_id: string }>(
      "select party_id from public.offers where id = $1",
      [first.offerId],
    );
    const partyId = parties[0]?.party_id;
    const { rows: points } = await db.query<{ id: string; code: string }>(
      "select id, code from public.metering_points where party_id = $1",
      [partyId],
    );
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const second = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: partyId,
        valid_until: istanbulDate(30),
        consumption: {
          metering_point_ids: points.map((point) => point.id),
          months: MONTHS,
        },
        alternatives: ALLOWED_ALTERNATIVES,
      },
    });
    await rpc(consultant, "submit_offer", { p_offer_id: second.offer_id });
    await rpc(consultant, "mark_offer_sent", {
      p_offer_id: second.offer_id,
      p_recipient_email: "musteri@portal.test",
    });
    const alternatives = await db.query<{ id: string }>(
      `select a.id from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1 order by a.position limit 1`,
      [first.offerId],
    );
    const contracted = await rpc(
      await clientAs(stack, first.userId),
      "respond_to_offer",
      {
        p_offer_id: first.offerId,
        p_offer_alternative_id: alternatives.rows[0]?.id,
        p_decision: "accepted",
      },
    );
    const firstCode = points.map((point) => point.code).sort()[0];

    const page = await signIn(browser, stack, first.email);
    await page.goto(`${stack.PORTAL_URL}/offers`);
    const warning = page.getByText(
      `${firstCode} kodlu sayaç zaten ${contracted.contract_number} numaralı ` +
        "sözleşmede. Bu teklif, o sözleşme bitmeden kabul edilemez.",
    );
    await warning.waitFor();
    expect(await warning.count()).toBe(1);
    const accept = page.getByRole("button", {
      name: "Seçili alternatifi kabul et",
    });
    expect(await accept.count()).toBe(1);
    expect(await accept.isDisabled()).toBe(true);
    expect(
      await page.getByRole("button", { name: "Reddet", exact: true }).count(),
    ).toBe(1);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-customer-offer-point-taken.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("lets only the offer's customer download its PDF", async () => {
    // Stands in for the PDF that send-offer stores for revision 1, uploaded
    // by the seller before the offer is marked sent.
    const pdf = Buffer.from("%PDF-1.4\n% portal offer test\n%%EOF\n");
    const comparisonPdf = Buffer.from(
      "%PDF-1.4\n% portal comparison test\n%%EOF\n",
    );
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const offer = await sentOffer(async (offerId) => {
      for (const [name, bytes] of [
        ["offer.pdf", pdf],
        ["comparison.pdf", comparisonPdf],
      ] as const) {
        const { error } = await consultant.storage
          .from("offer-documents")
          .upload(`offers/${offerId}/r1/${name}`, bytes, {
            contentType: "application/pdf",
          });
        expect(error).toBeNull();
      }
    });
    const other = await sentOffer();
    const pdfPath = `offers/${offer.offerId}/r1/offer.pdf`;

    // The offer's customer reads the file; another customer gets nothing,
    // neither the file nor its name in a listing.
    const owner = await clientAs(stack, offer.userId);
    const own = await owner.storage.from("offer-documents").download(pdfPath);
    expect(own.error).toBeNull();
    expect(Buffer.from(await (own.data as Blob).arrayBuffer())).toEqual(pdf);
    const stranger = await clientAs(stack, other.userId);
    const denied = await stranger.storage
      .from("offer-documents")
      .download(pdfPath);
    expect(denied.data).toBeNull();
    expect(denied.error?.message).toMatch(/not found/i);
    const listed = await stranger.storage
      .from("offer-documents")
      .list(`offers/${offer.offerId}/r1`);
    expect(listed.data ?? []).toEqual([]);

    // In the portal the customer saves the same bytes.
    const page = await signIn(browser, stack, offer.email);
    await page.goto(`${stack.PORTAL_URL}/offers`);
    await page.getByText(offer.offerNumber).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Teklif PDF'i" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `${offer.offerNumber}-teklif.pdf`,
    );
    const saved = await download.path();
    expect(await readFile(saved)).toEqual(pdf);
    // And the comparison, named as the e-mail's attachment.
    const [comparison] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Karşılaştırma PDF'i" }).click(),
    ]);
    expect(comparison.suggestedFilename()).toBe(
      `${offer.offerNumber}-karsilastirma.pdf`,
    );
    expect(await readFile(await comparison.path())).toEqual(comparisonPdf);
    await page.context().close();

    // An offer marked sent without a stored PDF gets a not-found message.
    const otherPage = await signIn(browser, stack, other.email);
    await otherPage.goto(`${stack.PORTAL_URL}/offers`);
    await otherPage.getByText(other.offerNumber).waitFor();
    expect(await otherPage.getByText(offer.offerNumber).count()).toBe(0);
    await otherPage.getByRole("button", { name: "Teklif PDF'i" }).click();
    await otherPage
      .getByText("Bu teklifin PDF'i bulunamadı", { exact: false })
      .waitFor();
    await otherPage.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-customer-offer-pdf-missing.png"),
      fullPage: true,
    });
    await otherPage.context().close();
  });
});
