// Consumption from cumulative register indexes of three-time meters.
//
// Consumption is worked out per meter, never across meters: a replaced
// meter's final index closes its record and the new meter's initial index
// opens the next, so a swap never shows up as a negative difference. Within
// one meter a decreasing index is either a register rollover (the register
// wrapped past its largest value) or an error to review; the two are told
// apart by how much energy the wrap would imply. Index differences are
// multiplied by the meter's multiplier (CT/VT ratio). All arithmetic is in
// integer milli-kWh.
import {
  divideRounded,
  formatMilli,
  parseMilli,
  parseScaled,
} from "./decimal.ts";

export const TIME_ZONE_CODES = ["T1", "T2", "T3"] as const;
export type TimeZoneCode = (typeof TIME_ZONE_CODES)[number];

export type IndexReading = {
  // ISO date or date-time of the reading.
  readAt: string;
  registers: Partial<Record<TimeZoneCode, string | number>>;
};

export type MeterIndexRecord = {
  meterSerial: string;
  // Digits before the decimal point of the register: 6 means it counts up to
  // 999 999.999 kWh and then starts again at 0.
  registerDigits: number;
  multiplier: string | number;
  // Ascending by readAt. The first reading is the index at the period start
  // or the initial index at installation; the last is the index at the
  // period end or the final index at removal.
  readings: readonly IndexReading[];
};

export type ConsumptionOptions = {
  // Largest advance, in register kWh before the multiplier, that a
  // rollover may imply within one reading interval. A decreasing index whose
  // wrap would imply more is flagged for review. Defaults to a tenth of the
  // register's range (99 999.999 kWh for a 6-digit register).
  maxRolloverKwh?: string | number;
};

export type IntervalKind = "advance" | "rollover" | "review";

export type RegisterInterval = {
  meterSerial: string;
  register: TimeZoneCode;
  fromReadAt: string;
  toReadAt: string;
  fromIndexMilli: bigint;
  toIndexMilli: bigint;
  kind: IntervalKind;
  // Register advance times the multiplier; null when the interval needs
  // review and must not be billed.
  consumptionMilli: bigint | null;
  reason?: string;
};

export type ZoneTotals = Record<TimeZoneCode, bigint>;

export type MeterConsumption = {
  meterSerial: string;
  byZoneMilli: ZoneTotals;
  totalMilli: bigint;
  intervals: RegisterInterval[];
};

export type ConsumptionResult = {
  meters: MeterConsumption[];
  byZoneMilli: ZoneTotals;
  totalMilli: bigint;
  // Intervals left out of the totals until someone checks the readings.
  reviews: RegisterInterval[];
};

export class IndexReadingError extends Error {}

function emptyTotals(): ZoneTotals {
  return { T1: 0n, T2: 0n, T3: 0n };
}

// Multiplier as an integer of thousandths, so decimal ratios stay exact.
function multiplierThousandths(record: MeterIndexRecord): bigint {
  const value = parseScaled(record.multiplier, 3);
  if (value <= 0n) {
    throw new IndexReadingError(
      `multiplier of meter ${record.meterSerial} must be positive, ` +
        `got ${record.multiplier}`,
    );
  }

  return value;
}

function registerRangeMilli(record: MeterIndexRecord): bigint {
  const digits = record.registerDigits;
  if (!Number.isInteger(digits) || digits < 1 || digits > 12) {
    throw new IndexReadingError(
      `register digits of meter ${record.meterSerial} must be 1–12, got ${digits}`,
    );
  }

  return 10n ** BigInt(digits) * 1000n;
}

function readIndex(
  record: MeterIndexRecord,
  reading: IndexReading,
  register: TimeZoneCode,
  rangeMilli: bigint,
): bigint | undefined {
  const raw = reading.registers[register];
  if (raw === undefined) {
    return undefined;
  }
  const value = parseMilli(raw);
  if (value < 0n || value >= rangeMilli) {
    throw new IndexReadingError(
      `${register} index ${raw} of meter ${record.meterSerial} at ` +
        `${reading.readAt} does not fit a ${record.registerDigits}-digit register`,
    );
  }

  return value;
}

function classify(
  fromMilli: bigint,
  toMilli: bigint,
  rangeMilli: bigint,
  maxRolloverMilli: bigint,
): { kind: IntervalKind; advanceMilli: bigint | null; reason?: string } {
  if (toMilli >= fromMilli) {
    return { kind: "advance", advanceMilli: toMilli - fromMilli };
  }
  const wrapped = toMilli + rangeMilli - fromMilli;
  if (wrapped <= maxRolloverMilli) {
    return { kind: "rollover", advanceMilli: wrapped };
  }

  return {
    kind: "review",
    advanceMilli: null,
    reason:
      `index fell from ${formatMilli(fromMilli)} to ${formatMilli(toMilli)}; ` +
      `a rollover would imply ${formatMilli(wrapped)} kWh, more than the ` +
      `plausible ${formatMilli(maxRolloverMilli)} kWh`,
  };
}

function meterConsumption(
  record: MeterIndexRecord,
  options: ConsumptionOptions,
): MeterConsumption {
  const rangeMilli = registerRangeMilli(record);
  const multiplier = multiplierThousandths(record);
  const maxRolloverMilli =
    options.maxRolloverKwh === undefined
      ? rangeMilli / 10n
      : parseMilli(options.maxRolloverKwh);
  const readings = record.readings;
  if (readings.length < 2) {
    throw new IndexReadingError(
      `meter ${record.meterSerial} needs at least two readings, got ${readings.length}`,
    );
  }
  for (let i = 1; i < readings.length; i++) {
    const previous = readings[i - 1] as IndexReading;
    const current = readings[i] as IndexReading;
    if (Date.parse(current.readAt) < Date.parse(previous.readAt)) {
      throw new IndexReadingError(
        `readings of meter ${record.meterSerial} are not in date order: ` +
          `${current.readAt} follows ${previous.readAt}`,
      );
    }
  }
  const byZoneMilli = emptyTotals();
  const intervals: RegisterInterval[] = [];
  for (const register of TIME_ZONE_CODES) {
    let previous: { reading: IndexReading; index: bigint } | undefined;
    for (const reading of readings) {
      const index = readIndex(record, reading, register, rangeMilli);
      if (index === undefined) {
        continue;
      }
      if (previous !== undefined) {
        const outcome = classify(
          previous.index,
          index,
          rangeMilli,
          maxRolloverMilli,
        );
        const consumptionMilli =
          outcome.advanceMilli === null
            ? null
            : divideRounded(outcome.advanceMilli * multiplier, 1000n);
        if (consumptionMilli !== null) {
          byZoneMilli[register] += consumptionMilli;
        }
        intervals.push({
          meterSerial: record.meterSerial,
          register,
          fromReadAt: previous.reading.readAt,
          toReadAt: reading.readAt,
          fromIndexMilli: previous.index,
          toIndexMilli: index,
          kind: outcome.kind,
          consumptionMilli,
          ...(outcome.reason ? { reason: outcome.reason } : {}),
        });
      }
      previous = { reading, index };
    }
  }

  return {
    meterSerial: record.meterSerial,
    byZoneMilli,
    totalMilli: byZoneMilli.T1 + byZoneMilli.T2 + byZoneMilli.T3,
    intervals,
  };
}

// Works out the consumption of one metering point over a period from the
// index records of every meter that served it, in installation order.
export function consumptionFromIndexes(
  records: readonly MeterIndexRecord[],
  options: ConsumptionOptions = {},
): ConsumptionResult {
  const meters = records.map((record) => meterConsumption(record, options));
  for (let i = 1; i < records.length; i++) {
    const removed = (records[i - 1] as MeterIndexRecord).readings.at(-1);
    const installed = (records[i] as MeterIndexRecord).readings[0];
    if (
      removed !== undefined &&
      installed !== undefined &&
      Date.parse(installed.readAt) < Date.parse(removed.readAt)
    ) {
      throw new IndexReadingError(
        `meter ${records[i]?.meterSerial} was installed at ${installed.readAt}, ` +
          `before meter ${records[i - 1]?.meterSerial} was removed at ${removed.readAt}`,
      );
    }
  }
  const byZoneMilli = emptyTotals();
  for (const meter of meters) {
    for (const register of TIME_ZONE_CODES) {
      byZoneMilli[register] += meter.byZoneMilli[register];
    }
  }

  return {
    meters,
    byZoneMilli,
    totalMilli: byZoneMilli.T1 + byZoneMilli.T2 + byZoneMilli.T3,
    reviews: meters.flatMap((meter) =>
      meter.intervals.filter((interval) => interval.kind === "review"),
    ),
  };
}
