// Consumption input of create_offer and price_offer over the REST API.
// Months with unknown, missing or conflicting keys, figures that are not
// non-negative numbers, months that are not YYYY-MM, an offer of 0 kWh and
// months without prices get 400 with a message in the calling RPC's own
// keys. Every valid shape still prices to its kWh total.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import {
  actorClient,
  type Client,
  createLead,
  istanbulDate,
  type Lead,
  TARIFF,
} from "./helpers.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;
let consultant: Client;
let lead: Lead;

const DISCOUNT = { kind: "discount", discount_pct: 5 };

const ALTERNATIVES = [
  { label: "İndirim", kind: "discount", parameters: DISCOUNT },
];

const SINGLE_TIME = { ...TARIFF, tariff_type: "single_time" };

// The accepted keys each RPC lists, by tariff type.
const PRICE_OFFER_THREE_TIME =
  "(accepted keys for a three-time tariff: month, t1_kwh, t2_kwh and t3_kwh)";
const PRICE_OFFER_SINGLE_TIME =
  "(accepted keys for a single-time tariff: month with kwh, or month with t1_kwh, t2_kwh and t3_kwh)";
const CREATE_OFFER_THREE_TIME =
  "(accepted keys for a three-time tariff: month, T1, T2 and T3)";
const CREATE_OFFER_SINGLE_TIME =
  "(accepted keys for a single-time tariff: month with kwh, or month with T1, T2 and T3)";

type Outcome = {
  status: number;
  data: any;
  code: string | undefined;
  message: string | undefined;
  hint: string | undefined;
};

async function call(
  name: string,
  input: Record<string, unknown>,
): Promise<Outcome> {
  const { data, error, status } = await consultant.rpc(name, {
    p_input: input,
  });

  return {
    status,
    data,
    code: error?.code,
    message: error?.message,
    hint: error?.hint,
  };
}

function priceOffer(
  monthly: unknown,
  tariff: Record<string, string> = TARIFF,
): Promise<Outcome> {
  return call("price_offer", {
    ...tariff,
    consumption: { monthly },
    offer: DISCOUNT,
  });
}

// create_offer on the lead's two three-time metering points.
function createOffer(months: unknown): Promise<Outcome> {
  return call("create_offer", {
    party_id: lead.partyId,
    valid_until: istanbulDate(30),
    consumption: { metering_point_ids: lead.meteringPointIds, months },
    alternatives: ALTERNATIVES,
  });
}

// create_offer on an estimate with a single-time tariff.
function createSingleTimeOffer(months: unknown): Promise<Outcome> {
  return call("create_offer", {
    party_id: lead.partyId,
    valid_until: istanbulDate(30),
    consumption: { ...SINGLE_TIME, months },
    alternatives: ALTERNATIVES,
  });
}

async function offerCount(): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    "select count(*)::integer as count from public.offers where party_id = $1",
    [lead.partyId],
  );

  return rows[0]?.count ?? -1;
}

async function savedKwh(offerId: string): Promise<number> {
  const { rows } = await db.query<{ kwh: string }>(
    `select a.consumption_kwh::text as kwh
     from public.offer_alternatives a
     join public.offer_revisions r on r.id = a.offer_revision_id
     where r.offer_id = $1`,
    [offerId],
  );

  return Number(rows[0]?.kwh);
}

function expectRejected(outcome: Outcome, message: string): void {
  expect(outcome.status).toBe(400);
  expect(outcome.code).toBe("22023");
  expect(outcome.message).toBe(message);
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  consultant = await actorClient(stack, fixture, "sales_consultant");
  lead = await createLead(db, fixture.dealerIds.b);
});

afterAll(async () => {
  await db?.end();
});

describe("price_offer month keys", () => {
  it("rejects a month without consumption", async () => {
    const outcome = await priceOffer([{ month: "2027-01" }]);

    expectRejected(
      outcome,
      `Missing consumption in month 2027-01 of consumption.monthly ${PRICE_OFFER_THREE_TIME}`,
    );
    expect(outcome.hint).toBe(
      'Give each month as {"month": "2027-01", "t1_kwh": 100, "t2_kwh": 50, "t3_kwh": 80}, in kWh.',
    );
  });

  it("rejects kwh beside a zone", async () => {
    const outcome = await priceOffer([
      { month: "2027-01", kwh: 20000, t1_kwh: 1 },
    ]);

    expectRejected(
      outcome,
      `Conflicting keys kwh and t1_kwh in month 2027-01 of consumption.monthly ${PRICE_OFFER_THREE_TIME}`,
    );
  });

  it("rejects kwh beside zones on single-time", async () => {
    const outcome = await priceOffer(
      [{ month: "2027-02", kwh: 20000, t1_kwh: 1, t3_kwh: 2 }],
      SINGLE_TIME,
    );

    expectRejected(
      outcome,
      `Conflicting keys kwh and t1_kwh, t3_kwh in month 2027-02 of consumption.monthly ${PRICE_OFFER_SINGLE_TIME}`,
    );
    expect(outcome.hint).toBe(
      'Give each month as {"month": "2027-01", "kwh": 230} or {"month": "2027-01", "t1_kwh": 100, "t2_kwh": 50, "t3_kwh": 80}, in kWh.',
    );
  });

  it("rejects create_offer's keys", async () => {
    const outcome = await priceOffer([
      { month: "2027-01", T1: 20000, T2: 8000, T3: 12000 },
    ]);

    expectRejected(
      outcome,
      `Unknown keys T1, T2, T3 in month 2027-01 of consumption.monthly ${PRICE_OFFER_THREE_TIME}`,
    );
    expect(outcome.hint).not.toContain('"T1"');
  });

  it("rejects a missing zone", async () => {
    const outcome = await priceOffer([
      { month: "2027-01", t1_kwh: 20000, t2_kwh: 8000, t3_kwh: 12000 },
      { month: "2027-02", t1_kwh: 18000, t2_kwh: 7500 },
    ]);

    expectRejected(
      outcome,
      `Missing t3_kwh in month 2027-02 of consumption.monthly ${PRICE_OFFER_THREE_TIME}`,
    );
  });

  it("rejects two missing zones on single-time", async () => {
    const outcome = await priceOffer(
      [{ month: "2027-03", t2_kwh: 7500 }],
      SINGLE_TIME,
    );

    expectRejected(
      outcome,
      `Missing t1_kwh and t3_kwh in month 2027-03 of consumption.monthly ${PRICE_OFFER_SINGLE_TIME}`,
    );
  });

  it("rejects a month total on three-time", async () => {
    const outcome = await priceOffer([{ month: "2027-01", kwh: 40000 }]);

    expectRejected(
      outcome,
      "Month 2027-01 of consumption.monthly gives kwh, but a three-time tariff is priced on t1_kwh, t2_kwh and t3_kwh",
    );
  });

  it("rejects a single-time month without consumption", async () => {
    const outcome = await priceOffer([{ month: "2027-01" }], SINGLE_TIME);

    expectRejected(
      outcome,
      `Missing consumption in month 2027-01 of consumption.monthly ${PRICE_OFFER_SINGLE_TIME}`,
    );
  });
});

describe("price_offer figures and months", () => {
  it.each([
    [{ t1_kwh: 20000, t2_kwh: -5, t3_kwh: 1 }, "t2_kwh", "-5 is negative"],
    [
      { t1_kwh: "abc", t2_kwh: 1, t3_kwh: 1 },
      "t1_kwh",
      '"abc" is not a number',
    ],
    [
      { t1_kwh: "100", t2_kwh: 1, t3_kwh: 1 },
      "t1_kwh",
      '"100" is not a number',
    ],
    [{ t1_kwh: 1, t2_kwh: 1, t3_kwh: null }, "t3_kwh", "null is not a number"],
    [
      { t1_kwh: 1, t2_kwh: 2e12, t3_kwh: 1 },
      "t2_kwh",
      "2000000000000 is above the maximum of 1000000000000 kWh a month",
    ],
  ])("rejects %j naming %s", async (figures, key, problem) => {
    const outcome = await priceOffer([{ month: "2027-01", ...figures }]);

    expectRejected(
      outcome,
      `Invalid ${key} in month 2027-01 of consumption.monthly: ${problem}`,
    );
  });

  it("rejects a negative single-time kwh", async () => {
    const outcome = await priceOffer(
      [{ month: "2027-01", kwh: -1 }],
      SINGLE_TIME,
    );

    expectRejected(
      outcome,
      "Invalid kwh in month 2027-01 of consumption.monthly: -1 is negative",
    );
  });

  it.each([
    ["2027-13", '"2027-13"'],
    ["2027-1", '"2027-1"'],
    ["2027-01-15", '"2027-01-15"'],
    ["0000-01", '"0000-01"'],
    [202701, "202701"],
    [null, "null"],
  ])("rejects month %j", async (month, shown) => {
    const outcome = await priceOffer([
      { month: "2027-01", t1_kwh: 1, t2_kwh: 1, t3_kwh: 1 },
      { month, t1_kwh: 1, t2_kwh: 1, t3_kwh: 1 },
    ]);

    expectRejected(
      outcome,
      `Invalid month ${shown} in item 2 of consumption.monthly: use YYYY-MM`,
    );
  });

  it("rejects an item without month", async () => {
    const outcome = await priceOffer([{ t1_kwh: 1, t2_kwh: 1, t3_kwh: 1 }]);

    expectRejected(outcome, "Missing month in item 1 of consumption.monthly");
  });

  it("rejects an item that is no object", async () => {
    const outcome = await priceOffer(["2027-01"]);

    expectRejected(
      outcome,
      'Item 1 of consumption.monthly is not a month object: "2027-01"',
    );
  });

  it("rejects a month given twice", async () => {
    const month = { month: "2027-01", t1_kwh: 1, t2_kwh: 1, t3_kwh: 1 };
    const outcome = await priceOffer([month, month]);

    expectRejected(
      outcome,
      "Month 2027-01 is given twice in consumption.monthly",
    );
  });
});

describe("create_offer month keys", () => {
  it("rejects a month without consumption", async () => {
    const before = await offerCount();
    const outcome = await createOffer([
      { month: "2027-01", T1: 20000, T2: 8000, T3: 12000 },
      { month: "2027-02" },
    ]);

    expectRejected(
      outcome,
      `Missing consumption in month 2027-02 of consumption.months ${CREATE_OFFER_THREE_TIME}`,
    );
    expect(outcome.hint).toBe(
      'Give each month as {"month": "2027-01", "T1": 100, "T2": 50, "T3": 80}, in kWh.',
    );
    expect(await offerCount()).toBe(before);
  });

  it("rejects kwh beside T1", async () => {
    const outcome = await createOffer([
      { month: "2027-01", kwh: 20000, T1: 1 },
    ]);

    expectRejected(
      outcome,
      `Conflicting keys kwh and T1 in month 2027-01 of consumption.months ${CREATE_OFFER_THREE_TIME}`,
    );
  });

  it("rejects price_offer's keys", async () => {
    const outcome = await createOffer([
      { month: "2027-01", t1_kwh: 20000, t2_kwh: 8000, t3_kwh: 12000 },
    ]);

    expectRejected(
      outcome,
      `Unknown keys t1_kwh, t2_kwh, t3_kwh in month 2027-01 of consumption.months ${CREATE_OFFER_THREE_TIME}`,
    );
    expect(outcome.hint).not.toContain("t1_kwh");
  });

  it("rejects a month total on three-time", async () => {
    const outcome = await createOffer([{ month: "2027-01", kwh: 40000 }]);

    expectRejected(
      outcome,
      "Month 2027-01 of consumption.months gives kwh, but a three-time tariff is priced on T1, T2 and T3",
    );
  });

  it("rejects a missing zone on single-time", async () => {
    const outcome = await createSingleTimeOffer([
      { month: "2027-01", T1: 20000, T3: 12000 },
    ]);

    expectRejected(
      outcome,
      `Missing T2 in month 2027-01 of consumption.months ${CREATE_OFFER_SINGLE_TIME}`,
    );
    expect(outcome.hint).toBe(
      'Give each month as {"month": "2027-01", "kwh": 230} or {"month": "2027-01", "T1": 100, "T2": 50, "T3": 80}, in kWh.',
    );
  });

  it.each([
    [{ T1: -3, T2: 1, T3: 1 }, "T1", "-3 is negative"],
    [{ T1: 1, T2: "abc", T3: 1 }, "T2", '"abc" is not a number'],
  ])("rejects %j naming %s", async (figures, key, problem) => {
    const outcome = await createOffer([{ month: "2027-01", ...figures }]);

    expectRejected(
      outcome,
      `Invalid ${key} in month 2027-01 of consumption.months: ${problem}`,
    );
  });

  it("rejects a month that is not YYYY-MM", async () => {
    const outcome = await createOffer([
      { month: "01.2027", T1: 1, T2: 1, T3: 1 },
    ]);

    expectRejected(
      outcome,
      'Invalid month "01.2027" in item 1 of consumption.months: use YYYY-MM',
    );
  });
});

describe("zero consumption", () => {
  const zeroMonths = [
    { month: "2027-01", t1_kwh: 0, t2_kwh: 0, t3_kwh: 0 },
    { month: "2027-02", t1_kwh: 0, t2_kwh: 0, t3_kwh: 0 },
  ];

  it("rejects price_offer of 0 kWh", async () => {
    const outcome = await priceOffer(zeroMonths);

    expectRejected(
      outcome,
      "Total consumption in consumption.monthly is 0 kWh: an offer needs consumption to be priced",
    );
  });

  it("rejects check_offer_rules of 0 kWh", async () => {
    const outcome = await call("check_offer_rules", {
      ...TARIFF,
      consumption: { monthly: zeroMonths },
      offer: DISCOUNT,
    });

    expectRejected(
      outcome,
      "Total consumption in consumption.monthly is 0 kWh: an offer needs consumption to be priced",
    );
  });

  it("rejects hourly consumption of 0 kWh", async () => {
    const outcome = await call("price_offer", {
      ...SINGLE_TIME,
      consumption: {
        hourly: { start: "2027-01-01T00:00:00+03:00", kwh: [0, 0, 0] },
      },
      offer: DISCOUNT,
    });

    expectRejected(
      outcome,
      "Total consumption in consumption.hourly is 0 kWh: an offer needs consumption to be priced",
    );
  });

  it("leaves bad hourly figures to their own error", async () => {
    const outcome = await call("price_offer", {
      ...SINGLE_TIME,
      consumption: {
        hourly: { start: "2020-01-01T00:00:00+03:00", kwh: [0, "x", 0] },
      },
      offer: DISCOUNT,
    });

    expectRejected(outcome, "consumption.hourly.kwh must hold numbers only");
  });

  it("rejects create_offer of 0 kWh", async () => {
    const before = await offerCount();
    const outcome = await createSingleTimeOffer([
      { month: "2027-01", kwh: 0 },
      { month: "2027-02", T1: 0, T2: 0, T3: 0 },
    ]);

    expectRejected(
      outcome,
      "Total consumption in consumption.months is 0 kWh: an offer needs consumption to be priced",
    );
    expect(await offerCount()).toBe(before);
  });

  it("prices a zero month beside others", async () => {
    const outcome = await priceOffer([
      { month: "2027-01", t1_kwh: 0, t2_kwh: 0, t3_kwh: 0 },
      { month: "2027-02", t1_kwh: 100, t2_kwh: 0, t3_kwh: 0 },
    ]);

    expect(outcome.status).toBe(200);
    expect(Number(outcome.data.totals.consumption_kwh)).toBe(100);
  });
});

describe("months without prices", () => {
  it("has neither PTF nor expectation for 2020", async () => {
    const { rows } = await db.query<{ ptf: number; forward: number }>(
      `select
         (select count(*)::integer from public.ptf_hourly_prices
          where hour_start >= '2020-01-01T00:00:00+03:00'
            and hour_start < '2020-03-01T00:00:00+03:00') as ptf,
         (select count(*)::integer from public.forward_price_expectations
          where period_month in ('2020-01-01', '2020-02-01')) as forward`,
    );

    expect(rows[0]).toEqual({ ptf: 0, forward: 0 });
  });

  const expected =
    "No published PTF and no forward price expectation for 2020-01, 2020-02: choose months with published PTF, or have an admin or manager enter a forward price expectation for them";

  it("names every unpriced month of price_offer", async () => {
    const outcome = await priceOffer([
      { month: "2027-01", t1_kwh: 1, t2_kwh: 1, t3_kwh: 1 },
      { month: "2020-02", t1_kwh: 1, t2_kwh: 1, t3_kwh: 1 },
      { month: "2020-01", t1_kwh: 1, t2_kwh: 1, t3_kwh: 1 },
    ]);

    expectRejected(outcome, expected);
    expect(outcome.hint).toContain("Forward price expectations");
  });

  it("names the unpriced months of create_offer", async () => {
    const outcome = await createOffer([
      { month: "2020-01", T1: 1, T2: 1, T3: 1 },
      { month: "2020-02", T1: 1, T2: 1, T3: 1 },
    ]);

    expectRejected(outcome, expected);
  });

  it("names the unpriced month of hourly input", async () => {
    const outcome = await call("price_offer", {
      ...SINGLE_TIME,
      consumption: {
        hourly: { start: "2020-01-31T22:00:00+03:00", kwh: [1, 2, 3, 4] },
      },
      offer: DISCOUNT,
    });

    expectRejected(outcome, expected);
  });
});

describe("valid shapes", () => {
  it("prices three-time zones on their sum", async () => {
    const outcome = await priceOffer([
      { month: "2027-01", t1_kwh: 20000, t2_kwh: 8000, t3_kwh: 12000.5 },
      { month: "2027-02", t1_kwh: 18000, t2_kwh: 7500, t3_kwh: 11000 },
    ]);

    expect(outcome.status).toBe(200);
    expect(Number(outcome.data.totals.consumption_kwh)).toBe(76500.5);
  });

  it("prices single-time totals and zones", async () => {
    const outcome = await priceOffer(
      [
        { month: "2027-01", kwh: 40000 },
        { month: "2027-02", t1_kwh: 18000, t2_kwh: 7500, t3_kwh: 11000 },
      ],
      SINGLE_TIME,
    );

    expect(outcome.status).toBe(200);
    expect(Number(outcome.data.totals.consumption_kwh)).toBe(40000 + 36500);
  });

  it("prices hourly consumption", async () => {
    const outcome = await call("price_offer", {
      ...SINGLE_TIME,
      consumption: {
        hourly: { start: "2027-01-01T00:00:00+03:00", kwh: [1.5, 0, 2, 4] },
      },
      offer: DISCOUNT,
    });

    expect(outcome.status).toBe(200);
    expect(Number(outcome.data.totals.consumption_kwh)).toBe(7.5);
  });

  it("saves a three-time offer from T1, T2, T3", async () => {
    const outcome = await createOffer([
      { month: "2027-01", T1: 20000, T2: 8000, T3: 12000 },
      { month: "2027-02", T1: 18000, T2: 7500, T3: 11000 },
    ]);

    expect(outcome.status).toBe(200);
    expect(await savedKwh(outcome.data.offer_id)).toBe(40000 + 36500);
  });

  it("saves a single-time offer from kwh and zones", async () => {
    const outcome = await createSingleTimeOffer([
      { month: "2027-01", kwh: 40000 },
      { month: "2027-02", T1: 18000, T2: 7500, T3: 11000 },
    ]);

    expect(outcome.status).toBe(200);
    expect(await savedKwh(outcome.data.offer_id)).toBe(40000 + 36500);
  });
});
