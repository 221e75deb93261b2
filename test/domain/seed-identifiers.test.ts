// The seed's identifier generators, checked against the independent
// arithmetic in turkish-ids.ts.
import { describe, expect, it } from "vitest";
import {
  makeIban,
  makeTckn,
  makeVkn,
  nextMeteringPointSerial,
} from "../../seed/src/identity.ts";
import { Random } from "../../seed/src/random.ts";
import { eicCheckCharacter } from "../../shared/eic.ts";
import {
  tcknWithCheckDigits,
  turkishIban,
  vknWithCheckDigit,
} from "./turkish-ids.ts";

describe("seed identifiers", () => {
  const random = new Random(42);
  const samples = Array.from({ length: 200 }, (_, index) => index);

  it("skips metering point serials whose check character is '-'", () => {
    // 40Z000000000001: 4·16 + 35·14 + 1·2 = 556, and 36 − (555 mod 37) =
    // 36 is the value of "-"; serial 2 adds 2 and gives 34, "Y".
    expect(eicCheckCharacter("40Z000000000001")).toBe("-");
    expect(eicCheckCharacter("40Z000000000002")).toBe("Y");
    expect(nextMeteringPointSerial(0)).toBe(2);
    expect(nextMeteringPointSerial(2)).toBe(3);
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
