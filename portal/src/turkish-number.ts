// Parsing of numbers typed in Turkish format: "1.234,56" with a dot between
// thousands and a comma before the decimals.

/**
 * Parses a number typed as "1.234,56", "1234,56" or "1234.56" into a
 * decimal string ("1234.56"), or returns null when it is not a number. A
 * dot without a comma is read as a thousands separator only when every
 * group after it has 3 digits ("1.234" is 1234, "3.8" is 3.8).
 */
export function parseTurkishNumber(text: string): string | null {
  const trimmed = text.trim().replace(/\s/g, "");
  const sign = trimmed.startsWith("-") ? "-" : "";
  const unsigned = sign ? trimmed.slice(1) : trimmed;
  if (unsigned === "") {
    return null;
  }

  let integer: string;
  let fraction = "";
  if (unsigned.includes(",")) {
    const match = /^(\d{1,3}(?:\.\d{3})*|\d+),(\d+)$/.exec(unsigned);
    if (!match) {
      return null;
    }
    integer = (match[1] ?? "").replaceAll(".", "");
    fraction = match[2] ?? "";
  } else if (/^\d{1,3}(?:\.\d{3})+$/.test(unsigned)) {
    integer = unsigned.replaceAll(".", "");
  } else {
    const match = /^(\d+)(?:\.(\d+))?$/.exec(unsigned);
    if (!match) {
      return null;
    }
    integer = match[1] ?? "";
    fraction = match[2] ?? "";
  }
  const digits = integer.replace(/^0+(?=\d)/, "");

  return fraction ? `${sign}${digits}.${fraction}` : `${sign}${digits}`;
}
