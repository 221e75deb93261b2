// The seed's identifier generators, checked against the independent
// arithmetic in turkish-ids.ts and against published EIC codes.
import { describe, expect, it } from "vitest";
import {
  eicCheckCharacter,
  makeIban,
  makeMeteringPointCode,
  makeTckn,
  makeVkn,
} from "../../seed/src/identity.ts";
import { Random } from "../../seed/src/random.ts";
import {
  tcknWithCheckDigits,
  turkishIban,
  vknWithCheckDigit,
} from "./turkish-ids.ts";

describe("seed identifiers", () => {
  const random = new Random(42);
  const samples = Array.from({ length: 200 }, (_, index) => index);

  it.each([
    "10YDE-VE-------2",
    "10YTR-TEIAS----W",
    "10YFR-RTE------C",
    "10YNL----------L",
  ])("computes the EIC check character of %s", (code) => {
    expect(eicCheckCharacter(code.slice(0, 15))).toBe(code[15]);
  });

  it("builds 16-character metering point codes", () => {
    expect(makeMeteringPointCode(1)).toMatch(/^40Z0{11}1[0-9A-Z-]$/);
    expect(makeMeteringPointCode(123_456)).toHaveLength(16);
  });

  it("makes VKNs with right check digits", () => {
    for (const _ of samples) {
      const vkn = makeVkn(random);
      expect(vknWithCheckDigit(vkn.slice(0, 9))).toBe(vkn);
    }
  });

  it("makes TCKNs with right check digits", () => {
    for (const _ of samples) {
      const tckn = makeTckn(random);
      expect(tckn[0]).not.toBe("0");
      expect(tcknWithCheckDigits(tckn.slice(0, 9))).toBe(tckn);
    }
  });

  it("makes IBANs with right check digits", () => {
    for (const _ of samples) {
      const iban = makeIban(random);
      expect(iban).toHaveLength(26);
      expect(turkishIban(iban.slice(4))).toBe(iban);
    }
  });

  it("repeats its sequence for the same seed", () => {
    const first = new Random(9);
    const second = new Random(9);
    const a = Array.from({ length: 5 }, () => first.uuid());
    const b = Array.from({ length: 5 }, () => second.uuid());
    expect(b).toEqual(a);
    expect(a[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
  });
});
