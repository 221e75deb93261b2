import { describe, expect, it } from "vitest";
import { formatMilli } from "../../../functions/_shared/readings/decimal.ts";
import {
  consumptionFromIndexes,
  IndexReadingError,
  type MeterIndexRecord,
} from "../../../functions/_shared/readings/index-consumption.ts";

const meterA: MeterIndexRecord = {
  meterSerial: "A",
  registerDigits: 6,
  multiplier: 1,
  readings: [
    { readAt: "2024-02-01", registers: { T1: 44900, T2: 12150, T3: 8000 } },
    { readAt: "2024-02-15", registers: { T1: 45210, T2: 12300, T3: 8105 } },
  ],
};
const meterB: MeterIndexRecord = {
  meterSerial: "B",
  registerDigits: 6,
  multiplier: 1,
  readings: [
    { readAt: "2024-02-15", registers: { T1: "0.4", T2: 0, T3: 0 } },
    { readAt: "2024-02-29", registers: { T1: "210.4", T2: 95, T3: 60 } },
  ],
};

function kwh(milli: bigint | null | undefined): string | undefined {
  return milli === null || milli === undefined ? undefined : formatMilli(milli);
}

describe("consumptionFromIndexes", () => {
  it("splits a meter replacement over two meter records", () => {
    const result = consumptionFromIndexes([meterA, meterB]);
    const [a, b] = result.meters;

    expect(kwh(a?.byZoneMilli.T1)).toBe("310.000");
    expect(kwh(a?.byZoneMilli.T2)).toBe("150.000");
    expect(kwh(a?.byZoneMilli.T3)).toBe("105.000");
    expect(kwh(b?.byZoneMilli.T1)).toBe("210.000");
    expect(kwh(b?.byZoneMilli.T2)).toBe("95.000");
    expect(kwh(b?.byZoneMilli.T3)).toBe("60.000");
    expect(kwh(result.byZoneMilli.T1)).toBe("520.000");
    expect(kwh(result.byZoneMilli.T2)).toBe("245.000");
    expect(kwh(result.byZoneMilli.T3)).toBe("165.000");
    expect(kwh(result.totalMilli)).toBe("930.000");
    expect(result.reviews).toEqual([]);
    expect(
      result.meters
        .flatMap((m) => m.intervals)
        .every((i) => i.kind === "advance"),
    ).toBe(true);
  });

  it("counts a 6-digit rollover as 80 kWh", () => {
    const result = consumptionFromIndexes([
      {
        meterSerial: "R",
        registerDigits: 6,
        multiplier: 1,
        readings: [
          { readAt: "2024-03-01", registers: { T1: 999950 } },
          { readAt: "2024-04-01", registers: { T1: "000030" } },
        ],
      },
    ]);

    expect(kwh(result.byZoneMilli.T1)).toBe("80.000");
    expect(result.meters[0]?.intervals[0]?.kind).toBe("rollover");
    expect(result.reviews).toEqual([]);
  });

  it("flags a falling index for review", () => {
    const result = consumptionFromIndexes([
      {
        meterSerial: "T",
        registerDigits: 6,
        multiplier: 1,
        readings: [
          { readAt: "2024-03-01", registers: { T1: 12345 } },
          { readAt: "2024-04-01", registers: { T1: 12300 } },
        ],
      },
    ]);

    expect(result.reviews).toHaveLength(1);
    expect(result.reviews[0]?.kind).toBe("review");
    expect(result.reviews[0]?.consumptionMilli).toBeNull();
    expect(result.reviews[0]?.reason).toMatch(/imply 999955\.000 kWh/);
    expect(result.byZoneMilli.T1).toBe(0n);
    expect(result.totalMilli).toBe(0n);
  });

  it("applies the multiplier to index differences", () => {
    const result = consumptionFromIndexes([
      {
        ...meterA,
        multiplier: 1890,
        readings: [
          { readAt: "2025-01-01", registers: { T1: "100.001" } },
          { readAt: "2025-02-01", registers: { T1: "102.5" } },
        ],
      },
    ]);

    // (102.500 − 100.001) × 1890 = 2.499 × 1890 = 4723.11
    expect(kwh(result.byZoneMilli.T1)).toBe("4723.110");
  });

  it("honours a configured rollover limit", () => {
    const record: MeterIndexRecord = {
      meterSerial: "R",
      registerDigits: 6,
      multiplier: 1,
      readings: [
        { readAt: "2024-03-01", registers: { T1: 999950 } },
        { readAt: "2024-04-01", registers: { T1: 30 } },
      ],
    };

    expect(
      consumptionFromIndexes([record], { maxRolloverKwh: 50 }).reviews,
    ).toHaveLength(1);
  });

  it("rejects an index too wide for the register", () => {
    expect(() =>
      consumptionFromIndexes([
        {
          ...meterA,
          readings: [
            { readAt: "2024-03-01", registers: { T1: 1000000 } },
            { readAt: "2024-04-01", registers: { T1: 5 } },
          ],
        },
      ]),
    ).toThrow(IndexReadingError);
  });

  it("rejects a new meter installed before the old one left", () => {
    const early = {
      ...meterB,
      readings: [
        { readAt: "2024-02-10", registers: { T1: 0 } },
        { readAt: "2024-02-29", registers: { T1: 5 } },
      ],
    };

    expect(() => consumptionFromIndexes([meterA, early])).toThrow(
      /installed at 2024-02-10, before meter A was removed at 2024-02-15/,
    );
  });
});
