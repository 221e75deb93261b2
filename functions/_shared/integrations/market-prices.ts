// Work plan and response checks of the market price import: hourly PTF and
// SMF and monthly YEKDEM from the EPİAŞ transparency platform. Every response
// is checked completely before anything of it is stored.
import {
  addDays,
  formatLocalDate,
  formatLocalIso,
  hoursOfLocalDay,
  type LocalDate,
  parseLocalDate,
  TURKEY_TIME_ZONE,
} from "../readings/time-zone.ts";
import { OutsideSystemError } from "./http.ts";

export type PriceSeries = "ptf" | "smf" | "yekdem";

export const PRICE_SERIES: readonly PriceSeries[] = ["ptf", "smf", "yekdem"];

// One call to the platform: a series over local days `from`..`to`, both
// included, never across a month boundary for hourly series.
export type PriceStep = { series: PriceSeries; from: string; to: string };

export type PriceRow = { start: string; value: string; isDemo: boolean };

const SERVICES: Record<PriceSeries, { path: string; field: string }> = {
  ptf: { path: "markets/dam/data/mcp", field: "price" },
  smf: {
    path: "markets/bpm/data/system-marginal-price",
    field: "systemMarginalPrice",
  },
  yekdem: { path: "renewables/data/unit-cost", field: "unitCost" },
};

export const MAX_RANGE_DAYS = 366;

export class InputError extends Error {}

function dayCount(from: LocalDate, to: LocalDate): number {
  return (
    (Date.UTC(to.year, to.month - 1, to.day) -
      Date.UTC(from.year, from.month - 1, from.day)) /
      86_400_000 +
    1
  );
}

function lastDayOfMonth(date: LocalDate): LocalDate {
  return addDays(
    date.month === 12
      ? { year: date.year + 1, month: 1, day: 1 }
      : { year: date.year, month: date.month + 1, day: 1 },
    -1,
  );
}

// Checks a request's dates and series and lists the calls to make: per
// month one PTF and one SMF call, then one YEKDEM call for all months.
export function planPriceSteps(
  startDate: string,
  endDate: string,
  series: readonly PriceSeries[] = PRICE_SERIES,
): PriceStep[] {
  let from: LocalDate;
  let to: LocalDate;
  try {
    from = parseLocalDate(startDate);
    to = parseLocalDate(endDate);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const days = dayCount(from, to);
  if (days < 1) {
    throw new InputError(
      `end_date ${endDate} is before start_date ${startDate}`,
    );
  }
  if (days > MAX_RANGE_DAYS) {
    throw new InputError(
      `the range ${startDate}..${endDate} has ${days} days: at most ${MAX_RANGE_DAYS}`,
    );
  }
  for (const name of series) {
    if (!PRICE_SERIES.includes(name)) {
      throw new InputError(
        `invalid series "${name}": use ${PRICE_SERIES.join(", ")}`,
      );
    }
  }
  const steps: PriceStep[] = [];
  for (let month = from; formatLocalDate(month) <= endDate; ) {
    const monthEnd = lastDayOfMonth(month);
    const stepTo = formatLocalDate(monthEnd) < endDate ? monthEnd : to;
    for (const name of series) {
      if (name !== "yekdem") {
        steps.push({
          series: name,
          from: formatLocalDate(month),
          to: formatLocalDate(stepTo),
        });
      }
    }
    month = addDays(monthEnd, 1);
  }
  if (series.includes("yekdem")) {
    steps.push({ series: "yekdem", from: startDate, to: endDate });
  }

  return steps;
}

function midnight(date: string): string {
  return `${date}T00:00:00+03:00`;
}

// The service path and request body of a step.
export function priceRequest(step: PriceStep): {
  path: string;
  body: Record<string, string>;
} {
  return {
    path: SERVICES[step.series].path,
    body: { startDate: midnight(step.from), endDate: midnight(step.to) },
  };
}

function malformed(step: PriceStep, problem: string): OutsideSystemError {
  return new OutsideSystemError(
    `EPİAŞ ${SERVICES[step.series].path} ${step.from}..${step.to} returned a malformed response: ${problem}`,
    false,
  );
}

function priceText(step: PriceStep, value: unknown, at: string): string {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw malformed(
      step,
      `${SERVICES[step.series].field} of ${at} is ${JSON.stringify(value)}, expected a number >= 0`,
    );
  }

  return String(value);
}

function itemsOf(
  step: PriceStep,
  response: unknown,
): Record<string, unknown>[] {
  const items = (response as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    throw malformed(step, "no items list");
  }
  for (const item of items) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw malformed(step, "an item is not an object");
    }
  }

  return items as Record<string, unknown>[];
}

// The instants (ms) that start each local hour of `from`..`to`.
function expectedHours(step: PriceStep): number[] {
  const hours: number[] = [];
  const to = parseLocalDate(step.to);
  for (
    let day = parseLocalDate(step.from);
    formatLocalDate(day) <= formatLocalDate(to);
    day = addDays(day, 1)
  ) {
    hours.push(...hoursOfLocalDay(day, TURKEY_TIME_ZONE));
  }

  return hours;
}

// Checks an hourly response: exactly one item for every hour of the step,
// each dated with an offset and priced with a number >= 0.
export function parseHourlyPrices(
  step: PriceStep,
  response: unknown,
): PriceRow[] {
  const items = itemsOf(step, response);
  const field = SERVICES[step.series].field;
  const expected = expectedHours(step);
  if (items.length !== expected.length) {
    throw malformed(step, `${items.length} items for ${expected.length} hours`);
  }
  const byStart = new Map<number, PriceRow>();
  for (const item of items) {
    const date = item.date;
    if (typeof date !== "string" || !/[+-]\d{2}:\d{2}$|Z$/.test(date)) {
      throw malformed(
        step,
        `date ${JSON.stringify(date)} is not ISO 8601 with offset`,
      );
    }
    const start = Date.parse(date);
    if (Number.isNaN(start) || byStart.has(start)) {
      throw malformed(step, `date ${date} is invalid or repeated`);
    }
    byStart.set(start, {
      start: formatLocalIso(start, TURKEY_TIME_ZONE),
      value: priceText(step, item[field], date),
      isDemo: item.demo === true,
    });
  }

  return expected.map((start) => {
    const row = byStart.get(start);
    if (row === undefined) {
      throw malformed(
        step,
        `hour ${formatLocalIso(start, TURKEY_TIME_ZONE)} is missing`,
      );
    }

    return row;
  });
}

// Checks a YEKDEM response: one item per month of the step, `period` the
// month's first local midnight.
export function parseMonthlyCosts(
  step: PriceStep,
  response: unknown,
): PriceRow[] {
  const items = itemsOf(step, response);
  const months = new Set<string>();
  for (
    let day = parseLocalDate(step.from);
    formatLocalDate(day) <= step.to;
    day = addDays(lastDayOfMonth(day), 1)
  ) {
    months.add(formatLocalDate(day).slice(0, 7));
  }
  const rows = items.map((item) => {
    const period = item.period;
    const start = typeof period === "string" ? Date.parse(period) : Number.NaN;
    if (Number.isNaN(start)) {
      throw malformed(step, `period ${JSON.stringify(period)} is invalid`);
    }
    const month = formatLocalIso(start, TURKEY_TIME_ZONE).slice(0, 7);
    if (!months.delete(month)) {
      throw malformed(
        step,
        `period ${period} is outside the range or repeated`,
      );
    }

    return {
      start: `${month}-01`,
      value: priceText(step, item.unitCost, String(period)),
      isDemo: item.demo === true,
    };
  });
  if (months.size > 0) {
    throw malformed(step, `no unit cost for ${[...months].join(", ")}`);
  }

  return rows;
}
