// Places rows of files that number the hours of a local day 1, 2, … 24 in
// the hour-ending convention (hour 1 is 00:00–01:00, hour 24 is 23:00–24:00)
// on real instants. A day has 23 or 25 local hours when clocks change, so
// the number of hours comes from the time zone database, never a constant.
import { parseMilli } from "./decimal.ts";
import {
  formatLocalIso,
  hoursOfLocalDay,
  parseLocalDate,
  TURKEY_TIME_ZONE,
} from "./time-zone.ts";

const HOUR_MS = 3_600_000;

export class HourNumberingError extends Error {}

export type NumberedHourRow = { hour: number; kwh: string | number };

export type HourInterval = {
  hour: number;
  // Local date the interval belongs to, as given in the file.
  localDate: string;
  startUtcMs: number;
  endUtcMs: number;
  start: string;
  end: string;
  kwhMilli: bigint;
};

// Converts one file day of hour-ending rows into hourly intervals. Every hour
// of the day must be present exactly once, and an hour number the day does
// not have (25 on a 24-hour day) is rejected by name.
export function placeHourEndingRows(
  localDate: string,
  rows: readonly NumberedHourRow[],
  timeZone: string = TURKEY_TIME_ZONE,
): HourInterval[] {
  const starts = hoursOfLocalDay(parseLocalDate(localDate), timeZone);
  const byHour = new Map<number, NumberedHourRow>();
  for (const row of rows) {
    if (!Number.isInteger(row.hour) || row.hour < 1) {
      throw new HourNumberingError(
        `invalid hour ${row.hour} on ${localDate}: hours are numbered from 1`,
      );
    }
    if (row.hour > starts.length) {
      throw new HourNumberingError(
        `hour ${row.hour} does not exist on ${localDate}: that day has ` +
          `${starts.length} hours in ${timeZone}`,
      );
    }
    if (byHour.has(row.hour)) {
      throw new HourNumberingError(
        `hour ${row.hour} appears twice on ${localDate}`,
      );
    }
    byHour.set(row.hour, row);
  }
  const missing = starts
    .map((_, index) => index + 1)
    .filter((hour) => !byHour.has(hour));
  if (missing.length > 0) {
    throw new HourNumberingError(
      `hours ${missing.join(", ")} are missing on ${localDate}: ` +
        `that day has ${starts.length} hours in ${timeZone}`,
    );
  }

  return starts.map((startUtcMs, index) => {
    const hour = index + 1;
    const row = byHour.get(hour) as NumberedHourRow;
    const endUtcMs = startUtcMs + HOUR_MS;

    return {
      hour,
      localDate,
      startUtcMs,
      endUtcMs,
      start: formatLocalIso(startUtcMs, timeZone),
      end: formatLocalIso(endUtcMs, timeZone),
      kwhMilli: parseMilli(row.kwh),
    };
  });
}
