import { describe, expect, it } from "vitest";
import { hourLabels } from "./hours.ts";

// Hour starts of one Istanbul day given by its first instant in UTC.
function hoursFrom(startUtc: string, count: number): string[] {
  const start = Date.parse(startUtc);

  return Array.from({ length: count }, (_, index) =>
    new Date(start + index * 3_600_000).toISOString(),
  );
}

describe("hourLabels", () => {
  it("labels a 25-hour autumn day with a repeated 03:00", () => {
    // 8 November 2015: clocks went back from 04:00 +03 to 03:00 +02.
    const labels = hourLabels(hoursFrom("2015-11-07T21:00:00Z", 25));
    expect(labels).toHaveLength(25);
    expect(labels[0]).toBe("08 Kas 00:00");
    expect(labels[3]).toBe("08 Kas 03:00 (+3)");
    expect(labels[4]).toBe("08 Kas 03:00 (+2)");
    expect(labels[24]).toBe("08 Kas 23:00");
    expect(new Set(labels).size).toBe(25);
  });

  it("labels a 23-hour spring day without 03:00", () => {
    // 27 March 2016: clocks went forward from 03:00 +02 to 04:00 +03.
    const labels = hourLabels(hoursFrom("2016-03-26T22:00:00Z", 23));
    expect(labels).toHaveLength(23);
    expect(labels[0]).toBe("27 Mar 00:00");
    expect(labels[2]).toBe("27 Mar 02:00");
    expect(labels[3]).toBe("27 Mar 04:00");
    expect(labels.some((label) => label.includes("03:00"))).toBe(false);
  });

  it("gives the same labels in any process time zone", () => {
    const hours = hoursFrom("2026-01-14T21:00:00Z", 24);
    const labels = hourLabels(hours);
    expect(labels[0]).toBe("15 Oca 00:00");
    expect(labels[23]).toBe("15 Oca 23:00");
  });
});
