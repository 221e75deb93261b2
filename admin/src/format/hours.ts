// Labels of hourly chart points in Istanbul time, whatever the browser's
// time zone.
import { TIME_ZONE } from "./values.ts";

const hourFormat = new Intl.DateTimeFormat("tr-TR", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const offsetFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  timeZoneName: "shortOffset",
});

function utcOffset(instant: Date): string {
  const part = offsetFormat
    .formatToParts(instant)
    .find((item) => item.type === "timeZoneName");

  return (part?.value ?? "").replace("GMT", "") || "+0";
}

// Labels each hour as "08 Kas 03:00" in Istanbul time; a label that occurs
// twice (the hour repeated when clocks go back) gets its offset, "(+3)".
export function hourLabels(hours: readonly string[]): string[] {
  const labels = hours.map((hour) => hourFormat.format(new Date(hour)));
  const counts = new Map<string, number>();
  for (const label of labels) {
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }

  return labels.map((label, index) =>
    (counts.get(label) ?? 0) > 1
      ? `${label} (${utcOffset(new Date(hours[index] as string))})`
      : label,
  );
}
