// The one money format of the product, used by screens, CSV exports and
// documents alike: Turkish grouping and decimal comma with the lira sign
// after the amount, "1.234,50 ₺" and "-1.234,50 ₺". A no-break space keeps
// the sign on the amount's line.

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

// Rounds a decimal string to kuruş, half away from zero, and returns the
// amount in kuruş.
export function toKurus(amount: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) {
    throw new Error(`"${amount}" is not a decimal amount such as 1234.50`);
  }
  const [, sign, whole = "0", fraction = ""] = match;
  const digits = BigInt(`${whole}${fraction.padEnd(3, "0").slice(0, 2)}`);
  const roundUp = (fraction[2] ?? "0") >= "5" ? 1n : 0n;
  const kurus = digits + roundUp;

  return sign ? -kurus : kurus;
}

// Formats TL from a decimal string (as numeric columns arrive) or from a
// whole number of kuruş (bigint). Binary floats are not accepted.
export function formatTry(amount: string | bigint): string {
  const kurus = typeof amount === "bigint" ? amount : toKurus(amount);
  const negative = kurus < 0n;
  const absolute = negative ? -kurus : kurus;
  const lira = (absolute / 100n).toString();
  const cents = (absolute % 100n).toString().padStart(2, "0");
  const grouped = lira.replace(/\B(?=(\d{3})+(?!\d))/g, ".");

  return `${negative ? "-" : ""}${grouped},${cents}\u00a0₺`;
}
