import { describe, expect, it } from "vitest";
import { formatTurkishPhone } from "./phone.ts";

describe("formatTurkishPhone", () => {
  it.each([
    ["+902125722657", "+90 212 572 26 57"],
    ["+90 212 572 26 57", "+90 212 572 26 57"],
    ["0212 572 26 57", "+90 212 572 26 57"],
    ["(0212) 572-2657", "+90 212 572 26 57"],
    ["02125722657", "+90 212 572 26 57"],
    ["2125722657", "+90 212 572 26 57"],
    ["00902125722657", "+90 212 572 26 57"],
    ["902125722657", "+90 212 572 26 57"],
    ["0532.123.45.67", "+90 532 123 45 67"],
    [" +90 (532) 1234567 ", "+90 532 123 45 67"],
  ])("formats %s as %s", (typed, expected) => {
    expect(formatTurkishPhone(typed)).toBe(expected);
  });

  it.each([
    ["+49 30 1234567", "+49 30 1234567"],
    ["444 1 234", "444 1 234"],
    ["0212 572 26", "0212 572 26"],
    ["+90 112", "+90 112"],
    ["dahili 12", "dahili 12"],
    ["", ""],
  ])("leaves %s as typed", (typed, expected) => {
    expect(formatTurkishPhone(typed)).toBe(expected);
  });
});
