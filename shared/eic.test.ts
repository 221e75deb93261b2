// The EIC rule of forms and the seed, against published EICs and codes
// whose check characters are worked out by hand below.
import { describe, expect, it } from "vitest";
import {
  eicCheckCharacter,
  eicProblem,
  isIssuableMeteringPointSerial,
  isValidEic,
  makeMeteringPointEic,
} from "./eic.ts";

describe("eicCheckCharacter", () => {
  // Control areas from ENTSO-E's published EIC list.
  it.each([
    "10YDE-VE-------2",
    "10YTR-TEIAS----W",
    "10YFR-RTE------C",
    "10YNL----------L",
  ])("computes the check character of %s", (code) => {
    expect(eicCheckCharacter(code.slice(0, 15))).toBe(code[15]);
  });

  it("computes the check character of 40Z999999999999", () => {
    // Values 4, 0, 35 (Z) and twelve 9s, weighted 16 down to 2:
    // 4·16 + 0·15 + 35·14 + 9·(13 + 12 + … + 2) = 64 + 490 + 9·90 = 1364;
    // 36 − (1363 mod 37) = 36 − 31 = 5.
    expect(eicCheckCharacter("40Z999999999999")).toBe("5");
  });

  it("rejects a body of the wrong length", () => {
    expect(() => eicCheckCharacter("40Z99")).toThrow(RangeError);
  });
});

describe("eicProblem", () => {
  it("accepts a code with its check character", () => {
    expect(eicProblem("40Z9999999999995")).toBeNull();
    expect(isValidEic("40Z9999999999995")).toBe(true);
  });

  it("reports a wrong check character", () => {
    expect(eicProblem("40Z999999999999A")).toBe("check_character");
    expect(isValidEic("40Z999999999999A")).toBe(false);
  });

  it.each([
    ["a short code", "40Z99999999999"],
    ["lower case", "40z9999999999995"],
    ["a letter in front", "A0Z9999999999995"],
    ["a digit as object type", "4009999999999995"],
    ["a space", "40Z99999 9999995"],
  ])("reports the format of %s", (_, code) => {
    expect(eicProblem(code)).toBe("format");
  });

  it("rejects a code ending in '-'", () => {
    // 40Z000000000001: 4·16 + 35·14 + 1·2 = 556; 36 − (555 mod 37) = 36,
    // the value of "-", so this body is never issued.
    expect(eicCheckCharacter("40Z000000000001")).toBe("-");
    expect(eicProblem("40Z000000000001-")).toBe("format");
  });
});

describe("makeMeteringPointEic", () => {
  it("builds 40Z codes with their check character", () => {
    expect(makeMeteringPointEic(999_999_999_999)).toBe("40Z9999999999995");
  });

  it("rejects a serial whose check character is '-'", () => {
    expect(isIssuableMeteringPointSerial(1)).toBe(false);
    expect(() => makeMeteringPointEic(1)).toThrow(RangeError);
    expect(isIssuableMeteringPointSerial(2)).toBe(true);
  });
});
