// EPİAŞ transparency platform exports written for the import tests: PTF
// per hour with a decimal comma and a dot for thousands ("2.345,67"), dates
// as dd.MM.yyyy and hours as "HH:00". Prices are whole kuruş, so the tests
// can work out the stored figures exactly.

export type HourPrice = {
  // The hour's start in UTC. Turkey keeps UTC+3 all year since 2016.
  hourStartUtc: Date;
  priceKurus: bigint;
};

const pad = (value: number) => String(value).padStart(2, "0");

// 234567n kuruş as "2.345,67".
export function turkishPrice(kurus: bigint): string {
  const lira = (kurus / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");

  return `${lira},${pad(Number(kurus % 100n))}`;
}

// 234567n kuruş as Postgres prints numeric(…, 2): "2345.67".
export function decimalPrice(kurus: bigint): string {
  return `${kurus / 100n}.${pad(Number(kurus % 100n))}`;
}

// Hours of `days` Istanbul days from `firstDay` (yyyy-mm-dd), priced by
// `priceOf(hour index)`.
export function hourPrices(
  firstDay: string,
  days: number,
  priceOf: (index: number) => bigint,
): HourPrice[] {
  const [year, month, day] = firstDay.split("-").map(Number) as [
    number,
    number,
    number,
  ];
  const hours: HourPrice[] = [];
  for (let index = 0; index < days * 24; index += 1) {
    hours.push({
      hourStartUtc: new Date(Date.UTC(year, month - 1, day, index - 3)),
      priceKurus: priceOf(index),
    });
  }

  return hours;
}

// The CSV text of an EPİAŞ PTF export of `hours`.
export function epiasPtfCsv(hours: HourPrice[]): string {
  const lines = ["Tarih;Saat;PTF (TL/MWh)"];
  for (const hour of hours) {
    const local = new Date(hour.hourStartUtc.getTime() + 3 * 3_600_000);
    const date =
      `${pad(local.getUTCDate())}.${pad(local.getUTCMonth() + 1)}.` +
      `${local.getUTCFullYear()}`;
    const time = `${pad(local.getUTCHours())}:00`;
    lines.push(`${date};${time};${turkishPrice(hour.priceKurus)}`);
  }

  return `${lines.join("\r\n")}\r\n`;
}
