// Labels of hourly chart points in Istanbul time, whatever the browser's
// time zone.
import { TIME_ZONE } from "./values.ts";

// Turkish labels name the month in full, because several short Turkish
// month names ("Mar", "May") read as English ones.
const hourFormats = {
  tr: new Intl.DateTimeFormat("tr-TR", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }),
};

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

// Labels each hour in Istanbul time in the UI language, "08 Kasım 03:00" in
// Turkish and "08 Nov 03:00" in English. A label that occurs twice (the
// hour repeated when clocks go back) gets its offset, "(+3)".
export function hourLabels(
  hours: readonly string[],
  language: string,
): string[] {
  const hourFormat = language === "en" ? hourFormats.en : hourFormats.tr;
  const labels = hours.map((hour) =>
    hourFormat.format(new Date(hour)).replace(",", ""),
  );
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
