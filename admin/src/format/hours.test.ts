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
    const labels = hourLabels(hoursFrom("2015-11-07T21:00:00Z", 25), "tr");
    expect(labels).toHaveLength(25);
    expect(labels[0]).toBe("08 Kasım 00:00");
    expect(labels[3]).toBe("08 Kasım 03:00 (+3)");
    expect(labels[4]).toBe("08 Kasım 03:00 (+2)");
    expect(labels[24]).toBe("08 Kasım 23:00");
    expect(new Set(labels).size).toBe(25);
  });

  it("labels a 23-hour spring day without 03:00", () => {
    // 27 March 2016: clocks went forward from 03:00 +02 to 04:00 +03.
    const labels = hourLabels(hoursFrom("2016-03-26T22:00:00Z", 23), "tr");
    expect(labels).toHaveLength(23);
    expect(labels[0]).toBe("27 Mart 00:00");
    expect(labels[2]).toBe("27 Mart 02:00");
    expect(labels[3]).toBe("27 Mart 04:00");
    expect(labels.some((label) => label.includes("03:00"))).toBe(false);
  });

  it("gives the same labels in any process time zone", () => {
    const hours = hoursFrom("2026-01-14T21:00:00Z", 24);
    const labels = hourLabels(hours, "tr");
    expect(labels[0]).toBe("15 Ocak 00:00");
    expect(labels[23]).toBe("15 Ocak 23:00");
  });

  it("names months in Turkish and in English", () => {
    // 3 May 2026 00:00 in Istanbul is 21:00 UTC the day before.
    const hours = hoursFrom("2026-05-02T21:00:00Z", 2);
    expect(hourLabels(hours, "tr")).toEqual([
      "03 Mayıs 00:00",
      "03 Mayıs 01:00",
    ]);
    expect(hourLabels(hours, "en")).toEqual(["03 May 00:00", "03 May 01:00"]);
  });

  it("labels a repeated hour in English", () => {
    const labels = hourLabels(hoursFrom("2015-11-07T21:00:00Z", 25), "en");
    expect(labels[3]).toBe("08 Nov 03:00 (+3)");
    expect(labels[4]).toBe("08 Nov 03:00 (+2)");
  });
});
