// The unit price table of the offer PDF for every kind of alternative: a
// fixed price shows the quoted price in every time zone, a discount the
// discounted regulated prices, a PTF-indexed price the expected average
// over the offer period. The PDF comes from send-offer's preview and
// pdftotext reads it back.
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
  actorClient,
  createLead,
  istanbulDate,
  MONTHS,
  rpc,
} from "../sales/helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;
let scratch: string;
let savedPhone: string | null = null;

const ALTERNATIVES = [
  {
    label: "Sabit fiyat",
    kind: "fixed_price",
    parameters: { unit_price_try_per_kwh: 3.25 },
  },
  { label: "İndirimli", kind: "discount", parameters: { discount_pct: 10 } },
  {
    label: "PTF endeksli",
    kind: "ptf_indexed",
    parameters: { margin_try_per_mwh: 150 },
  },
];

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  scratch = mkdtempSync(path.join(os.tmpdir(), "offer-unit-prices-"));
});

afterAll(async () => {
  await db?.query("update public.organisation_settings set phone = $1", [
    savedPhone,
  ]);
  await db?.end();
  rmSync(scratch, { recursive: true, force: true });
});

const ZONE_NAMES: Record<string, string> = {
  T1: "T1 Gündüz",
  T2: "T2 Puant",
  T3: "T3 Gece",
};

/** Writes a number of TL/kWh with four decimals and a decimal comma: 3,2500. */
function price(value: number): string {
  return fourDecimals(Math.round(value * 1e6) * 10);
}

/** Rounds a count of 1/10^7 TL half up to four decimals: 32500000 is 3,2500. */
function fourDecimals(units: number): string {
  const rounded = Math.floor((units + 500) / 1000);
  const fraction = String(rounded % 10_000).padStart(4, "0");

  return `${Math.floor(rounded / 10_000)},${fraction}`;
}

/** Returns the text from an alternative's heading to its monthly bills. */
function unitPriceSection(text: string, position: number): string {
  const start = text.indexOf(`Alternatif ${position}:`);
  const end = text.indexOf("Aylık Faturalar", start);
  expect(start, `Alternatif ${position}`).toBeGreaterThanOrEqual(0);

  return text.slice(start, end);
}

describe("offer PDF unit prices", () => {
  let text: string;
  let results: any[];

  beforeAll(async () => {
    const lead = await createLead(db, fixture.dealerIds.b);
    const settings = await db.query(
      "select phone from public.organisation_settings",
    );
    expect(settings.rows).toHaveLength(1);
    savedPhone = settings.rows[0].phone;
    await db.query(
      "update public.organisation_settings set phone = '+902125722657'",
    );
    const consultant = await actorClient(stack, fixture, "sales_consultant");
    const created = await rpc(consultant, "create_offer", {
      p_input: {
        party_id: lead.partyId,
        valid_until: istanbulDate(30),
        consumption: {
          metering_point_ids: lead.meteringPointIds,
          months: MONTHS,
        },
        alternatives: ALTERNATIVES,
      },
    });
    const { rows } = await db.query(
      `select a.pricing_result from public.offer_alternatives a
       join public.offer_revisions r on r.id = a.offer_revision_id
       where r.offer_id = $1 order by a.position`,
      [created.offer_id],
    );
    results = rows.map((row) => row.pricing_result);
    const { token } = await signUser(
      stack.JWT_SECRET,
      fixture.userIds
        .sales_consultant as `${string}-${string}-${string}-${string}-${string}`,
    );
    const response = await fetch(`${stack.API_URL}/functions/v1/send-offer`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        apikey: stack.ANON_KEY,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ offer_id: created.offer_id, preview: true }),
    });
    expect(response.status).toBe(200);
    const file = path.join(scratch, "offer.pdf");
    writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
    text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
    }).replace(/\s+/g, " ");
  }, 240_000);

  it("shows the quoted fixed price in every time zone", () => {
    const section = unitPriceSection(text, 1);
    expect(section.match(/3,2500/g)).toHaveLength(3);
    expect(section).not.toContain("0,0000");
  });

  it("shows the regulated prices less the discount", () => {
    const section = unitPriceSection(text, 2);
    const lines = results[1].months[0].regulated_bill.lines.filter(
      (line: any) => line.kind === "energy",
    );
    for (const zone of ["T1", "T2", "T3"]) {
      const regulated = lines.find(
        (line: any) => line.time_zone_code === zone,
      ).unit_price_try_per_kwh;
      // The stored price has six decimals: 10 % off in 1/10^7 TL.
      const discounted = fourDecimals(Math.round(regulated * 1e6) * 9);
      expect(section, zone).toContain(
        `${ZONE_NAMES[zone]} ${price(regulated)} ${discounted}`,
      );
    }
  });

  it("shows the expected average of a PTF-indexed price", () => {
    const section = unitPriceSection(text, 3);
    let amount = 0;
    let kwh = 0;
    for (const month of results[2].months) {
      for (const line of month.offer_bill.lines) {
        if (line.kind === "energy") {
          amount += Number(line.amount_try);
          kwh += Number(line.quantity_kwh);
        }
      }
    }
    expect(kwh).toBe(
      MONTHS.reduce((sum, month) => sum + month.T1 + month.T2 + month.T3, 0),
    );
    expect(section).toContain("Beklenen Ortalama Birim Fiyat (TL/kWh)");
    expect(section.match(new RegExp(price(amount / kwh), "g"))).toHaveLength(3);
    expect(section).not.toContain("0,0000");
  });

  it("prints the letterhead phone in groups", () => {
    expect(text).toContain("+90 212 572 26 57");
    expect(text).not.toContain("+902125722657");
  });
});
