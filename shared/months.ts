// Names of calendar months for screens: "2027-01" reads "Ocak 2027" in
// Turkish and "January 2027" in English.

const FORMATS = {
  tr: new Intl.DateTimeFormat("tr-TR", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }),
};

// Returns the month name and year of `month` ("YYYY-MM" or a "YYYY-MM-DD"
// date in it) in `language`, or `month` unchanged when it is not a month.
export function monthLabel(month: string, language: string): string {
  const match = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(month);
  const monthNumber = Number(match?.[2]);
  if (!match || monthNumber < 1 || monthNumber > 12) {
    return month;
  }
  const format = language.startsWith("en") ? FORMATS.en : FORMATS.tr;

  return format.format(new Date(Date.UTC(Number(match[1]), monthNumber - 1)));
}
