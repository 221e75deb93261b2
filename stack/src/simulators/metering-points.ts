// Master data of the metering points the simulators know. Any valid EIC is
// a demo metering point whose attributes follow deterministically from its
// code, except three codes that carry the real OSOS series. The seed can create
// matching metering points from the same functions.

import { isValidEic, makeMeteringPointEic } from "../../../shared/eic.ts";
import { hashKey, pickInteger, pickOne } from "./deterministic.ts";

export type SubscriberGroup =
  | "mesken"
  | "ticarethane"
  | "sanayi"
  | "tarimsal_sulama"
  | "aydinlatma"
  | "kamu_diger";

export type MeteringPointMasterData = {
  meteringPointEic: string;
  installationNumber: string;
  meterSerial: string;
  meterBrand: string;
  // Digits of the register before the decimal point.
  registerDigits: number;
  distributionId: number;
  distributionCompany: string;
  subscriberGroup: SubscriberGroup;
  voltageLevel: "AG" | "OG";
  // EPİAŞ profile group id of the group and voltage.
  subscriberProfileGroup: number;
  // 1 three-time, 3 single-time, as EPİAŞ numbers meter reading types.
  meterReadingType: 1 | 3;
  multiplier: number;
  connectionPowerKw: number;
  annualConsumptionKwh: number;
  // Site of the real OSOS sample served for this code, if any.
  realSeriesSite?: RealSeriesSite;
};

export type RealSeriesSite = "site_1" | "site_2" | "site_3";

// Default codes of the metering points that carry the three real OSOS series
// (MERAM EDAŞ region): 40Z001021000011X, 40Z001021000012V and
// 40Z001021000013T. Simulators accept other codes through their options.
export const REAL_SERIES_METERING_POINTS: Readonly<
  Record<RealSeriesSite, string>
> = {
  site_1: makeMeteringPointEic(1021000011),
  site_2: makeMeteringPointEic(1021000012),
  site_3: makeMeteringPointEic(1021000013),
};

// Installation number (tesisat no) of a metering point. Codes whose twelve
// characters after "40Z" are digits map to that number and back; other
// codes get a number derived from a hash, which cannot be mapped back.
export function installationNumberOf(eic: string): string {
  const serial = eic.slice(3, 15);
  if (eic.startsWith("40Z") && /^\d{12}$/.test(serial)) {
    return String(Number(serial));
  }

  return String(
    4_000_000_000_000 + (hashKey(`${eic}:installation`) % 999_999_999),
  );
}

// The metering point code of an installation number made by
// `installationNumberOf` from a numeric code, or undefined.
export function eicOfInstallationNumber(
  installationNumber: string,
): string | undefined {
  if (
    !/^\d{1,12}$/.test(installationNumber) ||
    Number(installationNumber) === 0
  ) {
    return undefined;
  }

  return makeMeteringPointEic(installationNumber);
}

// EPİAŞ distribution organisation ids and the company names.
export const DISTRIBUTION_COMPANIES: Readonly<Record<number, string>> = {
  1004: "AKEDAŞ Elektrik Dağıtım A.Ş.",
  1005: "ADM Elektrik Dağıtım A.Ş.",
  1006: "Akdeniz Elektrik Dağıtım A.Ş.",
  1007: "Dicle Elektrik Dağıtım A.Ş.",
  1008: "Fırat Elektrik Dağıtım A.Ş.",
  1009: "İstanbul Anadolu Yakası Elektrik Dağıtım A.Ş.",
  1010: "Başkent Elektrik Dağıtım A.Ş.",
  1011: "Kayseri ve Civarı Elektrik T.A.Ş.",
  1012: "Aras Elektrik Dağıtım A.Ş.",
  1013: "Sakarya Elektrik Dağıtım A.Ş.",
  1014: "Osmangazi Elektrik Dağıtım A.Ş.",
  1015: "Van Gölü Elektrik Dağıtım A.Ş.",
  1016: "Uludağ Elektrik Dağıtım A.Ş.",
  1017: "Toroslar Elektrik Dağıtım A.Ş.",
  1018: "Çoruh Elektrik Dağıtım A.Ş.",
  1019: "Yeşilırmak Elektrik Dağıtım A.Ş.",
  1020: "Çamlıbel Elektrik Dağıtım A.Ş.",
  1021: "Meram Elektrik Dağıtım A.Ş.",
  1022: "Trakya Elektrik Dağıtım A.Ş.",
  1023: "Boğaziçi Elektrik Dağıtım A.Ş.",
  1024: "Gediz Elektrik Dağıtım A.Ş.",
};

// EPİAŞ profile group ids by subscriber group and voltage (from the groups
// published for Kayseri ve Civarı, 2026-01). Lighting is published per
// province, so one province's id stands for all here.
const PROFILE_GROUPS: Record<SubscriberGroup, Record<"AG" | "OG", number>> = {
  sanayi: { AG: 35, OG: 36 },
  ticarethane: { AG: 73, OG: 87 },
  tarimsal_sulama: { AG: 88, OG: 86 },
  mesken: { AG: 89, OG: 90 },
  aydinlatma: { AG: 157, OG: 157 },
  kamu_diger: { AG: 0, OG: 0 },
};

const LIGHTING_PROFILE_GROUPS = [155, 157, 165, 166, 183, 185];

// Subscriber group of an EPİAŞ profile group id, or undefined if unknown.
export function subscriberGroupOfProfile(
  profileGroupId: number,
): SubscriberGroup | undefined {
  if (LIGHTING_PROFILE_GROUPS.includes(profileGroupId)) {
    return "aydinlatma";
  }
  for (const [group, ids] of Object.entries(PROFILE_GROUPS)) {
    if (ids.AG === profileGroupId || ids.OG === profileGroupId) {
      return group as SubscriberGroup;
    }
  }

  return undefined;
}

// Relative load of each local hour 0–23 by subscriber group: a plausible
// shape, not measured data.
export const HOURLY_SHAPES: Readonly<Record<SubscriberGroup, number[]>> = {
  mesken: [
    55, 45, 40, 38, 38, 42, 55, 70, 72, 65, 62, 62, 64, 62, 60, 62, 70, 88, 100,
    100, 96, 88, 76, 64,
  ],
  ticarethane: [
    30, 28, 27, 27, 28, 32, 45, 65, 85, 95, 100, 100, 96, 98, 100, 98, 92, 85,
    75, 65, 55, 45, 38, 33,
  ],
  sanayi: [
    80, 78, 78, 78, 78, 80, 88, 96, 100, 100, 100, 98, 92, 98, 100, 100, 98, 92,
    88, 86, 85, 84, 82, 81,
  ],
  tarimsal_sulama: [
    90, 95, 100, 100, 100, 95, 70, 50, 40, 35, 35, 35, 35, 35, 35, 40, 45, 50,
    55, 60, 70, 80, 85, 88,
  ],
  aydinlatma: [
    100, 100, 100, 100, 100, 95, 50, 5, 2, 2, 2, 2, 2, 2, 2, 2, 5, 40, 95, 100,
    100, 100, 100, 100,
  ],
  kamu_diger: [
    35, 32, 30, 30, 31, 35, 50, 70, 90, 100, 100, 98, 90, 96, 98, 95, 85, 70,
    60, 55, 50, 45, 40, 37,
  ],
};

// Weekday factors (Sunday first), in percent.
export const WEEKDAY_FACTORS: Readonly<Record<SubscriberGroup, number[]>> = {
  mesken: [108, 98, 98, 98, 98, 100, 106],
  ticarethane: [55, 100, 100, 100, 100, 100, 80],
  sanayi: [60, 100, 100, 100, 100, 100, 85],
  tarimsal_sulama: [100, 100, 100, 100, 100, 100, 100],
  aydinlatma: [100, 100, 100, 100, 100, 100, 100],
  kamu_diger: [45, 100, 100, 100, 100, 100, 60],
};

const GROUPS: SubscriberGroup[] = [
  "mesken",
  "ticarethane",
  "ticarethane",
  "sanayi",
  "sanayi",
  "tarimsal_sulama",
  "aydinlatma",
  "kamu_diger",
];
const BRANDS = ["Makel", "Köhler", "Luna", "Elektromed", "Landis+Gyr", "EMH"];
const MULTIPLIERS = [1, 1, 1, 20, 40, 60, 100, 200];

const REAL_SERIES_DATA: Record<
  RealSeriesSite,
  Pick<
    MeteringPointMasterData,
    | "subscriberGroup"
    | "multiplier"
    | "connectionPowerKw"
    | "annualConsumptionKwh"
  >
> = {
  site_1: {
    subscriberGroup: "ticarethane",
    multiplier: 1890,
    connectionPowerKw: 1000,
    annualConsumptionKwh: 60_000,
  },
  site_2: {
    subscriberGroup: "ticarethane",
    multiplier: 1890,
    connectionPowerKw: 1000,
    annualConsumptionKwh: 60_000,
  },
  site_3: {
    subscriberGroup: "sanayi",
    multiplier: 3150,
    connectionPowerKw: 1600,
    annualConsumptionKwh: 2_500_000,
  },
};

export class UnknownMeteringPointError extends Error {}

// Describes a metering point. `realSeries` maps sites of the real OSOS
// sample to the codes that carry them.
export function describeMeteringPoint(
  eic: string,
  realSeries: Readonly<
    Record<RealSeriesSite, string>
  > = REAL_SERIES_METERING_POINTS,
): MeteringPointMasterData {
  if (!isValidEic(eic)) {
    throw new UnknownMeteringPointError(
      `"${eic}" is not a valid EIC: expected 16 characters with a valid check character`,
    );
  }
  const site = (Object.keys(realSeries) as RealSeriesSite[]).find(
    (key) => realSeries[key] === eic,
  );
  const installationNumber = installationNumberOf(eic);
  const meterSerial = String(
    pickInteger(`${eic}:serial`, 10_000_000, 99_999_999),
  );
  if (site !== undefined) {
    const real = REAL_SERIES_DATA[site];

    return {
      meteringPointEic: eic,
      installationNumber,
      meterSerial,
      meterBrand: pickOne(`${eic}:brand`, BRANDS),
      registerDigits: 6,
      distributionId: 1021,
      distributionCompany: DISTRIBUTION_COMPANIES[1021] as string,
      voltageLevel: "OG",
      subscriberProfileGroup: PROFILE_GROUPS[real.subscriberGroup].OG,
      meterReadingType: 1,
      ...real,
      realSeriesSite: site,
    };
  }
  const subscriberGroup = pickOne(`${eic}:group`, GROUPS);
  const voltageLevel =
    subscriberGroup === "sanayi" || hashKey(`${eic}:voltage`) % 4 === 0
      ? "OG"
      : "AG";
  const distributionIds = Object.keys(DISTRIBUTION_COMPANIES).map(Number);
  const distributionId = pickOne(`${eic}:region`, distributionIds);
  const multiplier =
    voltageLevel === "OG" ? pickOne(`${eic}:multiplier`, MULTIPLIERS) : 1;
  const connectionPowerKw =
    voltageLevel === "OG"
      ? pickInteger(`${eic}:power`, 20, 160) * 10
      : pickInteger(`${eic}:power`, 5, 60);
  // Yearly kWh as a load factor of 15–45 % of the connection power.
  const loadFactorPercent = pickInteger(`${eic}:load`, 15, 45);
  const annualConsumptionKwh = Math.round(
    (connectionPowerKw * 8760 * loadFactorPercent) / 100,
  );

  return {
    meteringPointEic: eic,
    installationNumber,
    meterSerial,
    meterBrand: pickOne(`${eic}:brand`, BRANDS),
    registerDigits: 6,
    distributionId,
    distributionCompany: DISTRIBUTION_COMPANIES[distributionId] as string,
    subscriberGroup,
    voltageLevel,
    subscriberProfileGroup: PROFILE_GROUPS[subscriberGroup][voltageLevel],
    meterReadingType: hashKey(`${eic}:tariff`) % 3 === 0 ? 3 : 1,
    multiplier,
    connectionPowerKw,
    annualConsumptionKwh,
  };
}
