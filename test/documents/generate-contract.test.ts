// The generate-contract edge function through the stack's gateway: after a
// customer accepts an offer, the contract PDF is stored in
// contract-documents, its path recorded, and it shows the stamp tax.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUser } from "../../stack/test/rest/helpers.ts";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  ALLOWED_ALTERNATIVES,
  actorClient,
  clientAs,
  createLead,
  istanbulDate,
  MONTHS,
  rpc,
} from "../sales/helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;
let scratch: string;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  scratch = mkdtempSync(path.join(os.tmpdir(), "generate-contract-"));
});

afterAll(async () => {
  await db?.end();
  rmSync(scratch, { recursive: true, force: true });
});

type UserId = `${string}-${string}-${string}-${string}-${string}`;

async function callGenerateContract(
  userId: string,
  body: Record<string, unknown>,
): Promise<Response> {
  const { token } = await signUser(stack.JWT_SECRET, userId as UserId);

  return fetch(`${stack.API_URL}/functions/v1/generate-contract`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      apikey: stack.ANON_KEY,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

/** Formats a decimal TL amount as 1.234,56 ₺ with a plain space. */
function lira(value: string): string {
  const [whole = "0", decimals = ""] = value.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");

  return `${grouped},${decimals.padEnd(2, "0")} ₺`;
}

describe("generate-contract after acceptance", () => {
  let contractId: string;
  let customerId: string;
  let response: Response;
  let result: any;

  beforeAll(async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    customerId = lead.userId;
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
      p_recipient_email: "musteri@sales.test",
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
    contractId = accepted.contract_id;

    response = await callGenerateContract(customerId, {
      contract_id: contractId,
    });
    result = await response.json();
  }, 240_000);

  it("records the document path", async () => {
    expect(response.status).toBe(200);
    expect(result.document_path).toBe(`contracts/${contractId}/contract.pdf`);
    const { rows } = await db.query(
      "select document_path from public.contracts where id = $1",
      [contractId],
    );
    expect(rows[0].document_path).toBe(`contracts/${contractId}/contract.pdf`);
  });

  it("shows the stamp tax in the PDF", async () => {
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const { data, error } = await consultant.storage
      .from("contract-documents")
      .download(`contracts/${contractId}/contract.pdf`);
    expect(error).toBeNull();
    const file = path.join(scratch, "contract.pdf");
    writeFileSync(file, new Uint8Array(await (data as Blob).arrayBuffer()));
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
    }).replace(/\s+/g, " ");
    const { rows } = await db.query(
      `select contract_number, stamp_tax_try::text, contract_value_try::text
       from public.contracts where id = $1`,
      [contractId],
    );

    expect(text).toContain(rows[0].contract_number);
    expect(text).toContain(lira(rows[0].stamp_tax_try));
    expect(text).toContain(lira(rows[0].contract_value_try));

    const names = await db.query(
      `select r.company_name, g.name_tr
       from public.contract_metering_points l
       join public.metering_points m on m.id = l.metering_point_id
       join public.distribution_regions r on r.code = m.distribution_region_code
       join public.subscriber_groups g on g.code = m.subscriber_group_code
       where l.contract_id = $1`,
      [contractId],
    );
    expect(names.rows.length).toBeGreaterThan(0);
    for (const row of names.rows) {
      expect(text).toContain(row.company_name);
      expect(text).toContain(row.name_tr);
    }
  });

  it("returns the stored document on a second call", async () => {
    const again = await callGenerateContract(customerId, {
      contract_id: contractId,
    });

    expect(again.status).toBe(200);
    expect((await again.json()).generated).toBe(false);
  });

  it("reports a contract the caller cannot view", async () => {
    const other = await callGenerateContract(fixture.userIds.dealer_unrelated, {
      contract_id: contractId,
    });

    expect(other.status).toBe(404);
  });
});
