// Numbers typed or exported in the Turkish format: a comma before the
// decimals and a dot between groups of three digits ("1.234,56"). The admin,
// the portal and the market file import read numbers with this one rule, so
// the same text means the same number everywhere.

// Rule: a dot only ever separates thousands, so "1.000" is 1000, while
// "1.5" and "1234.56" are invalid rather than read as decimals.
const TURKISH_NUMBER = /^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;

/**
 * Parses a Turkish number ("1.234,56", "1234,56", "-0,5", "1.000") into a
 * plain decimal string ("1234.56"), or returns null when the text is empty
 * or not in that format. Spaces, including no-break spaces, are ignored.
 */
export function parseTurkishNumber(text: string): string | null {
  const compact = text.replace(/\s/g, "");
  if (!TURKISH_NUMBER.test(compact)) {
    return null;
  }

  return normaliseDecimal(compact.replace(/\./g, "").replace(",", "."));
}

// Drops leading zeros and the sign of zero: "-0012.50" becomes "-12.50",
// "-0,0" becomes "0.0".
function normaliseDecimal(value: string): string {
  const negative = value.startsWith("-");
  const [whole = "0", fraction] = (negative ? value.slice(1) : value).split(
    ".",
  );
  const digits = whole.replace(/^0+(?=\d)/, "");
  const body = fraction === undefined ? digits : `${digits}.${fraction}`;

  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}
