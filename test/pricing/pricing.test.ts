// Twelve months of 2025 three-time consumption of a commercial (ticarethane)
// low-voltage meter in Kayseri, priced by the database and recomputed here
// from the definitions with the real 2025 PTF and SMF files.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { type Decimal, dec, sum } from "./decimal.ts";
import {
  bill,
  type Hour,
  monthHours,
  readSeries,
  spreadFlat,
  type Zone,
} from "./reference.ts";

const stack = inject("stack");
let db: pg.Client;

const ZONES: Zone[] = ["T1", "T2", "T3"];
const TARIFF = {
  distribution_region_code: "kayseri",
  subscriber_group_code: "ticarethane",
  voltage_level_code: "AG",
  term_type: "single_term",
  tariff_type: "three_time",
};

// Readings with 3 and 1 decimals so that hourly shares need rounding.
const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const m = i + 1;

  return {
    month: `2025-${String(m).padStart(2, "0")}`,
    T1: dec(`${10000 + 250 * m}.125`),
    T2: dec(`${4000 + 40 * m}.5`),
    T3: dec(`${6000 + 75 * m}.75`),
  };
});

const consumption = {
  monthly: MONTHS.map((m) => ({
    month: m.month,
    t1_kwh: Number(m.T1.toFixed(3)),
    t2_kwh: Number(m.T2.toFixed(1)),
    t3_kwh: Number(m.T3.toFixed(2)),
  })),
};

type MonthFacts = {
  month: string;
  hours: Array<Hour & { kwh: Decimal }>;
  zoneKwh: Record<Zone, Decimal>;
  energyRate: Record<Zone, Decimal>;
  distributionRate: Decimal;
  yekdem: Decimal;
};

let facts: MonthFacts[];
const ptf = readSeries("ptf-hourly-2025.csv", "ptf_try_per_mwh");
const smf = readSeries("smf-hourly-2025.csv", "smf_try_per_mwh");

async function rpc(name: string, input: unknown): Promise<any> {
  const { rows } = await db.query(
    `select public.${name}($1::jsonb) as result`,
    [JSON.stringify(input)],
  );

  return rows[0].result;
}

// The rate of a tariff key in force at the start of a month; the test
// checks below that no 2025 rate of this key starts mid-month.
async function rate(
  component: string,
  zone: Zone | null,
  month: string,
): Promise<Decimal> {
  const { rows } = await db.query(
    `select rate_try_per_kwh::text as rate from public.regulated_tariff_rates
     where component = $1 and subscriber_group_code = 'ticarethane'
       and voltage_level_code = 'AG' and term_type = 'single_term'
       and tariff_type is not distinct from $2
       and time_zone_code is not distinct from $3
       and valid_from <= ($4 || '-01')::date
     order by valid_from desc limit 1`,
    [component, zone ? "three_time" : null, zone, month],
  );

  return dec(rows[0].rate);
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  facts = [];
  for (const m of MONTHS) {
    const hours = monthHours(m.month);
    const spread: Array<Hour & { kwh: Decimal }> = [];
    for (const zone of ZONES) {
      const zoneHours = hours.filter((h) => h.zone === zone);
      const kwh = spreadFlat(m[zone], zoneHours.length);
      zoneHours.forEach((h, i) =>
        spread.push({ ...h, kwh: kwh[i] as Decimal }),
      );
    }
    spread.sort((a, b) => a.start.getTime() - b.start.getTime());
    const { rows } = await db.query(
      `select unit_cost_try_per_mwh::text as cost from public.yekdem_unit_costs
       where period_month = ($1 || '-01')::date`,
      [m.month],
    );
    facts.push({
      month: m.month,
      hours: spread,
      zoneKwh: { T1: m.T1, T2: m.T2, T3: m.T3 },
      energyRate: {
        T1: await rate("energy", "T1", m.month),
        T2: await rate("energy", "T2", m.month),
        T3: await rate("energy", "T3", m.month),
      },
      distributionRate: await rate("distribution", null, m.month),
      yekdem: dec(rows[0].cost),
    });
  }
});

afterAll(async () => {
  await db.end();
});

// Expected regulated bill: one energy line per zone (kWh x zone rate), one
// distribution line (kWh x rate); BTV 5 % and KDV 20 % from tax_rates.
function regulatedBill(f: MonthFacts, discountPct = dec(0n)) {
  const keep = dec(100n).minus(discountPct).dividedBy(dec(100n), 20);
  const total = sum(ZONES.map((z) => f.zoneKwh[z]));

  return bill(
    [
      ...ZONES.map((z) => ({
        amount: f.zoneKwh[z].times(f.energyRate[z]).times(keep),
        energy: true,
      })),
      { amount: total.times(f.distributionRate), energy: false },
    ],
    dec(5n),
    dec(20n),
  );
}

// Expected supply cost: sum of kWh x PTF / 1000, kWh x YEKDEM / 1000 and the
// imbalance allowance kWh x 10 % / 2 x |SMF - PTF| / 1000, each rounded.
function supplyCost(f: MonthFacts) {
  const thousand = dec(1000n);
  const energy = sum(
    f.hours.map((h) => h.kwh.times(ptf.get(h.start.getTime()) as Decimal)),
  ).dividedBy(thousand, 2);
  const kwh = sum(f.hours.map((h) => h.kwh));
  const yekdem = kwh.times(f.yekdem).dividedBy(thousand, 2);
  const spread = sum(
    f.hours.map((h) => {
      const p = ptf.get(h.start.getTime()) as Decimal;
      const s = smf.get(h.start.getTime()) as Decimal;

      return h.kwh.times(s.minus(p).abs());
    }),
  );
  const imbalance = spread.times(dec(10n)).dividedBy(dec(200_000n), 2);

  return {
    energy,
    yekdem,
    imbalance,
    total: energy.plus(yekdem).plus(imbalance),
  };
}

describe("three-time consumption to hourly", () => {
  it("matches the independent spread hour by hour", async () => {
    const { rows } = await db.query(
      `select row_key, hour_start, time_zone_code, consumption_kwh::text as kwh, shape_source
       from public.convert_consumption_to_hourly($1::jsonb)`,
      [
        JSON.stringify({
          rows: MONTHS.map((m, i) => ({
            key: m.month,
            ...TARIFF,
            month: m.month,
            ...(consumption.monthly[i] as object),
          })),
        }),
      ],
    );
    const expected = facts.flatMap((f) =>
      f.hours.map((h) => ({
        row_key: f.month,
        hour_start: h.start,
        time_zone_code: h.zone,
        kwh: h.kwh.toFixed(6),
        // No 2025 coefficients exist for Kayseri commercial meters.
        shape_source: "flat_within_zone",
      })),
    );
    expect(rows.length).toBe(8760);
    expect(rows).toEqual(expected);
  });

  it("sums back to every zone reading exactly", async () => {
    for (const f of facts) {
      for (const zone of ZONES) {
        const total = sum(
          f.hours.filter((h) => h.zone === zone).map((h) => h.kwh),
        );
        expect(total.toFixed(6)).toBe(f.zoneKwh[zone].toFixed(6));
      }
    }
  });
});

describe("regulated bill of 2025", () => {
  it("has no rate of the tariff starting mid-month", async () => {
    const { rows } = await db.query(
      `select valid_from from public.regulated_tariff_rates
       where subscriber_group_code = 'ticarethane' and voltage_level_code = 'AG'
         and term_type = 'single_term' and extract(day from valid_from) <> 1
         and valid_from between '2025-01-01' and '2025-12-31'`,
    );
    expect(rows).toEqual([]);
  });

  it("matches lines, taxes and totals of every month", async () => {
    const result = await rpc("regulated_bill", { ...TARIFF, consumption });
    expect(result.regulated_basis).toBe("regulated_tariff");
    expect(result.months).toHaveLength(12);
    for (const [i, f] of facts.entries()) {
      const expected = regulatedBill(f);
      const actual = result.months[i].bill;
      expect(
        actual.lines.map((l: { amount_try: number }) => l.amount_try),
      ).toEqual(expected.lines.map((amount) => Number(amount.toFixed(2))));
      expect(actual.btv_try).toBe(Number(expected.btv.toFixed(2)));
      expect(actual.kdv_try).toBe(Number(expected.kdv.toFixed(2)));
      expect(actual.total_try).toBe(Number(expected.total.toFixed(2)));
    }
  });
});

describe("offers on 2025 prices", () => {
  it("prices a discount offer month by month", async () => {
    const discount = dec("7.5");
    const result = await rpc("price_offer", {
      ...TARIFF,
      consumption,
      offer: { kind: "discount", discount_pct: 7.5 },
    });
    for (const [i, f] of facts.entries()) {
      const month = result.months[i];
      const regulated = regulatedBill(f);
      const offer = regulatedBill(f, discount);
      const cost = supplyCost(f);
      const regulatedEnergy = sum(
        ZONES.map((z) => f.zoneKwh[z].times(f.energyRate[z])),
      );
      expect(month.supply_cost.price_basis).toBe("historical");
      expect(month.offer_bill.total_try).toBe(Number(offer.total.toFixed(2)));
      expect(month.savings_try).toBe(
        Number(regulated.total.minus(offer.total).toFixed(2)),
      );
      expect(month.supply_cost.energy_try).toBe(Number(cost.energy.toFixed(2)));
      expect(month.supply_cost.yekdem_try).toBe(Number(cost.yekdem.toFixed(2)));
      expect(month.supply_cost.imbalance_try).toBe(
        Number(cost.imbalance.toFixed(2)),
      );
      expect(month.gross_profit_try).toBe(
        Number(offer.energy.minus(cost.total).toFixed(2)),
      );
      // Break-even: 1 - cost / regulated energy charge, in percent.
      expect(month.break_even_discount_pct).toBe(
        Number(
          dec(1n)
            .minus(cost.total.dividedBy(regulatedEnergy, 30))
            .times(dec(100n))
            .toFixed(10),
        ),
      );
    }
  });

  it("prices a fixed unit price", async () => {
    const price = dec("3.25");
    const result = await rpc("price_offer", {
      ...TARIFF,
      consumption,
      offer: { kind: "fixed_price", unit_price_try_per_kwh: 3.25 },
    });
    for (const [i, f] of facts.entries()) {
      const kwh = sum(ZONES.map((z) => f.zoneKwh[z]));
      const expected = bill(
        [
          { amount: kwh.times(price), energy: true },
          { amount: kwh.times(f.distributionRate), energy: false },
        ],
        dec(5n),
        dec(20n),
      );
      const month = result.months[i];
      expect(month.offer_bill.total_try).toBe(
        Number(expected.total.toFixed(2)),
      );
      expect(month.revenue_try).toBe(Number(expected.energy.toFixed(2)));
      expect(month.gross_profit_try).toBe(
        Number(expected.energy.minus(supplyCost(f).total).toFixed(2)),
      );
    }
  });

  it("prices PTF + YEKDEM + margin on the hourly profile", async () => {
    const margin = dec(175n);
    const result = await rpc("price_offer", {
      ...TARIFF,
      consumption,
      offer: { kind: "ptf_indexed", margin_try_per_mwh: 175 },
    });
    for (const [i, f] of facts.entries()) {
      const energy = sum(
        f.hours.map((h) =>
          h.kwh.times(
            (ptf.get(h.start.getTime()) as Decimal).plus(f.yekdem).plus(margin),
          ),
        ),
      ).dividedBy(dec(1000n), 10);
      const kwh = sum(ZONES.map((z) => f.zoneKwh[z]));
      const expected = bill(
        [
          { amount: energy, energy: true },
          { amount: kwh.times(f.distributionRate), energy: false },
        ],
        dec(5n),
        dec(20n),
      );
      expect(result.months[i].offer_bill.total_try).toBe(
        Number(expected.total.toFixed(2)),
      );
    }
  });

  it("prices (PTF + YEKDEM) x coefficient", async () => {
    const result = await rpc("price_offer", {
      ...TARIFF,
      consumption: { monthly: consumption.monthly.slice(0, 1) },
      offer: { kind: "ptf_indexed", coefficient: 1.06 },
    });
    const f = facts[0] as MonthFacts;
    const energy = sum(
      f.hours.map((h) =>
        h.kwh.times((ptf.get(h.start.getTime()) as Decimal).plus(f.yekdem)),
      ),
    )
      .times(dec("1.06"))
      .dividedBy(dec(1000n), 10);
    expect(result.months[0].offer_bill.energy_try).toBe(
      Number(energy.toFixed(2)),
    );
  });

  it("uses the last-resort tariff above the threshold", async () => {
    const result = await rpc("regulated_bill", {
      ...TARIFF,
      annual_consumption_kwh: 20_000_000,
      consumption: { monthly: consumption.monthly.slice(0, 1) },
    });
    expect(result.regulated_basis).toBe("last_resort_tariff");
    const f = facts[0] as MonthFacts;
    const coefficient = dec(String(result.last_resort.coefficient));
    const market = sum(
      f.hours.map((h) =>
        h.kwh.times((ptf.get(h.start.getTime()) as Decimal).plus(f.yekdem)),
      ),
    )
      .times(coefficient)
      .dividedBy(dec(1000n), 10);
    // The floor: kWh x the single-time regulated energy rate.
    const { rows } = await db.query(
      `select rate_try_per_kwh::text as rate from public.regulated_tariff_rates
       where component = 'energy' and subscriber_group_code = 'ticarethane'
         and voltage_level_code = 'AG' and term_type = 'single_term'
         and tariff_type = 'single_time' and valid_from <= '2025-01-01'
       order by valid_from desc limit 1`,
    );
    const floor = sum(ZONES.map((z) => f.zoneKwh[z])).times(dec(rows[0].rate));
    const expected = market.compare(floor) > 0 ? market : floor;
    expect(result.months[0].bill.energy_try).toBe(Number(expected.toFixed(2)));
  });
});
