// Reading decimal numbers from market files without binary floats. Values
// stay decimal strings ("1234.56") that Postgres reads into numeric.
import { parseTurkishNumber } from "../../../shared/turkish-number.ts";

// Number profiles of source files: `tr` is the Turkish format (decimal
// comma, dot for thousands: "1.234,56"); `point` is a decimal point with no
// grouping ("1234.56").
export type NumberProfile = "tr" | "point";

const POINT = /^-?\d+(\.\d+)?$/;

export class NumberFormatError extends Error {}

// Returns the value as a plain decimal string, or throws NumberFormatError.
// Under the Turkish profile a dot is always a thousands separator, so
// "1.234" is 1234.
export function parseDecimal(text: string, profile: NumberProfile): string {
  if (profile === "tr") {
    const parsed = parseTurkishNumber(text);
    if (parsed === null) {
      throw new NumberFormatError(
        `"${text}" is not a number in the Turkish format (1.234,56)`,
      );
    }

    return parsed;
  }
  const value = text.trim().replace(/\u00a0| /g, "");
  if (!POINT.test(value)) {
    throw new NumberFormatError(
      `"${text}" is not a number with a decimal point (1234.56)`,
    );
  }

  return normalise(value);
}

// Drops leading zeros and a trailing decimal point: "-0012.50" -> "-12.50".
function normalise(value: string): string {
  const negative = value.startsWith("-");
  const [whole = "0", fraction] = (negative ? value.slice(1) : value).split(
    ".",
  );
  const digits = whole.replace(/^0+(?=\d)/, "");
  const body = fraction === undefined ? digits : `${digits}.${fraction}`;

  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}
