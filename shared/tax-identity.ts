// Checks of Turkish identity numbers and e-mail addresses for forms, by the
// same rules as the database's private.is_valid_vkn, is_valid_tckn and
// is_valid_email, so a form rejects what the database would reject before
// the round trip.

/**
 * Returns true for a 10-digit tax number (VKN) whose check digit is right.
 * For digit d at position p (1–9): s = (d + 10 − p) mod 10,
 * w = s · 2^(10 − p) mod 9, and w = 9 when s ≠ 0 and w = 0; the tenth digit
 * is (10 − Σw mod 10) mod 10.
 */
export function isValidVkn(value: string): boolean {
  if (!/^\d{10}$/.test(value)) {
    return false;
  }

  let total = 0;
  for (let position = 1; position <= 9; position += 1) {
    const shifted = (Number(value[position - 1]) + 10 - position) % 10;
    const weighted = (shifted * 2 ** (10 - position)) % 9;
    total += shifted !== 0 && weighted === 0 ? 9 : weighted;
  }

  return (10 - (total % 10)) % 10 === Number(value[9]);
}

/**
 * Returns true for an 11-digit national id (TCKN) without a leading zero
 * whose check digits are right: the tenth is (7 × (d1 + d3 + d5 + d7 + d9)
 * − (d2 + d4 + d6 + d8)) mod 10, the eleventh the sum of d1–d10 mod 10.
 */
export function isValidTckn(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) {
    return false;
  }

  const digits = value.split("").map(Number) as number[];
  const sumAt = (indexes: number[]) =>
    indexes.reduce((sum, index) => sum + (digits[index] as number), 0);
  const oddSum = sumAt([0, 2, 4, 6, 8]);
  const evenSum = sumAt([1, 3, 5, 7]);
  const tenth = (((oddSum * 7 - evenSum) % 10) + 10) % 10;

  return tenth === digits[9] && (oddSum + evenSum + tenth) % 10 === digits[10];
}

/** Returns true for one @, a dot in the domain and no spaces. */
export function isValidEmail(value: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
}
