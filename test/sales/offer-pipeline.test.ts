// The offer pipeline totals as each seller sees them: offers are inserted
// with known figures in March 2098, far from any other offer, and the
// expected count, MWh and TL per state are summed here from the same rows.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addDecimals } from "../../shared/money.ts";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import { freshVkn } from "../domain/turkish-ids.ts";
import { actorClient } from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;
let otherConsultantId: string;
let headOfficePartyId: string;

const MONTH = "2098-03-01";
const STATES = [
  "draft",
  "awaiting_approval",
  "approved",
  "sent",
  "accepted",
  "rejected",
  "expired",
  "contracted",
];

type Owner = "consultant" | "other_consultant" | "dealer_b" | "dealer_c";

type Alternative = { annualKwh: string; grossProfitTry: string };

type OfferRow = {
  key: string;
  owner: Owner;
  state: string;
  createdAt: string;
  validUntil: string;
  // Revisions in order, the last being the offer's current revision.
  revisions: Alternative[][];
  // Position (1-based) of the alternative named by the offer's contract.
  contractedPosition?: number;
  // Position of the alternative whose figures count in the pipeline.
  countedPosition: number;
};

const OFFERS: OfferRow[] = [
  {
    key: "consultant revised",
    owner: "consultant",
    state: "sent",
    createdAt: "2098-03-01T00:30:00+03:00",
    validUntil: "2098-04-30",
    revisions: [
      [{ annualKwh: "999000", grossProfitTry: "9999.99" }],
      [
        { annualKwh: "1234567.891", grossProfitTry: "12345.67" },
        { annualKwh: "1234567.891", grossProfitTry: "20000.00" },
      ],
    ],
    countedPosition: 1,
  },
  {
    key: "consultant second",
    owner: "consultant",
    state: "sent",
    createdAt: "2098-03-20T10:00:00+03:00",
    validUntil: "2098-05-15",
    revisions: [[{ annualKwh: "500000.5", grossProfitTry: "4321.09" }]],
    countedPosition: 1,
  },
  {
    key: "consultant contracted",
    owner: "consultant",
    state: "contracted",
    createdAt: "2098-03-31T23:30:00+03:00",
    validUntil: "2098-04-30",
    revisions: [
      [
        { annualKwh: "800000", grossProfitTry: "1000.00" },
        { annualKwh: "800000.25", grossProfitTry: "3000.50" },
      ],
    ],
    contractedPosition: 2,
    countedPosition: 2,
  },
  {
    key: "other consultant",
    owner: "other_consultant",
    state: "sent",
    createdAt: "2098-03-10T10:00:00+03:00",
    validUntil: "2098-04-30",
    revisions: [[{ annualKwh: "700000", grossProfitTry: "7000.00" }]],
    countedPosition: 1,
  },
  {
    key: "dealer b",
    owner: "dealer_b",
    state: "draft",
    createdAt: "2098-03-05T10:00:00+03:00",
    validUntil: "2098-04-30",
    revisions: [[{ annualKwh: "300000", grossProfitTry: "3000.00" }]],
    countedPosition: 1,
  },
  {
    key: "dealer c",
    owner: "dealer_c",
    state: "draft",
    createdAt: "2098-03-06T10:00:00+03:00",
    validUntil: "2098-04-30",
    revisions: [[{ annualKwh: "200000", grossProfitTry: "2000.00" }]],
    countedPosition: 1,
  },
  {
    // 1 April 00:10 in Istanbul is still 31 March in UTC.
    key: "consultant april",
    owner: "consultant",
    state: "sent",
    createdAt: "2098-04-01T00:10:00+03:00",
    validUntil: "2098-05-31",
    revisions: [[{ annualKwh: "100000", grossProfitTry: "100.00" }]],
    countedPosition: 1,
  },
];

const offerIds = new Map<string, string>();

async function insertOffer(row: OfferRow): Promise<void> {
  const partyId =
    row.owner === "dealer_b"
      ? fixture.partyIds.k1
      : row.owner === "dealer_c"
        ? fixture.partyIds.k2
        : headOfficePartyId;
  const ownerStaffId =
    row.owner === "consultant"
      ? fixture.staffIds.sales_consultant
      : row.owner === "other_consultant"
        ? otherConsultantId
        : null;
  const dealerId =
    row.owner === "dealer_b"
      ? fixture.dealerIds.b
      : row.owner === "dealer_c"
        ? fixture.dealerIds.c
        : null;
  const offer = await db.query<{ id: string }>(
    `insert into public.offers (party_id, dealer_id, owner_staff_id, state,
       valid_until, current_revision_no, customer_code, created_at)
     select $1, $2, $3, $4, $5, $6, p.customer_code, $7
       from public.parties p where p.id = $1
     returning id`,
    [
      partyId,
      dealerId,
      ownerStaffId,
      row.state,
      row.validUntil,
      row.revisions.length,
      row.createdAt,
    ],
  );
  const offerId = offer.rows[0]?.id as string;
  offerIds.set(row.key, offerId);

  let contractedAlternativeId: string | null = null;
  for (const [index, alternatives] of row.revisions.entries()) {
    const revision = await db.query<{ id: string }>(
      `insert into public.offer_revisions (offer_id, revision_no, consumption)
       values ($1, $2, '{}') returning id`,
      [offerId, index + 1],
    );
    for (const [slot, alternative] of alternatives.entries()) {
      const inserted = await db.query<{ id: string }>(
        `insert into public.offer_alternatives (offer_revision_id, position,
           label, kind, parameters, pricing_result, gross_profit_try)
         values ($1, $2, $3, 'discount', '{"discount_pct": 5}',
           jsonb_build_object('annual_consumption_kwh', $4::numeric), $5)
         returning id`,
        [
          revision.rows[0]?.id,
          slot + 1,
          `Seçenek ${slot + 1}`,
          alternative.annualKwh,
          alternative.grossProfitTry,
        ],
      );
      if (
        index === row.revisions.length - 1 &&
        slot + 1 === row.contractedPosition
      ) {
        contractedAlternativeId = inserted.rows[0]?.id as string;
      }
    }
  }

  if (contractedAlternativeId) {
    await db.query(
      `insert into public.contracts (offer_id, offer_alternative_id, party_id,
         template_code, sales_strategy, start_date, end_date, price_terms,
         termination_terms, payment_term_days, contract_value_try,
         stamp_tax_rate_per_mille, stamp_tax_try)
       values ($1, $2, $3, 'indirimli-2026', 'indirimli', '2098-05-01',
         '2099-04-30', '{}', '{}', 10, 1000, 9.48, 9.48)`,
      [offerId, contractedAlternativeId, partyId],
    );
  }
}

type Totals = {
  state: string;
  offer_count: string;
  yearly_consumption_mwh: string;
  gross_profit_try: string;
};

// The totals per state worked out from OFFERS for the offers in `rows`.
function expectedTotals(rows: OfferRow[]): Totals[] {
  return STATES.map((state) => {
    const counted = rows
      .filter((row) => row.state === state)
      .map((row) => {
        const current = row.revisions[row.revisions.length - 1] ?? [];

        return current[row.countedPosition - 1] as Alternative;
      });

    return {
      state,
      offer_count: String(counted.length),
      yearly_consumption_mwh: addDecimals(
        "0",
        ...counted.map((alternative) => kwhToMwh(alternative.annualKwh)),
      ),
      gross_profit_try: addDecimals(
        "0",
        ...counted.map((alternative) => alternative.grossProfitTry),
      ),
    };
  });
}

// Converts kWh text to MWh text exactly, by moving the decimal point.
function kwhToMwh(kwh: string): string {
  const [whole = "0", fraction = ""] = kwh.split(".");
  const digits = whole.padStart(4, "0") + fraction;
  const point = digits.length - fraction.length - 3;

  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

// Numeric text compared by value, so 1735.0683910 equals 1735.068391.
function normalise(value: string): string {
  const trimmed = value.includes(".")
    ? value.replace(/0+$/, "").replace(/\.$/, "")
    : value;

  return trimmed.replace(/^0+(?=\d)/, "");
}

// Calls offer_pipeline as `userId` through the API role, with row level
// security, and returns each figure as Postgres prints it.
async function pipelineAs(
  userId: string,
  args: (string | null)[] = [MONTH, null, null, null],
): Promise<Totals[]> {
  const client = await connect(stack.AUTHENTICATOR_DB_URL);
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: userId, role: "authenticated" }),
    ]);
    await client.query("set local role authenticated");
    const result = await client.query<Totals>(
      `select state, offer_count::text, yearly_consumption_mwh::text,
              gross_profit_try::text
         from public.offer_pipeline($1, $2, $3, $4)`,
      args,
    );
    await client.query("rollback");

    return result.rows.map((row) => ({
      ...row,
      yearly_consumption_mwh: normalise(row.yearly_consumption_mwh),
      gross_profit_try: normalise(row.gross_profit_try),
    }));
  } finally {
    await client.end();
  }
}

function normalised(totals: Totals[]): Totals[] {
  return totals.map((row) => ({
    ...row,
    yearly_consumption_mwh: normalise(row.yearly_consumption_mwh),
    gross_profit_try: normalise(row.gross_profit_try),
  }));
}

const inMarch = (row: OfferRow) => row.createdAt < "2098-04-01T00:00:00+03:00";

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  otherConsultantId = randomUUID();
  await db.query(
    `insert into public.staff (id, role, full_name, email)
     values ($1, 'sales_consultant', $2, $3)`,
    [
      otherConsultantId,
      `Boru hattı danışman ${fixture.suffix}`,
      `pipeline.${fixture.suffix}@staff.test`,
    ],
  );
  headOfficePartyId = randomUUID();
  await db.query(
    `insert into public.parties (id, kind, vkn, name, owner_staff_id)
     values ($1, 'company', $2, $3, $4)`,
    [
      headOfficePartyId,
      freshVkn(),
      `Boru hattı müşteri ${fixture.suffix}`,
      fixture.staffIds.sales_consultant,
    ],
  );
  for (const row of OFFERS) {
    await insertOffer(row);
  }
});

afterAll(async () => {
  await db?.query("delete from public.offers where id = any($1::uuid[])", [
    [...offerIds.values()],
  ]);
  await db?.end();
});

describe("offer_pipeline", () => {
  it("totals a consultant's visible offers", async () => {
    const visible = OFFERS.filter(
      (row) =>
        inMarch(row) &&
        (row.owner === "consultant" || row.owner === "dealer_b"),
    );
    const totals = await pipelineAs(fixture.userIds.sales_consultant);

    expect(totals).toEqual(normalised(expectedTotals(visible)));
    const sent = totals.find((row) => row.state === "sent");
    expect(sent?.offer_count).toBe("2");
    expect(sent?.yearly_consumption_mwh).toBe("1734.568391");
    expect(sent?.gross_profit_try).toBe("16666.76");
  });

  it("totals every offer for a manager", async () => {
    const totals = await pipelineAs(fixture.userIds.manager);

    expect(totals).toEqual(normalised(expectedTotals(OFFERS.filter(inMarch))));
  });

  it("totals only a dealer's tree for a dealer user", async () => {
    const visible = OFFERS.filter((row) => row.owner === "dealer_b");
    const totals = await pipelineAs(fixture.userIds.dealer_below);

    expect(totals).toEqual(normalised(expectedTotals(visible)));
  });

  it("counts the contract's chosen alternative", async () => {
    const totals = await pipelineAs(fixture.userIds.manager);
    const contracted = totals.find((row) => row.state === "contracted");

    expect(contracted?.yearly_consumption_mwh).toBe("800.00025");
    expect(contracted?.gross_profit_try).toBe("3000.5");
  });

  it("filters by owner consultant", async () => {
    const totals = await pipelineAs(fixture.userIds.manager, [
      MONTH,
      null,
      otherConsultantId,
      null,
    ]);
    const visible = OFFERS.filter(
      (row) => inMarch(row) && row.owner === "other_consultant",
    );

    expect(totals).toEqual(normalised(expectedTotals(visible)));
  });

  it("filters by owner dealer", async () => {
    const totals = await pipelineAs(fixture.userIds.manager, [
      MONTH,
      null,
      null,
      fixture.dealerIds.c,
    ]);
    const visible = OFFERS.filter(
      (row) => inMarch(row) && row.owner === "dealer_c",
    );

    expect(totals).toEqual(normalised(expectedTotals(visible)));
  });

  it("filters by the month of valid_until", async () => {
    const totals = await pipelineAs(fixture.userIds.manager, [
      null,
      "2098-05-20",
      null,
      null,
    ]);
    const visible = OFFERS.filter((row) =>
      row.validUntil.startsWith("2098-05"),
    );

    expect(totals).toEqual(normalised(expectedTotals(visible)));
  });

  it("takes April's first Istanbul hour as April", async () => {
    const totals = await pipelineAs(fixture.userIds.manager, [
      "2098-04-15",
      null,
      null,
      null,
    ]);
    const sent = totals.find((row) => row.state === "sent");

    expect(sent?.offer_count).toBe("1");
    expect(sent?.gross_profit_try).toBe("100");
  });

  it("lists pipeline offers through the API", async () => {
    const client = await actorClient(stack, fixture, "sales_consultant");
    const response = await client
      .rpc("offer_pipeline_offers", {})
      .select("id, state, alternative_basis, gross_profit_try")
      .in("id", [...offerIds.values()])
      .order("created_at");
    const error = response.error;
    const data = response.data as
      | { id: string; alternative_basis: string; gross_profit_try: number }[]
      | null;

    expect(error).toBeNull();
    const keys = (data ?? []).map(
      (entry) => [...offerIds.entries()].find(([, id]) => id === entry.id)?.[0],
    );
    expect(keys).toEqual([
      "consultant revised",
      "dealer b",
      "consultant second",
      "consultant contracted",
      "consultant april",
    ]);
    const contracted = (data ?? []).find(
      (entry) => entry.id === offerIds.get("consultant contracted"),
    );
    expect(contracted?.alternative_basis).toBe("chosen");
    expect(contracted?.gross_profit_try).toBe(3000.5);
  });

  it("rejects the totals for anonymous callers", async () => {
    const client = await connect(stack.AUTHENTICATOR_DB_URL);
    try {
      await client.query("begin");
      await client.query("set local role anon");
      await expect(
        client.query("select * from public.offer_pipeline()"),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await client.query("rollback");
      await client.end();
    }
  });
});
