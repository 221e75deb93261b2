// EIC check characters for tests, written from ENTSO-E's rule in a form of
// their own and kept apart from shared/eic.ts so that each checks the other.
//
// Each character has a value: 0–9 as 0–9, A–Z as 10–35, "-" as 36. The
// first 15 are weighted 16 down to 2 and the check character, weighted 1,
// is the one that makes the weighted sum of all 16 divisible by 37. That
// is the manual's 36 − ((sum − 1) mod 37) rearranged. A check value of 36
// ("-") is never issued.

const VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

// Returns `body` (15 characters) followed by its check character, which may
// be "-" for a body that is never issued.
export function eicWithCheckCharacter(body: string): string {
  if (body.length !== 15) {
    throw new RangeError(`EIC body "${body}" must have 15 characters`);
  }
  let sum = 0;
  for (const [index, character] of [...body].entries()) {
    const value = VALUES.indexOf(character);
    if (value < 0) {
      throw new RangeError(`"${character}" cannot occur in an EIC`);
    }
    sum += value * (16 - index);
  }
  const check = (37 - (sum % 37)) % 37;

  return body + VALUES[check];
}

// Returns a valid "40Z" metering point code for `n`, a different one for
// each n ≥ 0 up to 499,999,999,999. The serial is 2n, or 2n + 1 when the
// code of 2n would end in "-". The two serials differ only in the last body
// character, whose weight 2 moves the check value by 2. So at most one of
// them ends in "-".
export function uniqueMeteringPointCode(n: number): string {
  const body = (serial: number) => `40Z${String(serial).padStart(12, "0")}`;
  const even = eicWithCheckCharacter(body(2 * n));

  return even.endsWith("-") ? eicWithCheckCharacter(body(2 * n + 1)) : even;
}
