// Turns what OSOS returned for one metering point and period into rows to
// store: validated hours with a quality per channel, register readings, and
// flags for gaps, catch-up values, resets, meter replacements, rollovers
// and implausible register drops. Consumption (import) and injection
// (export) stay separate throughout.
import { DecimalError, formatMilli, parseScaled } from "../readings/decimal.ts";
import {
  type ChannelHour,
  consumptionFromIndexes,
  type MeterIndexRecord,
  SeriesError,
  type SeriesFlag,
  validateHourlySeries,
  type ZoneTotals,
} from "../readings/index.ts";
import { formatLocalIso, TURKEY_TIME_ZONE } from "../readings/time-zone.ts";
import { OutsideSystemError } from "./http.ts";
import type { LoadProfileHour, OsosIndexReading } from "./osos.ts";

const HOUR_MS = 3_600_000;

export type Quality =
  | "measured"
  | "estimated"
  | "catch_up"
  | "reset"
  | "profiled";

export type HourRow = {
  meteringPointId: string;
  hourStart: string;
  consumptionKwh: string;
  injectionKwh: string;
  consumptionQuality: Quality;
  injectionQuality: Quality;
  estimationMethod: string | null;
  meterConsumptionKwh: string | null;
  meterInjectionKwh: string | null;
};

export type FlagRow = {
  meteringPointId: string;
  kind:
    | "missing_hours"
    | "catch_up"
    | "reset"
    | "meter_replacement"
    | "rollover"
    | "index_review";
  channel: string | null;
  startsAt: string;
  hourCount: number | null;
  meterValueKwh: string | null;
  detail: Record<string, unknown>;
};

export type IndexRow = {
  meteringPointId: string;
  reading: OsosIndexReading;
};

export type PointResult = {
  hours: HourRow[];
  flags: FlagRow[];
  indexRows: IndexRow[];
  // Register consumption per time zone to spread over the hours of each
  // whole month (YYYY-MM) that has no load profile.
  monthsToProfile: { month: string; byZoneMilli: ZoneTotals }[];
};

export type Period = { startMs: number; endMs: number };

function iso(ms: number): string {
  return formatLocalIso(ms, TURKEY_TIME_ZONE);
}

function qualityOf(hour: ChannelHour): Quality {
  switch (hour.status) {
    case "measured":
      return "measured";
    case "estimated":
      return "estimated";
    case "spread":
      return "catch_up";
    case "excluded":
      return "reset";
  }
}

function meterValue(hour: ChannelHour): string | null {
  return hour.status !== "measured" && hour.measuredMilli !== undefined
    ? formatMilli(hour.measuredMilli)
    : null;
}

// Estimated and reset hours are linear interpolations. A catch-up is always
// spread evenly, so its quality alone implies the method.
function methodOf(consumption: Quality, injection: Quality): string | null {
  if (
    [consumption, injection].some(
      (quality) => quality === "estimated" || quality === "reset",
    )
  ) {
    return "linear_interpolation";
  }

  return consumption === "catch_up" || injection === "catch_up"
    ? "even_spread"
    : null;
}

function seriesFlag(meteringPointId: string, flag: SeriesFlag): FlagRow {
  const channel =
    flag.kind === "missing"
      ? null
      : flag.channel === "import"
        ? "consumption"
        : "injection";
  if (flag.kind === "missing") {
    return {
      meteringPointId,
      kind: "missing_hours",
      channel,
      startsAt: iso(flag.startUtcMs),
      hourCount: flag.hours,
      meterValueKwh: null,
      detail: { estimated_by: "linear_interpolation" },
    };
  }
  if (flag.kind === "catch_up") {
    return {
      meteringPointId,
      kind: "catch_up",
      channel,
      startsAt: iso(flag.startUtcMs),
      hourCount: flag.spreadOver,
      meterValueKwh: formatMilli(flag.valueMilli),
      detail: { spread: "even" },
    };
  }

  return {
    meteringPointId,
    kind: "reset",
    channel,
    startsAt: iso(flag.startUtcMs),
    hourCount: 1,
    meterValueKwh: formatMilli(flag.valueMilli),
    detail: { estimated_by: "linear_interpolation" },
  };
}

function edgeGap(
  meteringPointId: string,
  fromMs: number,
  toMs: number,
  at: "period_start" | "period_end" | "whole_period",
): FlagRow[] {
  const hours = (toMs - fromMs) / HOUR_MS;
  if (hours <= 0) {
    return [];
  }

  return [
    {
      meteringPointId,
      kind: "missing_hours",
      channel: null,
      startsAt: iso(fromMs),
      hourCount: hours,
      meterValueKwh: null,
      // No measured neighbour inside the period: left unestimated until a
      // later fetch brings the hours or their neighbours.
      detail: { estimated_by: null, at },
    },
  ];
}

// Validates the load profile of one point. `profile` covers the period and
// a look-back window before it, so that a gap that began before the period
// and the catch-up value ending it are recognised. Hours of the period are
// returned, and hours of the look-back window only where they were not
// measured (gap hours, whose estimate or catch-up share is new).
export function analyseLoadProfile(
  meteringPointId: string,
  meterCode: string,
  period: Period,
  lookbackStartMs: number,
  profile: readonly LoadProfileHour[],
): { hours: HourRow[]; flags: FlagRow[] } {
  let validation: ReturnType<typeof validateHourlySeries>;
  try {
    validation = validateHourlySeries(profile);
  } catch (error) {
    if (error instanceof SeriesError || error instanceof DecimalError) {
      throw new OutsideSystemError(
        `OSOS load-profile of ${meterCode} returned a malformed series: ${error.message}`,
        false,
      );
    }
    throw error;
  }
  const first = validation.hours[0]?.startUtcMs;
  const last = validation.hours.at(-1)?.startUtcMs;
  if (first === undefined || last === undefined || last < period.startMs) {
    return {
      hours: [],
      flags: edgeGap(
        meteringPointId,
        period.startMs,
        period.endMs,
        "whole_period",
      ),
    };
  }
  if (first < lookbackStartMs || last >= period.endMs) {
    throw new OutsideSystemError(
      `OSOS load-profile of ${meterCode} returned hours outside ${iso(lookbackStartMs)}..${iso(period.endMs)}`,
      false,
    );
  }
  const hours = validation.hours
    .filter(
      (hour) =>
        hour.startUtcMs >= period.startMs ||
        hour.import.status !== "measured" ||
        hour.export.status !== "measured",
    )
    .map((hour): HourRow => {
      const consumptionQuality = qualityOf(hour.import);
      const injectionQuality = qualityOf(hour.export);

      return {
        meteringPointId,
        hourStart: hour.start,
        consumptionKwh: formatMilli(hour.import.valueMilli),
        injectionKwh: formatMilli(hour.export.valueMilli),
        consumptionQuality,
        injectionQuality,
        estimationMethod: methodOf(consumptionQuality, injectionQuality),
        meterConsumptionKwh: meterValue(hour.import),
        meterInjectionKwh: meterValue(hour.export),
      };
    });

  return {
    hours,
    flags: [
      ...edgeGap(meteringPointId, period.startMs, first, "period_start"),
      ...validation.flags.map((flag) => seriesFlag(meteringPointId, flag)),
      ...edgeGap(meteringPointId, last + HOUR_MS, period.endMs, "period_end"),
    ],
  };
}

// Splits readings into one record per meter, in reading order, so that a
// new serial starts a new record (a meter replacement).
function meterRecords(
  readings: readonly OsosIndexReading[],
): MeterIndexRecord[] {
  const records: MeterIndexRecord[] = [];
  for (const reading of readings) {
    let record = records.at(-1);
    if (record === undefined || record.meterSerial !== reading.meterSerial) {
      record = {
        meterSerial: reading.meterSerial,
        registerDigits: reading.registerDigits,
        multiplier: reading.multiplier,
        readings: [],
      };
      records.push(record);
    }
    (record.readings as MeterIndexRecord["readings"][number][]).push({
      readAt: reading.readAt,
      registers: {
        T1: reading.t1Index,
        T2: reading.t2Index,
        T3: reading.t3Index,
      },
    });
  }

  return records;
}

// Flags meter replacements, rollovers and register drops to review in the
// register readings of one point, and returns the register consumption per
// time zone between the first and the last reading.
export function analyseIndexReadings(
  meteringPointId: string,
  meterCode: string,
  readings: readonly OsosIndexReading[],
): { flags: FlagRow[]; byZoneMilli: ZoneTotals | null } {
  const sorted = [...readings].sort(
    (a, b) => Date.parse(a.readAt) - Date.parse(b.readAt),
  );
  if (sorted.some((reading) => Number.isNaN(Date.parse(reading.readAt)))) {
    throw new OutsideSystemError(
      `OSOS index-readings of ${meterCode} returned an invalid readAt`,
      false,
    );
  }
  const records = meterRecords(sorted);
  const flags: FlagRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = records[i] as MeterIndexRecord;
    flags.push({
      meteringPointId,
      kind: "meter_replacement",
      channel: null,
      startsAt: record.readings[0]?.readAt as string,
      hourCount: null,
      meterValueKwh: null,
      detail: {
        previous_meter_serial: records[i - 1]?.meterSerial,
        meter_serial: record.meterSerial,
      },
    });
  }
  if (sorted.length < 2) {
    return { flags, byZoneMilli: null };
  }
  let result: ReturnType<typeof consumptionFromIndexes>;
  try {
    result = consumptionFromIndexes(records);
  } catch (error) {
    throw new OutsideSystemError(
      `OSOS index-readings of ${meterCode} cannot be used: ${(error as Error).message}`,
      false,
    );
  }
  for (const interval of result.meters.flatMap((meter) => meter.intervals)) {
    if (interval.kind === "advance") {
      continue;
    }
    flags.push({
      meteringPointId,
      kind: interval.kind === "rollover" ? "rollover" : "index_review",
      channel: interval.register,
      startsAt: interval.fromReadAt,
      hourCount: null,
      meterValueKwh:
        interval.consumptionMilli === null
          ? null
          : formatMilli(interval.consumptionMilli),
      detail: {
        meter_serial: interval.meterSerial,
        to_read_at: interval.toReadAt,
        from_index_kwh: formatMilli(interval.fromIndexMilli),
        to_index_kwh: formatMilli(interval.toIndexMilli),
        ...(interval.reason === undefined ? {} : { reason: interval.reason }),
      },
    });
  }

  return { flags, byZoneMilli: result.byZoneMilli };
}

// Rounds hourly kWh with six decimals (as convert_consumption_to_hourly
// returns them) to milli-kWh by cumulative rounding per series, so that the
// rounded hours still sum to the series total exactly.
export function roundCumulatively(values: readonly string[]): string[] {
  let micro = 0n;
  let previousMilli = 0n;

  return values.map((value) => {
    micro += parseScaled(value, 6);
    const milli = (micro + (micro >= 0n ? 500n : -500n)) / 1000n;
    const hour = milli - previousMilli;
    previousMilli = milli;

    return formatMilli(hour);
  });
}
