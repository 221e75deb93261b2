import { describe, expect, it } from "vitest";
import { parseTurkishNumber } from "../src/turkish-number.ts";

describe("parseTurkishNumber", () => {
  it.each([
    ["1.234,56", "1234.56"],
    ["1234,56", "1234.56"],
    ["12.345.678,9", "12345678.9"],
    ["1.234", "1234"],
    ["3,95", "3.95"],
    ["3.8", "3.8"],
    ["20", "20"],
    [" 20 000 ", "20000"],
    ["-1,5", "-1.5"],
    ["007", "7"],
  ])("reads %s as %s", (text, expected) => {
    expect(parseTurkishNumber(text)).toBe(expected);
  });

  it.each([[""], ["abc"], ["1,2,3"], ["12.34,5"], ["1.23.456"], [","]])(
    "rejects %s",
    (text) => {
      expect(parseTurkishNumber(text)).toBeNull();
    },
  );
});
