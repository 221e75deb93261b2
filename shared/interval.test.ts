import { describe, expect, it } from "vitest";
import { intervalInUnit, intervalSeconds, intervalText } from "./interval.ts";

describe("intervalSeconds", () => {
  it.each([
    ["00:45:00", 2700],
    ["01:30:00", 5400],
    ["00:01:00", 60],
    ["00:00:90", 90],
    ["00:00:00.5", 0.5],
    ["-00:10:00", -600],
    ["1 day", 86_400],
    ["2 days 01:00:00", 176_400],
    ["PT45M", 2700],
    ["PT1H30M", 5400],
    ["PT60S", 60],
    ["P1DT1M", 86_460],
    ["45 minutes", 2700],
    ["90 seconds", 90],
  ])("reads %s as %d s", (text, seconds) => {
    expect(intervalSeconds(text)).toBe(seconds);
  });

  it.each(["", "abc", "1 mon", "1 year 00:00:00", "P1M", "P", "PT", "45"])(
    "returns null for %j",
    (text) => {
      expect(intervalSeconds(text)).toBeNull();
    },
  );
});

describe("intervalInUnit", () => {
  it("returns whole minutes and seconds", () => {
    expect(intervalInUnit("00:45:00", "minutes")).toBe(45);
    expect(intervalInUnit("00:01:00", "seconds")).toBe(60);
    expect(intervalInUnit("00:15:00", "seconds")).toBe(900);
  });

  it("returns null when the unit does not divide the interval", () => {
    expect(intervalInUnit("00:00:30", "minutes")).toBeNull();
  });
});

describe("intervalText", () => {
  it("writes the amount with Postgres' unit name", () => {
    expect(intervalText(45, "minutes")).toBe("45 minutes");
    expect(intervalText(90, "seconds")).toBe("90 seconds");
  });
});
