// Exact decimal arithmetic for the pricing tests: values are BigInt
// numerators over 10^scale, so no figure passes through a binary float.

export class Decimal {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static of(value: string | number | bigint): Decimal {
    if (typeof value === "bigint") {
      return new Decimal(value, 0);
    }
    const text = typeof value === "number" ? String(value) : value.trim();
    const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) {
      throw new Error(`"${text}" is not a decimal`);
    }
    const [, sign, whole = "0", fraction = ""] = match;
    const units = BigInt(`${whole}${fraction}`);

    return new Decimal(sign ? -units : units, fraction.length);
  }

  static zero = new Decimal(0n, 0);

  private aligned(other: Decimal): [bigint, bigint, number] {
    const scale = Math.max(this.scale, other.scale);

    return [
      this.units * 10n ** BigInt(scale - this.scale),
      other.units * 10n ** BigInt(scale - other.scale),
      scale,
    ];
  }

  plus(other: Decimal): Decimal {
    const [a, b, scale] = this.aligned(other);

    return new Decimal(a + b, scale);
  }

  minus(other: Decimal): Decimal {
    const [a, b, scale] = this.aligned(other);

    return new Decimal(a - b, scale);
  }

  times(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  // Divides and rounds half away from zero to `scale` decimals.
  dividedBy(other: Decimal, scale: number): Decimal {
    const numerator = this.units * 10n ** BigInt(scale + other.scale);
    const denominator = other.units * 10n ** BigInt(this.scale);

    return new Decimal(roundDivide(numerator, denominator), scale);
  }

  // Rounds half away from zero (half-up for positive amounts).
  round(scale: number): Decimal {
    if (scale >= this.scale) {
      return new Decimal(this.units * 10n ** BigInt(scale - this.scale), scale);
    }

    return new Decimal(
      roundDivide(this.units, 10n ** BigInt(this.scale - scale)),
      scale,
    );
  }

  compare(other: Decimal): number {
    const [a, b] = this.aligned(other);

    return a < b ? -1 : a > b ? 1 : 0;
  }

  abs(): Decimal {
    return this.units < 0n ? new Decimal(-this.units, this.scale) : this;
  }

  // The value with exactly `scale` decimals, as Postgres prints numeric.
  toFixed(scale: number): string {
    const rounded = this.round(scale);
    const negative = rounded.units < 0n;
    const digits = (negative ? -rounded.units : rounded.units)
      .toString()
      .padStart(scale + 1, "0");
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale);

    return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${fraction}` : ""}`;
  }
}

function roundDivide(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);

  return negative ? -quotient : quotient;
}

export const dec = Decimal.of;

export function sum(values: Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value), Decimal.zero);
}
