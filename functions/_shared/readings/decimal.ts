// Energy quantities as integer milli-kWh (bigint), so that sums and
// differences of billed quantities are exact. Decimal text such as "45210.4"
// is parsed digit by digit, never through a binary float.

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class DecimalError extends Error {}

// Parses a decimal number into an integer count of 1/10^scale units. Rejects
// more fractional digits than `scale` instead of rounding them away.
export function parseScaled(value: string | number, scale: number): bigint {
  const text = typeof value === "number" ? numberText(value) : value.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) {
    throw new DecimalError(`invalid decimal number "${text}"`);
  }
  const [, sign, whole = "0", fraction = ""] = match;
  const trimmed = fraction.replace(/0+$/, "");
  if (trimmed.length > scale) {
    throw new DecimalError(`"${text}" has more than ${scale} decimal places`);
  }
  const units =
    BigInt(whole) * 10n ** BigInt(scale) +
    BigInt(trimmed.padEnd(scale, "0") || "0");

  return sign === "-" ? -units : units;
}

// JSON numbers arrive as doubles. Their shortest decimal text is what the
// sender wrote, so that text is parsed.
function numberText(value: number): string {
  if (!Number.isFinite(value)) {
    throw new DecimalError(`invalid decimal number ${value}`);
  }
  const text = String(value);
  if (/e/i.test(text)) {
    throw new DecimalError(`number ${text} is outside the supported range`);
  }

  return text;
}

export function parseMilli(value: string | number): bigint {
  return parseScaled(value, 3);
}

// Formats a scaled integer as decimal text with exactly `scale` places.
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units)
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  const body = scale > 0 ? `${whole}.${fraction}` : whole;

  return negative ? `-${body}` : body;
}

export function formatMilli(milli: bigint): string {
  return formatScaled(milli, 3);
}

// Divides and rounds half away from zero.
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) {
    throw new DecimalError("division by zero");
  }
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);

  return negative ? -quotient : quotient;
}

// Splits `total` into parts proportional to `weights` that sum to `total`
// exactly: each part is rounded down and the remaining units go to the
// largest remainders, earlier parts first on ties.
export function allocateProportionally(
  total: bigint,
  weights: readonly bigint[],
): bigint[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weights.some((weight) => weight < 0n)) {
    throw new DecimalError("weights must not be negative");
  }
  if (weightSum === 0n) {
    throw new DecimalError("weights must not all be zero");
  }
  const negative = total < 0n;
  const amount = negative ? -total : total;
  const parts = weights.map((weight) => (amount * weight) / weightSum);
  const remainders = weights.map((weight, index) => ({
    index,
    remainder: (amount * weight) % weightSum,
  }));
  let left = amount - parts.reduce((sum, part) => sum + part, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder
      ? a.index - b.index
      : a.remainder > b.remainder
        ? -1
        : 1,
  );
  for (const { index } of remainders) {
    if (left === 0n) {
      break;
    }
    parts[index] = (parts[index] as bigint) + 1n;
    left -= 1n;
  }

  return negative ? parts.map((part) => -part) : parts;
}
