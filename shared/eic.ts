// Energy Identification Codes (EIC) of the ENTSO-E scheme, which Turkish
// metering point codes follow. A code has 2 digits of the issuing office
// (40 for Türkiye) and 1 capital letter of the object type (Z for a
// metering point). Then come 12 characters from 0–9, A–Z and "-", and a
// check character over the first 15. The database's private.is_valid_eic
// applies the same rule, so a form rejects what the database would reject
// before the round trip.

// Characters of an EIC in the order of their values 0–36.
const EIC_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

const EIC_BODY = /^[0-9A-Z-]{15}$/;
const EIC_SHAPE = /^[0-9]{2}[A-Z][0-9A-Z-]{12}[0-9A-Z]$/;

/**
 * Returns the check character of an EIC from its first 15 characters.
 * Each character's value (0–9, A–Z as 10–35, "-" as 36) is weighted 16 down
 * to 2, and the check value is 36 − ((sum − 1) mod 37), written with the
 * same alphabet. A check value of 36 ("-") means the body is never issued.
 * eic.test.ts checks the rule against codes that ENTSO-E has published.
 */
export function eicCheckCharacter(body: string): string {
  if (!EIC_BODY.test(body)) {
    throw new RangeError(`EIC body "${body}" must be 15 of 0–9, A–Z, "-"`);
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    sum += EIC_ALPHABET.indexOf(body[i] as string) * (16 - i);
  }

  return EIC_ALPHABET[36 - ((sum - 1) % 37)] as string;
}

// Reason a code is invalid: its shape (length, characters, the digits and
// letter in front, a "-" at the end), or its check character.
export type EicProblem = "format" | "check_character";

/** Returns what is wrong with an EIC, or null when it is valid. */
export function eicProblem(code: string): EicProblem | null {
  if (!EIC_SHAPE.test(code)) {
    return "format";
  }

  return eicCheckCharacter(code.slice(0, 15)) === code[15]
    ? null
    : "check_character";
}

/** Returns true for a well-formed EIC whose check character is right. */
export function isValidEic(code: string): boolean {
  return eicProblem(code) === null;
}

/**
 * Builds the metering point code "40Z" + the serial as 12 digits + its
 * check character. Raises a RangeError for a serial whose check character
 * would be "-", because such codes are never issued.
 */
export function makeMeteringPointEic(serial: string | number): string {
  const body = `40Z${String(serial).padStart(12, "0")}`;
  const check = eicCheckCharacter(body);
  if (check === "-") {
    throw new RangeError(
      `serial ${serial} gives the check character "-": choose another serial`,
    );
  }

  return body + check;
}

/** Returns true when makeMeteringPointEic accepts `serial`. */
export function isIssuableMeteringPointSerial(serial: number): boolean {
  return eicCheckCharacter(`40Z${String(serial).padStart(12, "0")}`) !== "-";
}
