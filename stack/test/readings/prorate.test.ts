import { describe, expect, it } from "vitest";
import { formatMilli } from "../../../functions/_shared/readings/decimal.ts";
import {
  ProrateError,
  prorateByCoefficients,
  prorateByDays,
  spreadByCoefficients,
} from "../../../functions/_shared/readings/prorate.ts";
import { formatLocalIso } from "../../../functions/_shared/readings/time-zone.ts";

describe("prorateByDays", () => {
  it("splits a period crossing a month end by days", () => {
    // 2024-01-20 … 2024-02-09: 12 days in January, 9 in February.
    const shares = prorateByDays("2024-01-20", "2024-02-10", 2100_000n);

    expect(
      shares.map((s) => [s.month, s.days, formatMilli(s.kwhMilli)]),
    ).toEqual([
      ["2024-01", 12, "1200.000"],
      ["2024-02", 9, "900.000"],
    ]);
  });

  it("keeps the total exact when shares do not divide evenly", () => {
    const shares = prorateByDays("2024-01-31", "2024-02-03", 1000n);

    // One day of three in January, two in February: 333.33… and 666.66…
    expect(shares.map((s) => s.kwhMilli)).toEqual([333n, 667n]);
    expect(shares.reduce((sum, s) => sum + s.kwhMilli, 0n)).toBe(1000n);
  });

  it("rejects an empty period", () => {
    expect(() => prorateByDays("2024-02-01", "2024-02-01", 5n)).toThrow(
      ProrateError,
    );
  });
});

describe("prorateByCoefficients", () => {
  // Two days around a month end with a coefficient of 1 on January's hours
  // and 3 on February's: February takes three quarters.
  const coefficients = Array.from({ length: 48 }, (_, hour) => {
    const startMs = Date.UTC(2024, 0, 31, hour - 3);

    return {
      time: formatLocalIso(startMs, "Europe/Istanbul"),
      multiplier: hour < 24 ? "0.00100000" : "0.00300000",
    };
  });

  it("weights months by their coefficient sums", () => {
    const shares = prorateByCoefficients(
      "2024-01-31",
      "2024-02-02",
      400_000n,
      coefficients,
    );

    expect(shares.map((s) => [s.month, formatMilli(s.kwhMilli)])).toEqual([
      ["2024-01", "100.000"],
      ["2024-02", "300.000"],
    ]);
  });

  it("spreads a zone over only the hours given", () => {
    const nightHours = coefficients.filter((c) => {
      const hour = Number(c.time.slice(11, 13));

      return hour >= 22 || hour < 6;
    });
    const hours = spreadByCoefficients(
      "2024-01-31",
      "2024-02-02",
      16_000n,
      nightHours,
    );

    expect(hours).toHaveLength(16);
    expect(hours.reduce((sum, h) => sum + h.kwhMilli, 0n)).toBe(16_000n);
    expect(hours[0]?.kwhMilli).toBe(500n);
    expect(hours[15]?.kwhMilli).toBe(1500n);
  });
});
