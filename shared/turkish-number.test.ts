import { describe, expect, it } from "vitest";
import { parseTurkishNumber } from "./turkish-number.ts";

describe("parseTurkishNumber", () => {
  it.each([
    ["1.234,56", "1234.56"],
    ["1234,56", "1234.56"],
    ["12.345.678,9", "12345678.9"],
    ["1.234", "1234"],
    ["1.000", "1000"],
    ["2.000,5", "2000.5"],
    ["3,95", "3.95"],
    ["20", "20"],
    [" 20 000 ", "20000"],
    ["1\u00a0234,5", "1234.5"],
    ["-1,5", "-1.5"],
    ["-0,0", "0.0"],
    ["007", "7"],
    ["0,75", "0.75"],
  ])("reads %s as %s", (text, expected) => {
    expect(parseTurkishNumber(text)).toBe(expected);
  });

  // A dot is never a decimal point, so these are invalid, not 1234.56,
  // 1.5 or 3.8.
  it.each([
    ["1234.56"],
    ["1.5"],
    ["3.8"],
    ["1,234.56"],
    [""],
    ["   "],
    ["abc"],
    ["1,2,3"],
    ["12.34,5"],
    ["1.23.456"],
    ["1234.567"],
    [","],
    ["1,"],
    [",5"],
    ["-"],
    ["+1"],
    ["1e3"],
  ])("rejects %j", (text) => {
    expect(parseTurkishNumber(text)).toBeNull();
  });
});
