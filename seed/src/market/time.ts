// Local time of Turkey (Europe/Istanbul) to instants, from the tz database
// through Intl: Turkey kept daylight saving time until 2016 and has stayed
// on UTC+3 since, so offsets are never hard-coded.

const ZONE = "Europe/Istanbul";
const HOUR_MS = 3_600_000;

const offsetFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

// Local wall-clock fields of an instant, as if they were UTC milliseconds.
function wallClockMs(instantMs: number): number {
  const parts = Object.fromEntries(
    offsetFormat
      .formatToParts(new Date(instantMs))
      .map((part) => [part.type, part.value]),
  );

  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
}

// The instants whose local wall clock reads the given time: none in a
// skipped hour, two in a repeated hour, one otherwise. Earlier first.
export function localTimeInstants(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute = 0,
): Date[] {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const found: number[] = [];
  // Turkey's offsets have been between UTC+2 and UTC+4.
  for (const offsetHours of [4, 3, 2]) {
    const candidate = wall - offsetHours * HOUR_MS;
    if (wallClockMs(candidate) === wall && !found.includes(candidate)) {
      found.push(candidate);
    }
  }

  return found.sort((a, b) => a - b).map((ms) => new Date(ms));
}

// The start of a local calendar day and the number of hours it has (23, 24
// or 25 on daylight-saving change days).
export function localDay(
  year: number,
  month: number,
  day: number,
): { start: Date; hours: number } {
  const start = firstInstant(year, month, day);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const end = firstInstant(
    next.getUTCFullYear(),
    next.getUTCMonth() + 1,
    next.getUTCDate(),
  );

  return { start, hours: (end.getTime() - start.getTime()) / HOUR_MS };
}

// Midnight may be skipped by a daylight-saving change, so the day starts at
// the first local hour that exists.
function firstInstant(year: number, month: number, day: number): Date {
  for (let hour = 0; hour < 3; hour++) {
    const [instant] = localTimeInstants(year, month, day, hour);
    if (instant) {
      return instant;
    }
  }
  throw new Error(`No local time found for ${year}-${month}-${day}`);
}

export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * HOUR_MS);
}
