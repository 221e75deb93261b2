// Prorating a reading period that does not match a calendar month.
//
// Readings are taken at the start of a local day, so a period from reading
// date A to reading date B covers the local days A, A+1, … B−1. Two methods:
// - by days: each month gets the share of its days in the period. Simple,
//   and right for flat consumption.
// - by profile coefficients: each hour gets the share of its coefficient in
//   the sum over the period, and a month gets the sum of its hours. This
//   follows the region's and subscriber group's load shape, and is how a
//   three-time zone's kWh is turned into hours (one call per zone, with that
//   zone's hours only).
// Both allocate integer milli-kWh so the parts sum to the reading exactly.
import { allocateProportionally, parseScaled } from "./decimal.ts";
import {
  addDays,
  formatLocalDate,
  type LocalDate,
  localToUtc,
  parseLocalDate,
  TURKEY_TIME_ZONE,
  toLocal,
} from "./time-zone.ts";

export class ProrateError extends Error {}

export type MonthShare = {
  // Calendar month as YYYY-MM.
  month: string;
  days: number;
  kwhMilli: bigint;
};

function monthKey(date: LocalDate): string {
  return formatLocalDate(date).slice(0, 7);
}

function checkPeriod(fromDate: string, toDate: string) {
  const from = parseLocalDate(fromDate);
  const to = parseLocalDate(toDate);
  if (formatLocalDate(to) <= formatLocalDate(from)) {
    throw new ProrateError(
      `reading period ${fromDate} – ${toDate} is empty: the end must be after the start`,
    );
  }

  return { from, to };
}

// Splits the kWh of a reading period over calendar months by days.
export function prorateByDays(
  fromDate: string,
  toDate: string,
  kwhMilli: bigint,
): MonthShare[] {
  const { from, to } = checkPeriod(fromDate, toDate);
  const months: { month: string; days: number }[] = [];
  const end = formatLocalDate(to);
  for (let day = from; formatLocalDate(day) < end; day = addDays(day, 1)) {
    const key = monthKey(day);
    const last = months.at(-1);
    if (last?.month === key) {
      last.days++;
    } else {
      months.push({ month: key, days: 1 });
    }
  }
  const shares = allocateProportionally(
    kwhMilli,
    months.map((month) => BigInt(month.days)),
  );

  return months.map((month, index) => ({
    ...month,
    kwhMilli: shares[index] as bigint,
  }));
}

export type Coefficient = {
  // ISO 8601 instant with offset that starts the hour.
  time: string;
  multiplier: string | number;
};

export type HourShare = { startUtcMs: number; kwhMilli: bigint };

// Spreads the kWh of a reading period over its hours in proportion to the
// profile coefficients. Only hours with a coefficient take part, so passing a
// zone's coefficients spreads that zone's kWh over that zone's hours.
export function spreadByCoefficients(
  fromDate: string,
  toDate: string,
  kwhMilli: bigint,
  coefficients: readonly Coefficient[],
  timeZone: string = TURKEY_TIME_ZONE,
): HourShare[] {
  const { from, to } = checkPeriod(fromDate, toDate);
  const startMs = localToUtc({ ...from, hour: 0, minute: 0 }, timeZone);
  const endMs = localToUtc({ ...to, hour: 0, minute: 0 }, timeZone);
  const hours = coefficients
    .map((coefficient) => {
      const startUtcMs = Date.parse(coefficient.time);
      if (Number.isNaN(startUtcMs)) {
        throw new ProrateError(
          `invalid coefficient time "${coefficient.time}"`,
        );
      }

      return {
        startUtcMs,
        weight: parseScaled(coefficient.multiplier, 12),
      };
    })
    .filter((hour) => hour.startUtcMs >= startMs && hour.startUtcMs < endMs)
    .sort((a, b) => a.startUtcMs - b.startUtcMs);
  if (hours.length === 0) {
    throw new ProrateError(
      `no profile coefficients between ${fromDate} and ${toDate}`,
    );
  }
  const shares = allocateProportionally(
    kwhMilli,
    hours.map((hour) => hour.weight),
  );

  return hours.map((hour, index) => ({
    startUtcMs: hour.startUtcMs,
    kwhMilli: shares[index] as bigint,
  }));
}

// Splits the kWh of a reading period over calendar months in proportion to
// the profile coefficients of each month's hours in the period.
export function prorateByCoefficients(
  fromDate: string,
  toDate: string,
  kwhMilli: bigint,
  coefficients: readonly Coefficient[],
  timeZone: string = TURKEY_TIME_ZONE,
): MonthShare[] {
  const hours = spreadByCoefficients(
    fromDate,
    toDate,
    kwhMilli,
    coefficients,
    timeZone,
  );
  const days = prorateByDays(fromDate, toDate, 0n);
  const byMonth = new Map<string, bigint>(
    days.map((month) => [month.month, 0n]),
  );
  for (const hour of hours) {
    const local = toLocal(hour.startUtcMs, timeZone);
    const key = monthKey(local);
    byMonth.set(key, (byMonth.get(key) ?? 0n) + hour.kwhMilli);
  }

  return days.map((month) => ({
    ...month,
    kwhMilli: byMonth.get(month.month) ?? 0n,
  }));
}
