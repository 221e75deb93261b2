// Validation of an hourly load profile from automatic meter reading (OSOS).
//
// Such series are hourly index differences times the multiplier, so their
// flaws follow from how they are made:
// - missing hours: the hour is absent. It is estimated by linear
//   interpolation between the measured hours on either side and flagged.
// - catch-up after a gap: the first hour after missing hours may hold the
//   energy of the whole gap. When it exceeds `catchUpFactor` times the larger
//   of its measured neighbours, it is spread evenly over the missing hours
//   and itself, which keeps the measured energy, and flagged.
// - index reset: a negative difference (a meter swap or reset) is not
//   energy. The hour is excluded, estimated like a missing hour and flagged.
// Import (consumption) and export (injection) are validated as two separate
// channels and never netted against each other.
import {
  allocateProportionally,
  divideRounded,
  parseMilli,
} from "./decimal.ts";
import { formatLocalIso, TURKEY_TIME_ZONE } from "./time-zone.ts";

const HOUR_MS = 3_600_000;

export type HourlyRow = {
  // ISO 8601 instant with offset that starts the hour.
  timestamp: string;
  importKwh: string | number;
  exportKwh: string | number;
};

export type ChannelStatus = "measured" | "estimated" | "spread" | "excluded";

export type ChannelHour = {
  // Value to use: the measured value, an estimate (also for an excluded
  // hour) or this hour's share of a spread catch-up.
  valueMilli: bigint;
  status: ChannelStatus;
  // The value the meter gave, when it gave one.
  measuredMilli?: bigint;
};

export type ValidatedHour = {
  startUtcMs: number;
  start: string;
  missing: boolean;
  import: ChannelHour;
  export: ChannelHour;
};

export type Channel = "import" | "export";

export type SeriesFlag =
  | { kind: "missing"; startUtcMs: number; hours: number }
  | {
      kind: "catch_up";
      channel: Channel;
      startUtcMs: number;
      spreadOver: number;
      valueMilli: bigint;
    }
  | { kind: "reset"; channel: Channel; startUtcMs: number; valueMilli: bigint };

export type ValidationOptions = {
  catchUpFactor?: number;
  timeZone?: string;
};

export type SeriesValidation = {
  hours: ValidatedHour[];
  flags: SeriesFlag[];
  missingHourCount: number;
  totals: Record<Channel, { usedMilli: bigint; estimatedMilli: bigint }>;
};

export class SeriesError extends Error {}

type Slot = { valueMilli?: bigint };

function parseRows(rows: readonly HourlyRow[]) {
  const parsed = rows.map((row) => {
    const startUtcMs = Date.parse(row.timestamp);
    if (
      Number.isNaN(startUtcMs) ||
      !/[zZ]|[+-]\d{2}:\d{2}$/.test(row.timestamp)
    ) {
      throw new SeriesError(
        `invalid timestamp "${row.timestamp}": expected ISO 8601 with offset`,
      );
    }
    if (startUtcMs % HOUR_MS !== 0) {
      throw new SeriesError(
        `timestamp ${row.timestamp} is not on a whole hour`,
      );
    }

    return {
      startUtcMs,
      importMilli: parseMilli(row.importKwh),
      exportMilli: parseMilli(row.exportKwh),
    };
  });
  parsed.sort((a, b) => a.startUtcMs - b.startUtcMs);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]?.startUtcMs === parsed[i - 1]?.startUtcMs) {
      throw new SeriesError(
        `hour ${new Date(parsed[i]?.startUtcMs ?? 0).toISOString()} appears twice`,
      );
    }
  }

  return parsed;
}

// Fills one channel: slots without a usable value get estimates or shares
// of the catch-up that follows them.
function validateChannel(
  channel: Channel,
  slots: Slot[],
  starts: number[],
  missing: boolean[],
  catchUpFactor: number,
  flags: SeriesFlag[],
): ChannelHour[] {
  const result: ChannelHour[] = slots.map((slot) =>
    slot.valueMilli === undefined
      ? { valueMilli: 0n, status: "estimated" }
      : slot.valueMilli < 0n
        ? { valueMilli: 0n, status: "excluded", measuredMilli: slot.valueMilli }
        : {
            valueMilli: slot.valueMilli,
            status: "measured",
            measuredMilli: slot.valueMilli,
          },
  );
  for (let i = 0; i < result.length; i++) {
    const hour = result[i] as ChannelHour;
    if (hour.status === "excluded") {
      flags.push({
        kind: "reset",
        channel,
        startUtcMs: starts[i] as number,
        valueMilli: hour.measuredMilli as bigint,
      });
    }
  }

  let i = 0;
  while (i < result.length) {
    if ((result[i] as ChannelHour).status === "measured") {
      i++;
      continue;
    }
    // A run of hours without a usable value: [first, end).
    const first = i;
    let end = i;
    while (end < result.length && result[end]?.status !== "measured") {
      end++;
    }
    const before = first > 0 ? result[first - 1] : undefined;
    const after = end < result.length ? result[end] : undefined;
    const onlyMissing = missing
      .slice(first, end)
      .every((isMissing) => isMissing);
    const afterNext = end + 1 < result.length ? result[end + 1] : undefined;
    const neighbourMilli = [before, afterNext]
      .filter((hour) => hour?.status === "measured")
      .reduce((max, hour) => {
        const value = (hour as ChannelHour).valueMilli;

        return value > max ? value : max;
      }, 0n);
    const afterMilli = after?.valueMilli ?? 0n;
    const scaledFactor = BigInt(Math.round(catchUpFactor * 1000));
    if (
      after !== undefined &&
      onlyMissing &&
      afterMilli * 1000n > neighbourMilli * scaledFactor
    ) {
      const count = end - first + 1;
      const shares = allocateProportionally(
        afterMilli,
        new Array<bigint>(count).fill(1n),
      );
      for (let k = 0; k < count; k++) {
        result[first + k] = {
          valueMilli: shares[k] as bigint,
          status: "spread",
          ...(k === count - 1 ? { measuredMilli: afterMilli } : {}),
        };
      }
      flags.push({
        kind: "catch_up",
        channel,
        startUtcMs: starts[end] as number,
        spreadOver: count,
        valueMilli: afterMilli,
      });
      i = end + 1;
      continue;
    }
    const fromMilli = before?.valueMilli ?? afterMilli;
    const toMilli = after?.valueMilli ?? fromMilli;
    const steps = BigInt(end - first + 1);
    for (let k = first; k < end; k++) {
      const position = BigInt(k - first + 1);
      const estimate =
        fromMilli + divideRounded((toMilli - fromMilli) * position, steps);
      result[k] = { ...(result[k] as ChannelHour), valueMilli: estimate };
    }
    i = end;
  }

  return result;
}

// Validates an hourly series of one metering point. The result has one hour
// for every hour from the first to the last row, with gaps filled.
export function validateHourlySeries(
  rows: readonly HourlyRow[],
  options: ValidationOptions = {},
): SeriesValidation {
  const timeZone = options.timeZone ?? TURKEY_TIME_ZONE;
  const catchUpFactor = options.catchUpFactor ?? 3;
  const parsed = parseRows(rows);
  const flags: SeriesFlag[] = [];
  const emptyTotals = { usedMilli: 0n, estimatedMilli: 0n };
  if (parsed.length === 0) {
    return {
      hours: [],
      flags,
      missingHourCount: 0,
      totals: { import: { ...emptyTotals }, export: { ...emptyTotals } },
    };
  }
  const firstMs = parsed[0]?.startUtcMs as number;
  const lastMs = parsed.at(-1)?.startUtcMs as number;
  const count = (lastMs - firstMs) / HOUR_MS + 1;
  const starts = Array.from({ length: count }, (_, k) => firstMs + k * HOUR_MS);
  const importSlots: Slot[] = starts.map(() => ({}));
  const exportSlots: Slot[] = starts.map(() => ({}));
  const missing = starts.map(() => true);
  for (const row of parsed) {
    const index = (row.startUtcMs - firstMs) / HOUR_MS;
    missing[index] = false;
    importSlots[index] = { valueMilli: row.importMilli };
    exportSlots[index] = { valueMilli: row.exportMilli };
  }
  for (let k = 0; k < count; k++) {
    if (missing[k] && !missing[k - 1]) {
      let length = 0;
      while (missing[k + length]) {
        length++;
      }
      flags.push({
        kind: "missing",
        startUtcMs: starts[k] as number,
        hours: length,
      });
    }
  }
  const importHours = validateChannel(
    "import",
    importSlots,
    starts,
    missing,
    catchUpFactor,
    flags,
  );
  const exportHours = validateChannel(
    "export",
    exportSlots,
    starts,
    missing,
    catchUpFactor,
    flags,
  );
  const totals = {
    import: { ...emptyTotals },
    export: { ...emptyTotals },
  };
  const hours = starts.map((startUtcMs, k) => {
    const importHour = importHours[k] as ChannelHour;
    const exportHour = exportHours[k] as ChannelHour;
    for (const [channel, hour] of [
      ["import", importHour],
      ["export", exportHour],
    ] as const) {
      totals[channel].usedMilli += hour.valueMilli;
      if (hour.status === "estimated" || hour.status === "excluded") {
        totals[channel].estimatedMilli += hour.valueMilli;
      }
    }

    return {
      startUtcMs,
      start: formatLocalIso(startUtcMs, timeZone),
      missing: missing[k] as boolean,
      import: importHour,
      export: exportHour,
    };
  });

  return {
    hours,
    flags: flags.sort((a, b) => a.startUtcMs - b.startUtcMs),
    missingHourCount: missing.filter(Boolean).length,
    totals,
  };
}
