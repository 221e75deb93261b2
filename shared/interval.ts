// Postgres intervals as whole minutes or seconds for forms and lists.
// PostgREST returns an interval in the server's IntervalStyle: "postgres" by
// default ("00:45:00", "1 day 02:00:00"), or ISO 8601 ("PT45M"). Forms
// send "45 minutes", which Postgres reads in any style.

export type IntervalUnit = "minutes" | "seconds";

const UNIT_SECONDS: Record<IntervalUnit, number> = { minutes: 60, seconds: 1 };

const POSTGRES_STYLE =
  /^(?:(-?\d+) days? ?)?(?:(-)?(\d+):(\d{2}):(\d{2})(?:\.(\d+))?)?$/;
// The input form intervalText writes.
const UNIT_STYLE = /^(\d+) (minutes|seconds)$/;
const ISO_STYLE =
  /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Returns the length of an interval in seconds, or null for text that is not
 * an interval of days and clock time. Intervals with months or years have no
 * fixed length in seconds, so they return null too.
 */
export function intervalSeconds(text: string): number | null {
  const value = text.trim();
  if (value === "") {
    return null;
  }

  const unitStyle = UNIT_STYLE.exec(value);
  if (unitStyle) {
    const [, amount, unit] = unitStyle;

    return Number(amount) * UNIT_SECONDS[unit as IntervalUnit];
  }

  const postgres = POSTGRES_STYLE.exec(value);
  if (postgres) {
    const [, days, minus, hours, minutes, seconds, fraction] = postgres;
    const clock =
      Number(hours ?? 0) * 3600 +
      Number(minutes ?? 0) * 60 +
      Number(seconds ?? 0) +
      Number(`0.${fraction ?? 0}`);

    return Number(days ?? 0) * 86_400 + (minus ? -clock : clock);
  }

  const iso = ISO_STYLE.exec(value);
  if (iso && value !== "P" && !value.endsWith("T")) {
    const [, days, hours, minutes, seconds] = iso;

    return (
      Number(days ?? 0) * 86_400 +
      Number(hours ?? 0) * 3600 +
      Number(minutes ?? 0) * 60 +
      Number(seconds ?? 0)
    );
  }

  return null;
}

/**
 * Returns an interval as a number of `unit`, or null when it is not a whole
 * number of that unit (or not an interval `intervalSeconds` reads).
 */
export function intervalInUnit(
  text: string,
  unit: IntervalUnit,
): number | null {
  const seconds = intervalSeconds(text);
  if (seconds === null || seconds % UNIT_SECONDS[unit] !== 0) {
    return null;
  }

  return seconds / UNIT_SECONDS[unit];
}

/** Returns the interval input Postgres reads as `amount` of `unit`. */
export function intervalText(amount: number, unit: IntervalUnit): string {
  return `${amount} ${unit}`;
}
