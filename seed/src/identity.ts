// Generators of valid Turkish identifiers for synthetic data: VKN and TCKN
// with their check digits, TR IBANs, E.164 phone numbers and the serials of
// metering point codes (EIC).
import { isIssuableMeteringPointSerial } from "../../shared/eic.ts";
import type { Random } from "./random.ts";

// Returns the check digit (10th) of a VKN from its first nine digits.
export function vknCheckDigit(firstNine: string): number {
  let total = 0;
  for (let i = 0; i < 9; i++) {
    const shifted = (Number(firstNine[i]) + 9 - i) % 10;
    let weighted = (shifted * 2 ** (9 - i)) % 9;
    if (shifted !== 0 && weighted === 0) {
      weighted = 9;
    }
    total += weighted;
  }

  return (10 - (total % 10)) % 10;
}

export function makeVkn(random: Random): string {
  const firstNine = String(random.int(1, 9)) + random.digits(8);

  return firstNine + String(vknCheckDigit(firstNine));
}

// Returns the two check digits (10th and 11th) of a TCKN from its first nine.
export function tcknCheckDigits(firstNine: string): string {
  const digits = [...firstNine].map(Number);
  const odd = digits[0]! + digits[2]! + digits[4]! + digits[6]! + digits[8]!;
  const even = digits[1]! + digits[3]! + digits[5]! + digits[7]!;
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (odd + even + tenth) % 10;

  return `${tenth}${eleventh}`;
}

export function makeTckn(random: Random): string {
  const firstNine = String(random.int(1, 9)) + random.digits(8);

  return firstNine + tcknCheckDigits(firstNine);
}

// Returns the two IBAN check digits for a Turkish BBAN (ISO 13616 mod 97).
export function ibanCheckDigits(bban: string): string {
  const rearranged = BigInt(`${bban}292700`);
  const check = 98n - (rearranged % 97n);

  return String(check).padStart(2, "0");
}

// Bank codes of large Turkish banks, for realistic-looking IBANs.
const BANK_CODES = ["00010", "00012", "00015", "00046", "00062", "00064"];

export function makeIban(random: Random): string {
  const bban = `${random.pick(BANK_CODES)}0${random.digits(16)}`;

  return `TR${ibanCheckDigits(bban)}${bban}`;
}

export function makeMobilePhone(random: Random): string {
  return `+905${random.int(30, 59)}${random.digits(7)}`;
}

export function makeLandline(random: Random, areaCode: string): string {
  return `+90${areaCode}${random.digits(7)}`;
}

// The first metering point serial after `previous` whose code can be
// issued: codes whose check character would be "-" are never issued, so
// their serials are skipped.
export function nextMeteringPointSerial(previous: number): number {
  let serial = previous + 1;
  while (!isIssuableMeteringPointSerial(serial)) {
    serial++;
  }

  return serial;
}
