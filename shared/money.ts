// Exact decimal arithmetic and the one Turkish display format for money and
// energy. Amounts travel as decimal strings ("1234.5", "-0.75") so that no
// binary float ever touches a TL figure. Every PDF, screen and export shows
// TL as `1.234,56 ₺`: the sign first, dot thousands grouping, comma decimals,
// the lira sign after the amount behind a no-break space, which keeps the
// sign on the amount's line.

/** A decimal number held exactly as an integer and a count of fraction digits. */
interface ScaledDecimal {
  units: bigint;
  scale: number;
}

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal string ("-1234.56") and rejects grouping or commas. */
function parseDecimal(value: string): ScaledDecimal {
  const match = DECIMAL_PATTERN.exec(value.trim());
  if (!match) {
    throw new Error(
      `Invalid decimal amount "${value}": expected digits with an optional "." and fraction, such as "1234.56"`,
    );
  }

  const [, sign, integerDigits, fractionDigits = ""] = match;
  const units = BigInt(`${integerDigits}${fractionDigits}`);

  return {
    units: sign === "-" ? -units : units,
    scale: fractionDigits.length,
  };
}

function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Divides and rounds half away from zero, the rounding printed bills use. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const absNumerator = numerator < 0n ? -numerator : numerator;
  const absDenominator = denominator < 0n ? -denominator : denominator;
  const quotient = (absNumerator * 2n + absDenominator) / (absDenominator * 2n);

  return negative ? -quotient : quotient;
}

function toDecimalString(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units)
    .toString()
    .padStart(scale + 1, "0");
  const integerPart = digits.slice(0, digits.length - scale);
  const fractionPart = digits.slice(digits.length - scale);
  const body = scale > 0 ? `${integerPart}.${fractionPart}` : integerPart;

  return negative && units !== 0n ? `-${body}` : body;
}

/** Rounds a decimal string half away from zero to `fractionDigits` digits. */
export function roundDecimal(value: string, fractionDigits: number): string {
  const parsed = parseDecimal(value);
  if (parsed.scale <= fractionDigits) {
    return toDecimalString(rescale(parsed, fractionDigits), fractionDigits);
  }

  const divisor = 10n ** BigInt(parsed.scale - fractionDigits);

  return toDecimalString(divideHalfUp(parsed.units, divisor), fractionDigits);
}

/** Sums decimal strings exactly, keeping the largest scale of the inputs. */
export function addDecimals(...values: string[]): string {
  const parsed = values.map(parseDecimal);
  const scale = Math.max(0, ...parsed.map((value) => value.scale));
  const sum = parsed.reduce(
    (total, value) => total + rescale(value, scale),
    0n,
  );

  return toDecimalString(sum, scale);
}

/** Subtracts `b` from `a` exactly. */
export function subtractDecimals(a: string, b: string): string {
  const negated = b.trim().startsWith("-") ? b.trim().slice(1) : `-${b}`;

  return addDecimals(a, negated);
}

/** Multiplies exactly, so the scale of the result is the sum of both scales. */
export function multiplyDecimals(a: string, b: string): string {
  const left = parseDecimal(a);
  const right = parseDecimal(b);

  return toDecimalString(left.units * right.units, left.scale + right.scale);
}

/** Divides `a` by `b`, rounded half away from zero to `fractionDigits`. */
export function divideDecimals(
  a: string,
  b: string,
  fractionDigits: number,
): string {
  const left = parseDecimal(a);
  const right = parseDecimal(b);
  if (right.units === 0n) {
    throw new Error(`Cannot divide "${a}" by zero`);
  }

  // a / b = (la / 10^sa) / (lb / 10^sb); scale the numerator so the
  // quotient comes out in units of 10^-fractionDigits.
  const exponent = fractionDigits + right.scale - left.scale;
  const numerator =
    exponent >= 0 ? left.units * 10n ** BigInt(exponent) : left.units;
  const denominator =
    exponent >= 0 ? right.units : right.units * 10n ** BigInt(-exponent);

  return toDecimalString(divideHalfUp(numerator, denominator), fractionDigits);
}

/** Compares two decimal strings: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const difference = parseDecimal(subtractDecimals(a, b)).units;
  if (difference === 0n) {
    return 0;
  }

  return difference < 0n ? -1 : 1;
}

/**
 * Formats a decimal string the Turkish way, rounded half away from zero:
 * `formatDecimal("-1234.5", 2)` is `-1.234,50`.
 */
export function formatDecimal(value: string, fractionDigits: number): string {
  const rounded = roundDecimal(value, fractionDigits);
  const negative = rounded.startsWith("-");
  const [integerPart = "0", fractionPart] = (
    negative ? rounded.slice(1) : rounded
  ).split(".");
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const body = fractionPart ? `${grouped},${fractionPart}` : grouped;

  return negative ? `-${body}` : body;
}

/**
 * Rounds a decimal string to kuruş, half away from zero, and returns the
 * amount in kuruş.
 */
export function toKurus(amount: string): bigint {
  if (!DECIMAL_PATTERN.test(amount.trim())) {
    throw new Error(`"${amount}" is not a decimal amount such as 1234.50`);
  }
  const rounded = roundDecimal(amount, 2);
  const negative = rounded.startsWith("-");
  const digits = BigInt(
    (negative ? rounded.slice(1) : rounded).replace(".", ""),
  );

  return negative ? -digits : digits;
}

/**
 * Formats a TL amount, given as a decimal string or as whole kuruş (bigint),
 * rounded to kuruş: `formatTry("1234.5")` is `1.234,50 ₺`.
 */
export function formatTry(amount: string | bigint): string {
  const decimal =
    typeof amount === "bigint" ? toDecimalString(amount, 2) : amount;

  return `${formatDecimal(decimal, 2)}\u00a0₺`;
}

/** Formats an energy amount: `formatKwh("1234.567")` is `1.235 kWh`. */
export function formatKwh(amount: string, fractionDigits = 0): string {
  return `${formatDecimal(amount, fractionDigits)} kWh`;
}
