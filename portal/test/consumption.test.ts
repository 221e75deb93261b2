// Chart series of the customer's consumption page: stacking with negative
// values and Istanbul hours on the days clocks changed.
import { describe, expect, it } from "vitest";
import {
  type HourlyReadingRow,
  istanbulMidnight,
  periodLabels,
  periodRange,
  periodsFromHours,
  periodsFromRows,
  stackTotals,
  timeZoneOfHour,
} from "../src/consumption.ts";

// One reading per hour over [from, to), 1 kWh each.
function hours(fromMs: number, toMs: number): HourlyReadingRow[] {
  const rows: HourlyReadingRow[] = [];
  for (let ms = fromMs; ms < toMs; ms += 3_600_000) {
    rows.push({
      hour_start: new Date(ms).toISOString(),
      consumption_kwh: "1.000",
      injection_kwh: "0",
      consumption_quality: "measured",
    });
  }

  return rows;
}

describe("stackTotals", () => {
  it("stacks negatives apart from positives", () => {
    // Rooftop solar: consumption, export and a correction per month.
    const totals = stackTotals([
      [320, 280],
      [-150, -210],
      [10, -5],
    ]);
    expect(totals.positive).toEqual([330, 280]);
    expect(totals.negative).toEqual([-150, -215]);
    expect(totals.net).toEqual([180, 65]);
  });
});

describe("Istanbul days", () => {
  it("finds midnight across offsets", () => {
    expect(istanbulMidnight(2015, 11, 8)).toBe(
      Date.parse("2015-11-07T21:00:00Z"),
    );
    expect(istanbulMidnight(2015, 11, 9)).toBe(
      Date.parse("2015-11-08T22:00:00Z"),
    );
    expect(istanbulMidnight(2026, 10, 1)).toBe(
      Date.parse("2026-09-30T21:00:00Z"),
    );
  });

  it("labels the 25-hour day of 2015-11-08", () => {
    const range = periodRange("2015-11-08", "hour");
    expect(range).not.toBeNull();
    const periods = periodsFromHours(
      hours(range?.from_ms ?? 0, range?.to_ms ?? 0),
    );
    const labels = periodLabels(periods, "hour");
    expect(labels).toHaveLength(25);
    expect(labels.filter((label) => label.startsWith("03:00"))).toEqual([
      "03:00 +03",
      "03:00 +02",
    ]);
    expect(labels[0]).toBe("00:00 +03");
    expect(labels[24]).toBe("23:00 +02");
  });

  it("labels the 23-hour day of 2016-03-27", () => {
    const range = periodRange("2016-03-27", "hour");
    const periods = periodsFromHours(
      hours(range?.from_ms ?? 0, range?.to_ms ?? 0),
    );
    const labels = periodLabels(periods, "hour");
    expect(labels).toHaveLength(23);
    expect(labels.some((label) => label.startsWith("03:00"))).toBe(false);
    expect(labels).toContain("04:00 +03");
  });

  it("labels days and months in Turkish", () => {
    const day = periodLabels(
      periodsFromHours(
        hours(
          Date.parse("2015-11-07T21:00:00Z"),
          Date.parse("2015-11-07T22:00:00Z"),
        ),
      ),
      "day",
    );
    expect(day).toEqual(["8 Kas 2015"]);
    const month = periodLabels(
      periodsFromRows([
        {
          period_start: "2026-10-01T00:00:00+03:00",
          time_zone_code: "T1",
          consumption_kwh: "1",
          injection_kwh: "0",
          estimated_consumption_kwh: "0",
        },
      ]),
      "month",
    );
    expect(month).toEqual(["Eki 2026"]);
  });
});

describe("time zones", () => {
  it("splits hours into T1, T2 and T3", () => {
    expect(timeZoneOfHour(5)).toBe("T3");
    expect(timeZoneOfHour(6)).toBe("T1");
    expect(timeZoneOfHour(16)).toBe("T1");
    expect(timeZoneOfHour(17)).toBe("T2");
    expect(timeZoneOfHour(21)).toBe("T2");
    expect(timeZoneOfHour(22)).toBe("T3");
    expect(timeZoneOfHour(0)).toBe("T3");
  });

  it("keeps estimated energy apart per zone", () => {
    const [period] = periodsFromRows([
      {
        period_start: "2026-10-01T00:00:00+03:00",
        time_zone_code: "T2",
        consumption_kwh: "10.250",
        injection_kwh: "1.5",
        estimated_consumption_kwh: "0.750",
      },
    ]);
    expect(period?.measured_wh.T2).toBe(9500);
    expect(period?.estimated_wh.T2).toBe(750);
    expect(period?.injection_wh).toBe(1500);
  });

  it("rejects a malformed period", () => {
    expect(periodRange("2026-13", "day")).toBeNull();
    expect(periodRange("Ekim", "month")).toBeNull();
  });
});
