// send-offer with a mail server that rejects the recipient: the offer is
// recorded as sent and its e-mail stays queued in public.outbox_emails.
// The deliver-emails function then delivers it once, and a second call
// sends nothing again. The mail catcher's chaos trigger (Mailpit's API)
// makes the SMTP server reply 451 to every recipient.
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
  MONTHS,
  rpc,
  rpcError,
} from "../sales/helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;
let consultant: Client;
let consultantToken: string;

type OutboxRow = {
  id: string;
  message_id: string;
  status: string;
  attempt_count: number;
  last_error: string | null;
  sent_at: Date | null;
};

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
});

afterAll(async () => {
  await setRecipientChaos(0);
  await db?.end();
});

async function setRecipientChaos(probability: number): Promise<void> {
  const response = await fetch(`${stack.MAILPIT_URL}/api/v1/chaos`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      Recipient: { ErrorCode: 451, Probability: probability },
    }),
  });
  if (!response.ok) {
    throw new Error(`setting chaos failed: ${await response.text()}`);
  }
}

async function callFunction(
  name: string,
  token: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return fetch(`${stack.API_URL}/functions/v1/${name}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      apikey: stack.ANON_KEY,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

// Calls deliver-emails as the scheduler does. A 409 means the scheduler's
// own call is running, so the call is repeated once that one has ended.
async function deliverEmails(): Promise<{ status: number; body: any }> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await callFunction(
      "deliver-emails",
      stack.SERVICE_ROLE_KEY,
      {},
    );
    const body = await response.json();
    if (response.status !== 409) {
      return { status: response.status, body };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("deliver-emails stayed busy for 30 s");
}

async function mailsTo(address: string): Promise<any[]> {
  const list = await (
    await fetch(`${stack.MAILPIT_URL}/api/v1/messages`)
  ).json();

  return list.messages.filter((message: any) =>
    message.To.some((to: any) => to.Address === address),
  );
}

async function outboxRowOf(offerId: string): Promise<OutboxRow | undefined> {
  const { rows } = await db.query<OutboxRow>(
    `select e.id, e.message_id, e.status, e.attempt_count, e.last_error,
            e.sent_at
     from public.outbox_emails e
     join public.offer_sends s on s.id = e.offer_send_id
     where s.offer_id = $1`,
    [offerId],
  );

  return rows[0];
}

describe("send-offer with a failing mail server", () => {
  const recipient = `outbox.${Date.now()}@sales.test`;
  let offerId: string;
  let offerNumber: string;
  let response: Response;
  let result: any;

  beforeAll(async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    await db.query(
      `insert into public.party_contacts (party_id, full_name, email, is_primary)
       values ($1, 'Nurhan Çelik', $2, true)`,
      [lead.partyId, recipient],
    );
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
    offerId = created.offer_id;
    offerNumber = created.offer_number;
    await rpc(consultant, "submit_offer", { p_offer_id: offerId });
    await setRecipientChaos(100);
    try {
      response = await callFunction("send-offer", consultantToken, {
        offer_id: offerId,
      });
      result = await response.json();
    } finally {
      await setRecipientChaos(0);
    }
  }, 240_000);

  it("answers 202 with the e-mail pending", () => {
    expect(response.status, JSON.stringify(result)).toBe(202);
    expect(result.state).toBe("sent");
    expect(result.email.status).toBe("pending");
    expect(result.email.error).toContain("451");
  });

  it("keeps the offer sent with its record", async () => {
    const { rows } = await db.query(
      `select o.state, s.recipient_email, s.message_id
       from public.offers o
       join public.offer_sends s on s.offer_id = o.id
       where o.id = $1`,
      [offerId],
    );

    expect(rows).toHaveLength(1);
    expect(rows[0].state).toBe("sent");
    expect(rows[0].recipient_email).toBe(recipient);
    expect(rows[0].message_id).toBe(result.message_id);
  });

  it("leaves the queued e-mail pending", async () => {
    const row = await outboxRowOf(offerId);

    expect(row?.status).toBe("pending");
    expect(row?.attempt_count).toBe(1);
    expect(row?.last_error).toContain("451");
    expect(row?.message_id).toBe(result.message_id);
    expect(await mailsTo(recipient)).toHaveLength(0);
  });

  it("delivers it once on retry", async () => {
    // The failed attempt put the next one a minute later.
    await db.query(
      "update public.outbox_emails set next_attempt_at = now() where message_id = $1",
      [result.message_id],
    );
    const first = await deliverEmails();

    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.status).toBe("succeeded");

    const second = await deliverEmails();

    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.emails_sent).toBe(0);

    const mails = await mailsTo(recipient);

    expect(mails).toHaveLength(1);
    expect(`<${mails[0].MessageID}>`).toBe(result.message_id);
    expect(
      mails[0].Attachments.map((attachment: any) => attachment.FileName).sort(),
    ).toEqual([
      `${offerNumber}-karsilastirma.pdf`,
      `${offerNumber}-teklif.pdf`,
    ]);

    const row = await outboxRowOf(offerId);

    expect(row?.status).toBe("sent");
    expect(row?.attempt_count).toBe(2);
    expect(row?.sent_at).not.toBeNull();
  });

  it("records the retry as a job run", async () => {
    const { rows } = await db.query(
      `select status, counts from public.job_runs
       where job_name = 'deliver-emails'
       order by started_at desc limit 2`,
    );

    expect(rows.map((row) => row.status)).toEqual(["succeeded", "succeeded"]);
  });
});

describe("send_offer_by_email access", () => {
  it("rejects a customer", async () => {
    const customer = await actorClient(stack, fixture, "customer_own");
    const error = await rpcError(customer, "send_offer_by_email", {
      p_offer_id: fixture.offerId,
    });

    expect(error.code).toBe("42501");
  });

  it("rejects an offer that is not approved", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
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
    const error = await rpcError(consultant, "send_offer_by_email", {
      p_offer_id: created.offer_id,
    });
    const { rows } = await db.query(
      `select count(*)::integer as queued from public.outbox_emails e
       join public.offer_sends s on s.id = e.offer_send_id
       where s.offer_id = $1`,
      [created.offer_id],
    );

    expect(error.code).toBe("22023");
    expect(error.message).toContain("only approved offers can be sent");
    expect(rows[0].queued).toBe(0);
  });

  it("rejects an offer whose PDFs are not stored", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
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
    const folder = `offers/${created.offer_id}/r1`;
    const sendAndExpectMissing = async (missing: string) => {
      const { data, error } = await consultant.rpc("send_offer_by_email", {
        p_offer_id: created.offer_id,
      });
      const { rows } = await db.query(
        `select o.state, o.sent_at,
           (select count(*)::integer from public.offer_sends s
            where s.offer_id = o.id) as sends
         from public.offers o where o.id = $1`,
        [created.offer_id],
      );

      expect(data).toBeNull();
      expect(error?.code).toBe("22023");
      expect(error?.message).toBe(
        `Offer ${created.offer_number} cannot be sent: no stored PDF at ` +
          `${missing} in bucket offer-documents`,
      );
      expect(error?.hint).toBe(
        "Send the offer with the send-offer function, which renders the PDFs.",
      );
      expect(rows[0]).toEqual({ state: "approved", sent_at: null, sends: 0 });
    };
    const upload = async (name: string) => {
      const { error } = await consultant.storage
        .from("offer-documents")
        .upload(`${folder}/${name}`, new Blob(["%PDF-1.4\n"]), {
          contentType: "application/pdf",
        });
      expect(error).toBeNull();
    };

    await sendAndExpectMissing(`${folder}/comparison.pdf, ${folder}/offer.pdf`);
    await upload("offer.pdf");
    await sendAndExpectMissing(`${folder}/comparison.pdf`);

    await upload("comparison.pdf");
    const sent = await rpc(consultant, "send_offer_by_email", {
      p_offer_id: created.offer_id,
    });

    expect(sent.state).toBe("sent");
    expect(sent.document_paths).toEqual([
      `${folder}/offer.pdf`,
      `${folder}/comparison.pdf`,
    ]);
  });
});

describe("deliver-emails access", () => {
  it("rejects a consultant token", async () => {
    const response = await callFunction("deliver-emails", consultantToken, {});

    expect(response.status).toBe(403);
  });

  it("rejects an invalid limit", async () => {
    const response = await callFunction(
      "deliver-emails",
      stack.SERVICE_ROLE_KEY,
      { limit: 0 },
    );
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.error).toContain("limit");
  });
});
