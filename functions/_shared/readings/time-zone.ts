// Local calendar arithmetic in an IANA time zone through the Intl API, so
// that historical offset changes (Turkey kept daylight saving time until
// 2016) come from the runtime's time zone database instead of a constant.

export const TURKEY_TIME_ZONE = "Europe/Istanbul";

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }

  return formatter;
}

export type LocalDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

// Splits an instant into its wall-clock fields in `timeZone`.
export function toLocal(utcMs: number, timeZone: string): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") {
      fields[part.type] = Number(part.value);
    }
  }

  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

// Offset of `timeZone` from UTC at an instant, in minutes (180 for +03:00).
export function offsetMinutes(utcMs: number, timeZone: string): number {
  const local = toLocal(utcMs, timeZone);
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  );
  const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;

  return Math.round((asUtc - wholeSecondMs) / 60_000);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

// Formats an instant as ISO 8601 local time with its offset, as EPİAŞ
// services write dates: 2026-01-01T00:00:00+03:00.
export function formatLocalIso(utcMs: number, timeZone: string): string {
  const local = toLocal(utcMs, timeZone);
  const offset = offsetMinutes(utcMs, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const absolute = Math.abs(offset);

  return (
    `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}` +
    `T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}` +
    `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
  );
}

// Finds the instant of a local wall-clock time. For a time that occurs twice
// (the repeated hour when clocks go back) the earlier instant is returned,
// and for a skipped time the instant after the jump.
export function localToUtc(
  local: Omit<LocalDateTime, "second"> & { second?: number },
  timeZone: string,
): number {
  const wall = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second ?? 0,
  );
  const candidates = new Set<number>();
  for (const probe of [wall - 14 * HOUR_MS, wall, wall + 14 * HOUR_MS]) {
    candidates.add(wall - offsetMinutes(probe, timeZone) * 60_000);
  }
  const matches = [...candidates]
    .filter((utc) => wall - offsetMinutes(utc, timeZone) * 60_000 === utc)
    .sort((a, b) => a - b);
  if (matches.length > 0) {
    return matches[0] as number;
  }

  // A skipped wall time: use the offset in force before the jump.
  return wall - offsetMinutes(wall - 14 * HOUR_MS, timeZone) * 60_000;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export type LocalDate = { year: number; month: number; day: number };

export function parseLocalDate(text: string): LocalDate {
  const match = DATE_PATTERN.exec(text);
  const date = match
    ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
    : undefined;
  if (
    date === undefined ||
    new Date(Date.UTC(date.year, date.month - 1, date.day))
      .toISOString()
      .slice(0, 10) !== text
  ) {
    throw new RangeError(`invalid date "${text}": expected YYYY-MM-DD`);
  }

  return date;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));

  return {
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
  };
}

export function formatLocalDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

// The instants that start each hour of a local calendar day: 24 on most
// days, 23 when clocks go forward and 25 when they go back.
export function hoursOfLocalDay(date: LocalDate, timeZone: string): number[] {
  const start = localToUtc({ ...date, hour: 0, minute: 0 }, timeZone);
  const next = addDays(date, 1);
  const end = localToUtc({ ...next, hour: 0, minute: 0 }, timeZone);
  const hours: number[] = [];
  for (let instant = start; instant < end; instant += HOUR_MS) {
    hours.push(instant);
  }

  return hours;
}
