// The send-offer edge function through the stack's gateway: a consultant
// sends an approved offer, the mail catcher receives it with the offer and
// comparison PDFs, and pdftotext reads the PDFs back.
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
  type Client,
  createLead,
  istanbulDate,
  type Lead,
  MONTHS,
  rpc,
} from "../sales/helpers.ts";

const stack = inject("stack");
const PARTY_NAME = "Değirmen Güneş Işık Çözüm İnşaat A.Ş.";
const CONTACT_NAME = "Gülşen Öztürk";
let db: pg.Client;
let fixture: Fixture;
let consultant: Client;
let consultantToken: string;
let scratch: string;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  consultant = await actorClient(stack, fixture, "sales_consultant");
  consultantToken = (
    await signUser(
      stack.JWT_SECRET,
      fixture.userIds
        .sales_consultant as `${string}-${string}-${string}-${string}-${string}`,
    )
  ).token;
  scratch = mkdtempSync(path.join(os.tmpdir(), "send-offer-"));
});

afterAll(async () => {
  await db?.end();
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Formats a decimal TL amount as 1.234,56 ₺, independently of the app,
 * with a plain space because pdfText folds all white space.
 */
function lira(value: string | number): string {
  // Amounts are stored with at most two decimals, so no rounding is needed.
  const [whole = "0", decimals = ""] = String(value).split(".");
  const fraction = decimals.padEnd(2, "0");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");

  return `${grouped},${fraction} ₺`;
}

function pdfText(bytes: Uint8Array, name: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);

  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
    encoding: "utf8",
  }).replace(/\s+/g, " ");
}

async function callSendOffer(
  token: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return fetch(`${stack.API_URL}/functions/v1/send-offer`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      apikey: stack.ANON_KEY,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

async function approvedOffer(
  lead: Lead,
): Promise<{ offer_id: string; offer_number: string }> {
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
  const submitted = await rpc(consultant, "submit_offer", {
    p_offer_id: created.offer_id,
  });
  expect(submitted.state).toBe("approved");

  return created;
}

async function leadWithContact(email: string | null): Promise<Lead> {
  const lead = await createLead(db, fixture.dealerIds.b);
  await db.query(
    "update public.parties set name = $2, email = null where id = $1",
    [lead.partyId, PARTY_NAME],
  );
  if (email) {
    await db.query(
      `insert into public.party_contacts (party_id, full_name, email, is_primary)
       values ($1, $2, $3, true)`,
      [lead.partyId, CONTACT_NAME, email],
    );
  }

  return lead;
}

async function mailTo(address: string): Promise<any> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const list = await (
      await fetch(`${stack.MAILPIT_URL}/api/v1/messages`)
    ).json();
    const summary = list.messages.find((message: any) =>
      message.To.some((to: any) => to.Address === address),
    );
    if (summary) {
      return (
        await fetch(`${stack.MAILPIT_URL}/api/v1/message/${summary.ID}`)
      ).json();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  throw new Error(`No mail reached ${address}`);
}

describe("send-offer as a consultant", () => {
  const recipient = `gulsen.${Date.now()}@sales.test`;
  let offer: { offer_id: string; offer_number: string };
  let response: Response;
  let result: any;
  let message: any;
  let offerText: string;
  let comparisonText: string;

  beforeAll(async () => {
    const lead = await leadWithContact(recipient);
    offer = await approvedOffer(lead);
    await db.query(
      `insert into public.competitor_offers (offer_id, supplier_name, kind,
         unit_price_try_per_kwh, yearly_bill_try)
       values ($1, 'Boğaziçi Enerji Ticaret', 'fixed_price', 4.10, 987654.32)`,
      [offer.offer_id],
    );
    response = await callSendOffer(consultantToken, {
      offer_id: offer.offer_id,
    });
    result = await response.json();
    message = await mailTo(recipient);
    const parts = new Map<string, Uint8Array>();
    for (const attachment of message.Attachments) {
      const part = await fetch(
        `${stack.MAILPIT_URL}/api/v1/message/${message.ID}/part/${attachment.PartID}`,
      );
      parts.set(attachment.FileName, new Uint8Array(await part.arrayBuffer()));
    }
    offerText = pdfText(
      parts.get(`${offer.offer_number}-teklif.pdf`) ?? new Uint8Array(),
      "offer.pdf",
    );
    comparisonText = pdfText(
      parts.get(`${offer.offer_number}-karsilastirma.pdf`) ?? new Uint8Array(),
      "comparison.pdf",
    );
  }, 240_000);

  it("returns the sent state", () => {
    expect(response.status).toBe(200);
    expect(result.state).toBe("sent");
    expect(result.recipient_email).toBe(recipient);
  });

  it("mails both PDFs to the contact", () => {
    expect(message.To[0].Address).toBe(recipient);
    expect(message.To[0].Name).toBe(CONTACT_NAME);
    expect(message.Subject).toContain(offer.offer_number);
    expect(
      message.Attachments.map((attachment: any) => attachment.FileName).sort(),
    ).toEqual([
      `${offer.offer_number}-karsilastirma.pdf`,
      `${offer.offer_number}-teklif.pdf`,
    ]);
  });

  it("keeps Turkish letters in the PDFs", () => {
    expect(offerText).toContain(PARTY_NAME);
    expect(comparisonText).toContain(PARTY_NAME);
    expect(comparisonText).toContain("Boğaziçi Enerji Ticaret");
    for (const letter of ["İ", "ş", "ğ", "ü", "ö", "ç", "ı"]) {
      expect(offerText, letter).toContain(letter);
    }
  });

  it("names regions and subscriber groups", async () => {
    const { rows } = await db.query(
      `select r.code as region_code, r.company_name,
         g.code as group_code, g.name_tr
       from public.offer_revision_metering_points l
       join public.offer_revisions v on v.id = l.offer_revision_id
       join public.metering_points m on m.id = l.metering_point_id
       join public.distribution_regions r on r.code = m.distribution_region_code
       join public.subscriber_groups g on g.code = m.subscriber_group_code
       where v.offer_id = $1`,
      [offer.offer_id],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(offerText).toContain(row.company_name);
      expect(offerText).toContain(row.name_tr);
      // Codes are lower-case ASCII words, the names start with a capital.
      expect(offerText).not.toMatch(new RegExp(`\\b${row.region_code}\\b`));
      expect(offerText).not.toMatch(new RegExp(`\\b${row.group_code}\\b`));
    }
  });

  it("links the e-mail to the portal's offers", () => {
    expect(message.Text).toContain(
      `Teklifi müşteri portalımızda görüntüleyip kabul edebilirsiniz:\n${stack.PORTAL_URL}/offers\n`,
    );
  });

  it("greets the contact as the e-mail does", () => {
    expect(message.Text).toContain(`Sayın ${CONTACT_NAME},`);
    expect(offerText).toContain(`Sayın ${CONTACT_NAME}`);
  });

  it("prints the stored offer and regulated bills", async () => {
    const { rows } = await db.query(
      `select a.label, a.pricing_result -> 'totals' as totals
       from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1 order by a.position`,
      [offer.offer_id],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(offerText, row.label).toContain(lira(row.totals.offer_total_try));
      expect(offerText, row.label).toContain(
        lira(row.totals.regulated_total_try),
      );
    }
    // The offer covers three months, so the competitor's annual bill is
    // prorated to them: 987 654.32 x 3 / 12 = 246 913.58 TL.
    expect(comparisonText).toContain(lira("246913.58"));
    expect(comparisonText).toContain("Dönem Maliyeti");
  });

  it("stores the documents and freezes the revision", async () => {
    const { rows } = await db.query(
      `select o.state, r.frozen_at, s.document_paths, s.recipient_email
       from public.offers o
       join public.offer_revisions r on r.offer_id = o.id
         and r.revision_no = o.current_revision_no
       join public.offer_sends s on s.offer_id = o.id
       where o.id = $1`,
      [offer.offer_id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].state).toBe("sent");
    expect(rows[0].frozen_at).not.toBeNull();
    expect(rows[0].document_paths).toEqual([
      `offers/${offer.offer_id}/r1/offer.pdf`,
      `offers/${offer.offer_id}/r1/comparison.pdf`,
    ]);
    const objects = await db.query(
      `select name from storage.objects
       where bucket_id = 'offer-documents' and name like $1 order by name`,
      [`offers/${offer.offer_id}/%`],
    );
    expect(objects.rows.map((row) => row.name)).toEqual([
      `offers/${offer.offer_id}/r1/comparison.pdf`,
      `offers/${offer.offer_id}/r1/offer.pdf`,
    ]);
  });
});

describe("send-offer errors", () => {
  it("rejects a customer token", async () => {
    const lead = await leadWithContact(`customer.${Date.now()}@sales.test`);
    const offer = await approvedOffer(lead);
    const customerToken = (
      await signUser(
        stack.JWT_SECRET,
        lead.userId as `${string}-${string}-${string}-${string}-${string}`,
      )
    ).token;

    const response = await callSendOffer(customerToken, {
      offer_id: offer.offer_id,
    });

    expect(response.status).toBe(404);
    const { rows } = await db.query(
      "select state from public.offers where id = $1",
      [offer.offer_id],
    );
    expect(rows[0].state).toBe("approved");
  }, 120_000);

  it("rejects an offer that is not approved", async () => {
    const lead = await leadWithContact(`draft.${Date.now()}@sales.test`);
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

    const response = await callSendOffer(consultantToken, {
      offer_id: created.offer_id,
    });

    expect(response.status).toBe(409);
    expect((await response.json()).error).toContain(
      "is draft: only approved offers can be sent",
    );
  }, 120_000);

  it("rejects a party without e-mail", async () => {
    const lead = await leadWithContact(null);
    const offer = await approvedOffer(lead);

    const response = await callSendOffer(consultantToken, {
      offer_id: offer.offer_id,
    });

    expect(response.status).toBe(422);
    expect((await response.json()).error).toContain("has no recipient");
  }, 120_000);

  it("reports an unknown offer", async () => {
    const response = await callSendOffer(consultantToken, {
      offer_id: "00000000-0000-4000-8000-000000000000",
    });

    expect(response.status).toBe(404);
  });

  it("rejects a malformed offer id", async () => {
    const response = await callSendOffer(consultantToken, { offer_id: "x" });

    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe(
      "offer_id is missing or is not a UUID",
    );
  });

  it("returns a preview PDF without sending", async () => {
    const lead = await leadWithContact(`preview.${Date.now()}@sales.test`);
    const offer = await approvedOffer(lead);

    const response = await callSendOffer(consultantToken, {
      offer_id: offer.offer_id,
      preview: true,
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(
      new Uint8Array(await response.arrayBuffer()),
      "preview.pdf",
    );
    expect(text).toContain(offer.offer_number);
    const { rows } = await db.query(
      "select state from public.offers where id = $1",
      [offer.offer_id],
    );
    expect(rows[0].state).toBe("approved");
  }, 120_000);
});
