import { describe, expect, it } from "vitest";
import { formatMilli } from "../../../functions/_shared/readings/decimal.ts";
import {
  HourNumberingError,
  placeHourEndingRows,
} from "../../../functions/_shared/readings/hour-numbering.ts";

function numberedRows(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    hour: index + 1,
    kwh: `${(index + 1) / 10}`,
  }));
}

describe("placeHourEndingRows", () => {
  it("places hours 1–24 on their own local day", () => {
    const intervals = placeHourEndingRows("2024-01-15", numberedRows(24));

    expect(intervals).toHaveLength(24);
    expect(intervals[0]?.start).toBe("2024-01-15T00:00:00+03:00");
    expect(intervals[0]?.end).toBe("2024-01-15T01:00:00+03:00");
    expect(intervals[23]?.start).toBe("2024-01-15T23:00:00+03:00");
    expect(intervals[23]?.end).toBe("2024-01-16T00:00:00+03:00");
    expect(intervals.every((i) => i.start.startsWith("2024-01-15T"))).toBe(
      true,
    );
    expect(intervals.some((i) => i.start.startsWith("2024-01-16"))).toBe(false);
    expect(intervals[23]?.startUtcMs).toBe(Date.UTC(2024, 0, 15, 20));
  });

  it("sums the day to 30.0 kWh exactly", () => {
    const intervals = placeHourEndingRows("2024-01-15", numberedRows(24));
    const total = intervals.reduce((sum, i) => sum + i.kwhMilli, 0n);

    // 0.1 + 0.2 + … + 2.4 = 0.1 × (24 × 25 / 2)
    expect(formatMilli(total)).toBe("30.000");
  });

  it("accepts 25 hours on the day clocks went back in 2015", () => {
    const intervals = placeHourEndingRows("2015-11-08", numberedRows(25));

    expect(intervals).toHaveLength(25);
    expect(intervals[0]?.start).toBe("2015-11-08T00:00:00+03:00");
    expect(intervals[3]?.start).toBe("2015-11-08T03:00:00+03:00");
    expect(intervals[4]?.start).toBe("2015-11-08T03:00:00+02:00");
    expect(intervals[24]?.start).toBe("2015-11-08T23:00:00+02:00");
    expect(intervals[24]?.end).toBe("2015-11-09T00:00:00+02:00");
    const distinct = new Set(intervals.map((i) => i.startUtcMs));
    expect(distinct.size).toBe(25);
  });

  it("rejects hour 25 on an ordinary day", () => {
    expect(() => placeHourEndingRows("2024-01-16", numberedRows(25))).toThrow(
      HourNumberingError,
    );
    expect(() => placeHourEndingRows("2024-01-16", numberedRows(25))).toThrow(
      /hour 25 does not exist on 2024-01-16/,
    );
  });

  it("rejects a missing hour by number", () => {
    const rows = numberedRows(24).filter((row) => row.hour !== 7);

    expect(() => placeHourEndingRows("2024-01-15", rows)).toThrow(
      /hours 7 are missing/,
    );
  });

  it("rejects a repeated hour", () => {
    const rows = [...numberedRows(24), { hour: 3, kwh: "1" }];

    expect(() => placeHourEndingRows("2024-01-15", rows)).toThrow(
      /hour 3 appears twice/,
    );
  });

  it("expects 23 hours on the day clocks went forward", () => {
    expect(placeHourEndingRows("2015-03-29", numberedRows(23))).toHaveLength(
      23,
    );
    expect(() => placeHourEndingRows("2015-03-29", numberedRows(24))).toThrow(
      /hour 24 does not exist on 2015-03-29/,
    );
  });
});
