// Contract PDFs in the portal. Accepting an offer calls generate-contract,
// so the contract PDF exists at once. The customer's Belgeler page lists the
// contracts with a button that downloads the PDF. For a contract accepted
// outside the portal, the button makes the PDF first.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { launchBrowser } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { createFixture, type Fixture } from "../../test/domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  actorClient,
  clientAs,
  createLead,
  istanbulDate,
  type Lead,
  MONTHS,
  rpc,
} from "../../test/sales/helpers.ts";
import { setPassword, signIn } from "./portal-helpers.ts";

vi.setConfig({ testTimeout: 180_000 });

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let fixture: Fixture;
let scratch: string;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  browser = await launchBrowser();
  scratch = mkdtempSync(path.join(os.tmpdir(), "portal-contract-"));
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
  rmSync(scratch, { recursive: true, force: true });
});

function pdfText(bytes: Uint8Array, name: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);

  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
    encoding: "utf8",
  }).replace(/\s+/g, " ");
}

// Reads a stored contract PDF with the service role key.
async function storedPdf(documentPath: string): Promise<Uint8Array> {
  const response = await fetch(
    `${stack.API_URL}/storage/v1/object/contract-documents/${documentPath}`,
    {
      headers: {
        apikey: stack.SERVICE_ROLE_KEY,
        authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
      },
    },
  );
  expect(response.status).toBe(200);

  return new Uint8Array(await response.arrayBuffer());
}

async function sentOffer(lead: Lead): Promise<string> {
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
  });

  return created.offer_id;
}

async function contractOf(
  offerId: string,
): Promise<{ id: string; contract_number: string; document_path: string }> {
  const { rows } = await db.query(
    `select id, contract_number, document_path from public.contracts
     where offer_id = $1`,
    [offerId],
  );
  expect(rows).toHaveLength(1);

  return rows[0];
}

// Clicks the contract's PDF button on the Belgeler page and returns the
// downloaded file.
async function downloadFromDocuments(
  page: Page,
  contractNumber: string,
): Promise<{ name: string; bytes: Uint8Array }> {
  await page.goto(`${stack.PORTAL_URL}/documents`);
  const row = page.locator("tr", { hasText: contractNumber });
  const download = page.waitForEvent("download");
  await row.getByRole("button", { name: "Sözleşme PDF'i" }).click();
  const file = await download;
  const target = path.join(scratch, file.suggestedFilename());
  await file.saveAs(target);

  return {
    name: file.suggestedFilename(),
    bytes: new Uint8Array(readFileSync(target)),
  };
}

describe("contract PDF in the portal", () => {
  it("exists after acceptance", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await setPassword(stack, lead.userId);
    const offerId = await sentOffer(lead);
    const email = (
      await db.query("select email from auth.users where id = $1", [
        lead.userId,
      ])
    ).rows[0].email;

    const page = await signIn(browser, stack, email);
    await page.goto(`${stack.PORTAL_URL}/offers`);
    await page.getByRole("radio").first().check({ force: true });
    await page
      .getByRole("button", { name: "Seçili alternatifi kabul et" })
      .click();
    await page.getByRole("button", { name: "Evet, kabul et" }).click();
    await page.getByText(/Sözleşme no: SZL-\d{4}-\d{6}/).waitFor();

    const contract = await contractOf(offerId);
    expect(contract.document_path).toBe(
      `contracts/${contract.id}/contract.pdf`,
    );
    expect(
      pdfText(await storedPdf(contract.document_path), "stored.pdf"),
    ).toContain(contract.contract_number);

    const file = await downloadFromDocuments(page, contract.contract_number);
    expect(file.name).toBe(`${contract.contract_number}.pdf`);
    expect(pdfText(file.bytes, "downloaded.pdf")).toContain(
      contract.contract_number,
    );
    await page.context().close();
  });

  it("is made when first opened", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await setPassword(stack, lead.userId);
    const offerId = await sentOffer(lead);
    const { rows } = await db.query(
      `select a.id from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1 order by a.position limit 1`,
      [offerId],
    );
    const customer = await clientAs(stack, lead.userId);
    await rpc(customer, "respond_to_offer", {
      p_offer_id: offerId,
      p_offer_alternative_id: rows[0].id,
      p_decision: "accepted",
    });
    const before = await contractOf(offerId);
    expect(before.document_path).toBeNull();
    const email = (
      await db.query("select email from auth.users where id = $1", [
        lead.userId,
      ])
    ).rows[0].email;

    const page = await signIn(browser, stack, email);
    const file = await downloadFromDocuments(page, before.contract_number);

    expect(pdfText(file.bytes, "opened.pdf")).toContain(before.contract_number);
    const after = await contractOf(offerId);
    expect(after.document_path).toBe(`contracts/${after.id}/contract.pdf`);
    await page.context().close();
  });
});
