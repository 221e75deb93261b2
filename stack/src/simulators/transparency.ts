// Response bodies of the EPİAŞ transparency platform's electricity
// services: PTF, SMF, YEKDEM unit cost and profile coefficients. Prices come
// from the real hourly files where they cover an hour, and other hours get
// deterministic demo prices, marked `demo: true` on the item.
import {
  allocateProportionally,
  formatScaled,
  parseScaled,
} from "../../../functions/_shared/readings/decimal.ts";
import {
  addDays,
  formatLocalDate,
  formatLocalIso,
  type LocalDate,
  TURKEY_TIME_ZONE,
  toLocal,
} from "../../../functions/_shared/readings/time-zone.ts";
import { hashKey } from "./deterministic.ts";
import {
  type LocalHour,
  localHoursOfDay,
  timeZoneOfHour,
} from "./local-time.ts";
import type { MarketData } from "./market-data.ts";
import {
  DISTRIBUTION_COMPANIES,
  HOURLY_SHAPES,
  subscriberGroupOfProfile,
  WEEKDAY_FACTORS,
} from "./metering-points.ts";
import { parseInstant, RequestError } from "./respond.ts";

// Longest range a price call accepts, in local days.
export const MAX_RANGE_DAYS = 366;

function localDateOf(instant: number): LocalDate {
  const local = toLocal(instant, TURKEY_TIME_ZONE);

  return { year: local.year, month: local.month, day: local.day };
}

// The local hours of the days from startDate's day to endDate's day, both
// included, as the platform reads such a range.
export function hoursOfRange(body: Record<string, unknown>): LocalHour[] {
  const start = localDateOf(parseInstant(body.startDate, "startDate"));
  const end = localDateOf(parseInstant(body.endDate, "endDate"));
  const endKey = formatLocalDate(end);
  if (endKey < formatLocalDate(start)) {
    throw new RequestError(400, "endDate must not be before startDate");
  }
  const hours: LocalHour[] = [];
  let days = 0;
  for (let day = start; formatLocalDate(day) <= endKey; day = addDays(day, 1)) {
    days++;
    if (days > MAX_RANGE_DAYS) {
      throw new RequestError(
        400,
        `the range may span at most ${MAX_RANGE_DAYS} days`,
      );
    }
    hours.push(...localHoursOfDay(day));
  }

  return hours;
}

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

// The platform dates each hourly item with the hour's start and repeats
// the local hour as "HH:MM".
function hourStart(hour: LocalHour): string {
  return formatLocalIso(hour.startUtcMs, TURKEY_TIME_ZONE);
}

// Demo price in kuruş/MWh: a daily shape with a deterministic spread,
// within 0 … 3 400 TL/MWh.
function demoPriceKurus(
  startUtcMs: number,
  hour: number,
  salt: string,
): number {
  const shape = HOURLY_SHAPES.mesken[hour] ?? 60;
  const spread = hashKey(`${salt}:${startUtcMs}`) % 40_000;

  return Math.min(340_000, 100_000 + shape * 1_800 + spread);
}

function kurus(text: string): number {
  return Number(parseScaled(text, 2));
}

function lira(kurusValue: number): number {
  return kurusValue / 100;
}

function summarise(values: number[]) {
  if (values.length === 0) {
    return { avg: 0, min: 0, max: 0 };
  }
  const sum = values.reduce((total, value) => total + value, 0);

  return {
    avg: lira(Math.round(sum / values.length)),
    min: lira(Math.min(...values)),
    max: lira(Math.max(...values)),
  };
}

export type SourceLabel = "real" | "demo" | "mixed";

function sourceOf(real: number, demo: number): SourceLabel {
  if (demo === 0) {
    return "real";
  }

  return real === 0 ? "demo" : "mixed";
}

export function marketClearingPrices(
  body: Record<string, unknown>,
  data: MarketData,
) {
  const prices = data.ptfPrices();
  const tl: number[] = [];
  const usd: number[] = [];
  const eur: number[] = [];
  let real = 0;
  let demo = 0;
  const items = hoursOfRange(body).map((hour) => {
    const known = prices.get(hour.startUtcMs);
    const base = { date: hourStart(hour), hour: hourLabel(hour.hour) };
    if (known !== undefined) {
      real++;
      tl.push(kurus(known.tryPerMwh));
      if (known.usdPerMwh !== undefined) {
        usd.push(kurus(known.usdPerMwh));
      }
      if (known.eurPerMwh !== undefined) {
        eur.push(kurus(known.eurPerMwh));
      }

      // NOTE: the 2024 source has no USD and EUR prices, so they are null
      // for those hours instead of invented.
      return {
        ...base,
        price: lira(kurus(known.tryPerMwh)),
        priceUsd:
          known.usdPerMwh === undefined ? null : lira(kurus(known.usdPerMwh)),
        priceEur:
          known.eurPerMwh === undefined ? null : lira(kurus(known.eurPerMwh)),
      };
    }
    demo++;
    const price = demoPriceKurus(hour.startUtcMs, hour.hour, "ptf");
    tl.push(price);
    // Demo exchange rates: 42 TL/USD and 48 TL/EUR.
    usd.push(Math.round(price / 42));
    eur.push(Math.round(price / 48));

    return {
      ...base,
      price: lira(price),
      priceUsd: lira(Math.round(price / 42)),
      priceEur: lira(Math.round(price / 48)),
      demo: true,
    };
  });
  const t = summarise(tl);
  const u = summarise(usd);
  const e = summarise(eur);

  return {
    source: sourceOf(real, demo),
    body: {
      items,
      statistics: {
        priceAvg: t.avg,
        priceMin: t.min,
        priceMax: t.max,
        priceUsdAvg: u.avg,
        priceUsdMin: u.min,
        priceUsdMax: u.max,
        priceEurAvg: e.avg,
        priceEurMin: e.min,
        priceEurMax: e.max,
      },
    },
  };
}

export function systemMarginalPrices(
  body: Record<string, unknown>,
  data: MarketData,
) {
  const prices = data.smfPrices();
  const values: number[] = [];
  let real = 0;
  let demo = 0;
  const items = hoursOfRange(body).map((hour) => {
    const known = prices.get(hour.startUtcMs);
    const base = { date: hourStart(hour), hour: hourLabel(hour.hour) };
    if (known !== undefined) {
      real++;
      values.push(kurus(known));

      return { ...base, systemMarginalPrice: lira(kurus(known)) };
    }
    demo++;
    const price = demoPriceKurus(hour.startUtcMs, hour.hour, "smf");
    values.push(price);

    return { ...base, systemMarginalPrice: lira(price), demo: true };
  });
  const stats = summarise(values);

  return {
    source: sourceOf(real, demo),
    body: {
      items,
      statistics: {
        systemMarginalPriceAvg: stats.avg,
        systemMarginalPriceMin: stats.min,
        systemMarginalPriceMax: stats.max,
      },
    },
  };
}

// YEKDEM unit cost per month. No real figures are available, so every item
// is a deterministic demo value in TL/MWh, marked `demo: true`.
export function renewableUnitCosts(body: Record<string, unknown>) {
  const start = localDateOf(parseInstant(body.startDate, "startDate"));
  const end = localDateOf(parseInstant(body.endDate, "endDate"));
  if (formatLocalDate(end) < formatLocalDate(start)) {
    throw new RequestError(400, "endDate must not be before startDate");
  }
  const items: { period: string; unitCost: number; demo: true }[] = [];
  let month = { year: start.year, month: start.month, day: 1 };
  while (
    month.year < end.year ||
    (month.year === end.year && month.month <= end.month)
  ) {
    const key = formatLocalDate(month).slice(0, 7);
    const costKurus = 20_000 + (hashKey(`yekdem:${key}`) % 60_000);
    items.push({
      period: formatLocalIso(
        localHoursOfDay(month)[0]?.startUtcMs ?? 0,
        TURKEY_TIME_ZONE,
      ),
      unitCost: lira(costKurus),
      demo: true,
    });
    month =
      month.month === 12
        ? { year: month.year + 1, month: 1, day: 1 }
        : { year: month.year, month: month.month + 1, day: 1 };
    if (items.length > 120) {
      throw new RequestError(400, "the range may span at most 120 months");
    }
  }

  return {
    source: "demo" as const,
    body: {
      items,
      statistics: {
        unitCostAvg: lira(
          Math.round(
            items.reduce((sum, item) => sum + item.unitCost * 100, 0) /
              Math.max(1, items.length),
          ),
        ),
      },
    },
  };
}

// EPİAŞ meter reading types: 1 three-time, 3 single-time.
export const METER_READING_TYPES = { threeTime: 1, singleTime: 3 } as const;

const COEFFICIENT_SCALE = 8;
const ONE = 10n ** BigInt(COEFFICIENT_SCALE);

function requireInteger(value: unknown, field: string): number {
  if (!Number.isInteger(value)) {
    throw new RequestError(
      400,
      `${field} must be an integer id, got ${JSON.stringify(value)}`,
    );
  }

  return value as number;
}

// Profile coefficients of one month, region, profile group and meter
// reading type. The shape is generated (demo) from the group's daily and
// weekly pattern with a small deterministic variation, and normalised so
// that each zone T1/T2/T3 sums to exactly 1 over the month for three-time
// meters, and the whole month sums to 1 for single-time meters. Where real
// published coefficients exist they replace the generated ones, and the
// generated hours of the same zone are scaled to keep the sum at 1.
export function profileCoefficients(
  body: Record<string, unknown>,
  data: MarketData,
) {
  const periodStart = parseInstant(body.period, "period");
  const period = localDateOf(periodStart);
  if (period.day !== 1) {
    throw new RequestError(400, "period must be the first day of a month");
  }
  const distributionId = requireInteger(body.distributionId, "distributionId");
  const profileGroupId = requireInteger(
    body.subscriberProfileGroup,
    "subscriberProfileGroup",
  );
  const readingType = requireInteger(body.meterReadingType, "meterReadingType");
  if (readingType !== 1 && readingType !== 3) {
    throw new RequestError(
      400,
      "meterReadingType must be 1 (three-time) or 3 (single-time)",
    );
  }
  const group = subscriberGroupOfProfile(profileGroupId);
  if (
    DISTRIBUTION_COMPANIES[distributionId] === undefined ||
    group === undefined
  ) {
    return { source: "demo" as const, body: { items: [], statistics: {} } };
  }
  const hours: LocalHour[] = [];
  for (let day = period; day.month === period.month; day = addDays(day, 1)) {
    hours.push(...localHoursOfDay(day));
  }
  const periodKey = formatLocalDate(period).slice(0, 7);
  const realByHour = new Map(
    data
      .profileCoefficientSamples()
      .filter(
        (sample) =>
          sample.period === periodKey &&
          sample.distributionId === distributionId &&
          sample.profileGroupId === profileGroupId &&
          sample.meterReadingTypeId === readingType,
      )
      .map((sample) => [
        sample.startUtcMs,
        parseScaled(sample.multiplier, COEFFICIENT_SCALE),
      ]),
  );
  const weights = hours.map((hour) => {
    const weekday = new Date(
      Date.UTC(hour.date.year, hour.date.month - 1, hour.date.day),
    ).getUTCDay();
    const shape = HOURLY_SHAPES[group][hour.hour] ?? 50;
    const weekFactor = WEEKDAY_FACTORS[group][weekday] ?? 100;
    const variation =
      950 +
      (hashKey(`${distributionId}:${profileGroupId}:${hour.startUtcMs}`) % 101);

    return BigInt(shape * weekFactor * variation);
  });
  const zoneOf = (hour: LocalHour) =>
    readingType === 1 ? timeZoneOfHour(hour.hour) : "all";
  const multipliers = new Array<bigint>(hours.length).fill(0n);
  for (const zone of ["T1", "T2", "T3", "all"]) {
    const members = hours
      .map((hour, index) => ({ hour, index }))
      .filter(({ hour }) => zoneOf(hour) === zone);
    if (members.length === 0) {
      continue;
    }
    const fixed = members.filter(({ hour }) => realByHour.has(hour.startUtcMs));
    const free = members.filter(({ hour }) => !realByHour.has(hour.startUtcMs));
    let left = ONE;
    for (const { hour, index } of fixed) {
      const value = realByHour.get(hour.startUtcMs) as bigint;
      multipliers[index] = value;
      left -= value;
    }
    if (free.length > 0) {
      const shares = allocateProportionally(
        left,
        free.map(({ index }) => weights[index] as bigint),
      );
      free.forEach(({ index }, position) => {
        multipliers[index] = shares[position] as bigint;
      });
    }
  }
  const periodText = formatLocalIso(periodStart, TURKEY_TIME_ZONE);
  let real = 0;
  const items = hours.map((hour, index) => {
    const item = {
      period: periodText,
      time: formatLocalIso(hour.startUtcMs, TURKEY_TIME_ZONE),
      multiplier: Number(
        formatScaled(multipliers[index] as bigint, COEFFICIENT_SCALE),
      ),
    };
    if (realByHour.has(hour.startUtcMs)) {
      real++;

      return item;
    }

    return { ...item, demo: true };
  });

  return {
    source: sourceOf(real, items.length - real),
    body: { items, statistics: { count: items.length } },
  };
}
