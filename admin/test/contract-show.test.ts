// The contract show page. Price terms and the sales strategy appear in
// words, not as stored JSON and codes. The "Sözleşme PDF'i" button calls
// generate-contract, which makes a missing PDF, and opens it in a new tab.
import type pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { createFixture, type Fixture } from "../../test/domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  actorClient,
  clientAs,
  createLead,
  istanbulDate,
  MONTHS,
  rpc,
} from "../../test/sales/helpers.ts";
import { signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
});

// A customer accepts the first alternative (a fixed price of 5,10 TL/kWh)
// of a sent offer through the RPC, so the contract has no PDF yet.
async function acceptedContract(): Promise<{ id: string; number: string }> {
  const lead = await createLead(db, fixture.dealerIds.b);
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
    p_recipient_email: "musteri@contract-show.test",
  });
  const { rows } = await db.query(
    `select a.id from public.offer_alternatives a
     join public.offer_revisions r on r.id = a.offer_revision_id
     where r.offer_id = $1 order by a.position limit 1`,
    [created.offer_id],
  );
  const customer = await clientAs(stack, lead.userId);
  const accepted = await rpc(customer, "respond_to_offer", {
    p_offer_id: created.offer_id,
    p_offer_alternative_id: rows[0].id,
    p_decision: "accepted",
  });

  return { id: accepted.contract_id, number: accepted.contract_number };
}

describe("contract show page", { timeout: 240_000 }, () => {
  it("shows terms in words, opens PDF", async () => {
    const contract = await acceptedContract();
    const stored = await db.query(
      "select price_terms, sales_strategy, document_path from public.contracts where id = $1",
      [contract.id],
    );
    expect(stored.rows[0].price_terms).toEqual({
      kind: "fixed_price",
      unit_price_try_per_kwh: 5.1,
    });
    expect(stored.rows[0].sales_strategy).toBe("sabit_fiyat");
    expect(stored.rows[0].document_path).toBeNull();

    const page = await browser.newPage({
      viewport: { width: 1400, height: 900 },
    });
    page.setDefaultTimeout(90_000);
    await signIn(page, "admin@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/contracts/show/${contract.id}`);

    await page.getByText("Sabit birim fiyat: 5,1000 TL/kWh").waitFor();
    expect(await page.locator(".ant-descriptions").innerText()).not.toContain(
      '"kind"',
    );
    const strategy = page
      .locator(".ant-descriptions-item-label", { hasText: "Satış stratejisi" })
      .locator("xpath=following-sibling::*[1]");
    expect((await strategy.innerText()).trim()).toBe("Sabit fiyat");

    const popup = page.waitForEvent("popup");
    await page.getByRole("button", { name: "Sözleşme PDF'i" }).click();
    const tab = await popup;
    await tab.waitForURL((url) => url.protocol === "blob:");
    const path = await db.query(
      "select document_path from public.contracts where id = $1",
      [contract.id],
    );
    expect(path.rows[0].document_path).toBe(
      `contracts/${contract.id}/contract.pdf`,
    );
    await page.close();
  });
});
