// Consumption series for the customer's charts: periods of a metering point
// split by time zone (T1 06–17, T2 17–22, T3 22–06, by Istanbul hour), with
// injection apart and estimated values kept separate. Energy is kept in
// whole Wh, which is exact because the readings have 3 decimals of kWh.

const ZONE = "Europe/Istanbul";

export const TIME_ZONE_CODES = ["T1", "T2", "T3"] as const;
export type TimeZoneCode = (typeof TIME_ZONE_CODES)[number];
export type Granularity = "month" | "day" | "hour";

/** Energy of one chart period, in Wh. */
export type ConsumptionPeriod = {
  start_ms: number;
  measured_wh: Record<TimeZoneCode, number>;
  estimated_wh: Record<TimeZoneCode, number>;
  injection_wh: number;
  // The same local hour twice on the day clocks go back needs its offset.
  utc_offset: string;
};

/** A row of the metering_point_consumption RPC. */
export type ConsumptionRow = {
  period_start: string;
  time_zone_code: TimeZoneCode;
  consumption_kwh: number | string;
  injection_kwh: number | string;
  estimated_consumption_kwh: number | string;
};

/** A row of hourly_readings as the hourly chart reads it. */
export type HourlyReadingRow = {
  hour_start: string;
  consumption_kwh: number | string;
  injection_kwh: number | string;
  consumption_quality: string;
};

/** Converts a kWh value with at most 3 decimals to whole Wh. */
export function toWh(kwh: number | string): number {
  return Math.round(Number(kwh) * 1000);
}

const PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "shortOffset",
});

/** Istanbul wall-clock fields and UTC offset ("+03") of an instant. */
export function istanbulParts(ms: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  offset: string;
} {
  const parts = Object.fromEntries(
    PARTS.formatToParts(new Date(ms)).map((part) => [part.type, part.value]),
  );
  // shortOffset gives "GMT+3" or "GMT+2". Istanbul's offsets since 1910
  // are whole hours, so the minutes are not read.
  const hours = Number((parts.timeZoneName ?? "GMT").slice(3) || "0");
  const sign = hours < 0 ? "-" : "+";

  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    offset: `${sign}${String(Math.abs(hours)).padStart(2, "0")}`,
  };
}

/** Returns the instant of Istanbul midnight on a calendar date. */
export function istanbulMidnight(
  year: number,
  month: number,
  day: number,
): number {
  const wall = Date.UTC(year, month - 1, day);
  let instant = wall;
  // Two rounds settle the offset when local midnight exists. NOTE: a clock
  // change at midnight would put the instant an hour off.
  for (let round = 0; round < 2; round += 1) {
    const parts = istanbulParts(instant);
    const wallOfInstant = Date.UTC(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
    );
    instant -= wallOfInstant - wall;
  }

  return instant;
}

/** Returns the T1/T2/T3 time zone of an Istanbul hour 0–23. */
export function timeZoneOfHour(hour: number): TimeZoneCode {
  if (hour >= 6 && hour < 17) {
    return "T1";
  }
  if (hour >= 17 && hour < 22) {
    return "T2";
  }

  return "T3";
}

function emptyPeriod(startMs: number): ConsumptionPeriod {
  return {
    start_ms: startMs,
    measured_wh: { T1: 0, T2: 0, T3: 0 },
    estimated_wh: { T1: 0, T2: 0, T3: 0 },
    injection_wh: 0,
    utc_offset: istanbulParts(startMs).offset,
  };
}

function sortedPeriods(
  byStart: Map<number, ConsumptionPeriod>,
): ConsumptionPeriod[] {
  return [...byStart.values()].sort((a, b) => a.start_ms - b.start_ms);
}

/** Groups the RPC's rows (one per period and time zone) into periods. */
export function periodsFromRows(rows: ConsumptionRow[]): ConsumptionPeriod[] {
  const byStart = new Map<number, ConsumptionPeriod>();
  for (const row of rows) {
    const startMs = Date.parse(row.period_start);
    const period = byStart.get(startMs) ?? emptyPeriod(startMs);
    const estimated = toWh(row.estimated_consumption_kwh);
    period.measured_wh[row.time_zone_code] +=
      toWh(row.consumption_kwh) - estimated;
    period.estimated_wh[row.time_zone_code] += estimated;
    period.injection_wh += toWh(row.injection_kwh);
    byStart.set(startMs, period);
  }

  return sortedPeriods(byStart);
}

/** Turns hourly readings into one period per hour, zoned by Istanbul hour. */
export function periodsFromHours(
  rows: HourlyReadingRow[],
): ConsumptionPeriod[] {
  const byStart = new Map<number, ConsumptionPeriod>();
  for (const row of rows) {
    const startMs = Date.parse(row.hour_start);
    const period = byStart.get(startMs) ?? emptyPeriod(startMs);
    const zone = timeZoneOfHour(istanbulParts(startMs).hour);
    const energy = toWh(row.consumption_kwh);
    if (row.consumption_quality === "measured") {
      period.measured_wh[zone] += energy;
    } else {
      period.estimated_wh[zone] += energy;
    }
    period.injection_wh += toWh(row.injection_kwh);
    byStart.set(startMs, period);
  }

  return sortedPeriods(byStart);
}

/** Consumption of a period over all time zones, measured or not, in Wh. */
export function consumptionWh(period: ConsumptionPeriod): number {
  let total = 0;
  for (const zone of TIME_ZONE_CODES) {
    total += period.measured_wh[zone] + period.estimated_wh[zone];
  }

  return total;
}

/** Estimated consumption of a period over all time zones, in Wh. */
export function estimatedWh(period: ConsumptionPeriod): number {
  let total = 0;
  for (const zone of TIME_ZONE_CODES) {
    total += period.estimated_wh[zone];
  }

  return total;
}

/**
 * Sums stacked bar values per index the way chart.js draws them: positive
 * values stack up from zero and negative values down from zero, so the top
 * of a bar is not its net. The net is drawn as its own marker.
 */
export function stackTotals(series: number[][]): {
  positive: number[];
  negative: number[];
  net: number[];
} {
  const length = Math.max(0, ...series.map((values) => values.length));
  const positive = new Array<number>(length).fill(0);
  const negative = new Array<number>(length).fill(0);
  for (const values of series) {
    values.forEach((value, index) => {
      if (value < 0) {
        negative[index] = (negative[index] ?? 0) + value;
      } else {
        positive[index] = (positive[index] ?? 0) + value;
      }
    });
  }
  const net = positive.map((value, index) => value + (negative[index] ?? 0));

  return { positive, negative, net };
}

const MONTH_LABEL = new Intl.DateTimeFormat("tr-TR", {
  timeZone: ZONE,
  month: "short",
  year: "numeric",
});
const DAY_LABEL = new Intl.DateTimeFormat("tr-TR", {
  timeZone: ZONE,
  day: "numeric",
  month: "short",
  year: "numeric",
});

/**
 * Labels periods in Istanbul time whatever the browser's zone ("Eki 2026",
 * "8 Kas 2015", "03:00"). On a day with a clock change every hour also
 * shows its UTC offset, so the repeated 03:00 reads "03:00 +03" and
 * "03:00 +02".
 */
export function periodLabels(
  periods: ConsumptionPeriod[],
  granularity: Granularity,
): string[] {
  if (granularity === "month") {
    return periods.map((period) => MONTH_LABEL.format(period.start_ms));
  }
  if (granularity === "day") {
    return periods.map((period) => DAY_LABEL.format(period.start_ms));
  }
  const offsets = new Set(periods.map((period) => period.utc_offset));

  return periods.map((period) => {
    const parts = istanbulParts(period.start_ms);
    const clock = `${String(parts.hour).padStart(2, "0")}:00`;

    return offsets.size > 1 ? `${clock} ${period.utc_offset}` : clock;
  });
}

/** Returns the [from, to) instants of a period given as yyyy, yyyy-MM or yyyy-MM-dd. */
export function periodRange(
  period: string,
  granularity: Granularity,
): { from_ms: number; to_ms: number } | null {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(period);
  if (!match) {
    return null;
  }
  const year = Number(match[1]);
  const month = Number(match[2] ?? "1");
  const day = Number(match[3] ?? "1");
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return null;
  }
  if (granularity === "month") {
    return {
      from_ms: istanbulMidnight(year, 1, 1),
      to_ms: istanbulMidnight(year + 1, 1, 1),
    };
  }
  if (granularity === "day") {
    return {
      from_ms: istanbulMidnight(year, month, 1),
      to_ms: istanbulMidnight(year, month + 1, 1),
    };
  }

  return {
    from_ms: istanbulMidnight(year, month, day),
    to_ms: istanbulMidnight(year, month, day + 1),
  };
}
