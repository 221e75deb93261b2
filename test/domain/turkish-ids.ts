// Check-digit arithmetic for tests, written from the published rules and
// kept apart from the seed's generators so that each checks the other.

// VKN: for digit d at 1-based position p (1–9): s = (d + 10 − p) mod 10;
// w = s · 2^(10−p) mod 9, and w = 9 when s ≠ 0 and w = 0; the 10th digit is
// (10 − Σw mod 10) mod 10.
export function vknWithCheckDigit(firstNine: string): string {
  let sum = 0;
  firstNine.split("").forEach((char, index) => {
    const position = index + 1;
    const s = (Number(char) + 10 - position) % 10;
    const w = (s * 2 ** (10 - position)) % 9;
    sum += s !== 0 && w === 0 ? 9 : w;
  });

  return `${firstNine}${(10 - (sum % 10)) % 10}`;
}

// TCKN: d10 = (7·(d1+d3+d5+d7+d9) − (d2+d4+d6+d8)) mod 10, d11 = Σd1..d10 mod 10.
export function tcknWithCheckDigits(firstNine: string): string {
  const d = firstNine.split("").map(Number);
  const odds = [0, 2, 4, 6, 8].reduce((sum, i) => sum + (d[i] ?? 0), 0);
  const evens = [1, 3, 5, 7].reduce((sum, i) => sum + (d[i] ?? 0), 0);
  let tenth = (odds * 7 - evens) % 10;
  if (tenth < 0) {
    tenth += 10;
  }
  const eleventh = (odds + evens + tenth) % 10;

  return `${firstNine}${tenth}${eleventh}`;
}

// IBAN (ISO 13616): move "TR00" to the end, letters to numbers (A=10 …
// Z=35), and choose check digits so that the number mod 97 is 1.
export function turkishIban(bban: string): string {
  const letters = (text: string) =>
    text.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const remainder = BigInt(letters(`${bban}TR00`)) % 97n;
  const check = String(98n - remainder).padStart(2, "0");

  return `TR${check}${bban}`;
}

// Returns a copy of a digit string with the digit at `index` changed.
export function changeDigit(text: string, index: number): string {
  const digit = (Number(text[index]) + 1) % 10;

  return text.slice(0, index) + digit + text.slice(index + 1);
}

let counter = 0;

// Returns a fresh valid VKN; distinct within one test process.
export function freshVkn(): string {
  counter += 1;
  const stem = String(
    (Date.now() % 1_000_000) * 1000 + process.pid * 7 + counter,
  )
    .padStart(9, "0")
    .slice(-8);

  return vknWithCheckDigit(`9${stem}`);
}
