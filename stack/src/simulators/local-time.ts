// Local hours of Europe/Istanbul for the simulators, cached per day because
// the Intl look-ups behind them are slow for year-long series.
import {
  addDays,
  formatLocalDate,
  hoursOfLocalDay,
  type LocalDate,
  TURKEY_TIME_ZONE,
  toLocal,
} from "../../../functions/_shared/readings/time-zone.ts";

export type LocalHour = {
  startUtcMs: number;
  date: LocalDate;
  // Wall-clock hour 0–23 at the start of the interval.
  hour: number;
};

const dayCache = new Map<string, LocalHour[]>();

export function localHoursOfDay(date: LocalDate): LocalHour[] {
  const key = formatLocalDate(date);
  let hours = dayCache.get(key);
  if (hours === undefined) {
    const starts = hoursOfLocalDay(date, TURKEY_TIME_ZONE);
    hours = starts.map((startUtcMs, index) => ({
      startUtcMs,
      date,
      hour:
        starts.length === 24
          ? index
          : toLocal(startUtcMs, TURKEY_TIME_ZONE).hour,
    }));
    dayCache.set(key, hours);
  }

  return hours;
}

// Local hours whose start lies in [fromUtcMs, toUtcMs).
export function localHoursBetween(
  fromUtcMs: number,
  toUtcMs: number,
): LocalHour[] {
  const result: LocalHour[] = [];
  if (toUtcMs <= fromUtcMs) {
    return result;
  }
  const first = toLocal(fromUtcMs, TURKEY_TIME_ZONE);
  let date: LocalDate = {
    year: first.year,
    month: first.month,
    day: first.day,
  };
  for (;;) {
    const hours = localHoursOfDay(date);
    if ((hours[0]?.startUtcMs ?? toUtcMs) >= toUtcMs) {
      break;
    }
    for (const hour of hours) {
      if (hour.startUtcMs >= fromUtcMs && hour.startUtcMs < toUtcMs) {
        result.push(hour);
      }
    }
    date = addDays(date, 1);
  }

  return result;
}

export function timeZoneOfHour(hour: number): "T1" | "T2" | "T3" {
  if (hour >= 6 && hour <= 16) {
    return "T1";
  }
  if (hour >= 17 && hour <= 21) {
    return "T2";
  }

  return "T3";
}
