// A customer accepts a PTF-indexed alternative: the contract takes the
// PTF-indexed strategy and template, and its price terms keep the margin
// the alternative quoted.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  actorClient,
  clientAs,
  createLead,
  istanbulDate,
  MONTHS,
  rpc,
} from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db?.end();
});

describe("PTF-indexed contract", () => {
  it("is created when the customer accepts", async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const manager = await actorClient(stack, fixture, "manager");
    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(30),
        consumption: {
          metering_point_ids: lead.meteringPointIds,
          months: MONTHS,
        },
        alternatives: [
          {
            label: "PTF + 150",
            kind: "ptf_indexed",
            parameters: { margin_try_per_mwh: 150 },
          },
        ],
      },
    });
    const submitted = await rpc(consultant, "submit_offer", {
      p_offer_id: created.offer_id,
    });
    if (submitted.state === "awaiting_approval") {
      await rpc(manager, "decide_offer", {
        p_offer_id: created.offer_id,
        p_decision: "approved",
        p_note: "PTF endeksli, uygun",
      });
    }
    await rpc(consultant, "mark_offer_sent", {
      p_offer_id: created.offer_id,
      p_recipient_email: "ptf@sales.test",
      p_document_paths: [`offers/${created.offer_id}/r1/offer.pdf`],
      p_message_id: "<ptf@sales.test>",
    });
    const alternative = await db.query<{ id: string }>(
      `select a.id::text from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1`,
      [created.offer_id],
    );

    const customer = await clientAs(stack, lead.userId);
    const accepted = await rpc(customer, "respond_to_offer", {
      p_offer_id: created.offer_id,
      p_offer_alternative_id: alternative.rows[0]?.id,
      p_decision: "accepted",
    });

    expect(accepted.state).toBe("contracted");
    const contract = await db.query(
      `select sales_strategy, template_code, price_terms
       from public.contracts where id = $1`,
      [accepted.contract_id],
    );
    expect(contract.rows).toEqual([
      {
        sales_strategy: "ptf_endeksli",
        template_code: "ptf-endeksli-2026",
        price_terms: { kind: "ptf_indexed", margin_try_per_mwh: 150 },
      },
    ]);
  });
});
