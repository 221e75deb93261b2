// Shapes of the EPİAŞ registration service (the local simulator's own
// design, in EPİAŞ's style) and the checks that turn its responses into typed
// values. Each parser throws OutsideSystemError on the first malformed
// field, so a bad response stops the run before anything of it is stored.
import { OutsideSystemError } from "./http.ts";

export const REGISTRATION_PATHS = {
  submit: "portfolio/registration-requests",
  results: "portfolio/registration-requests/query",
  portfolio: "portfolio/metering-points/query",
} as const;

// Largest page the service returns.
export const REGISTRATION_PAGE_SIZE = 1000;

export type SubmissionReceipt = {
  batchId: string;
  items: { requestId: string; meteringPointEic: string }[];
};

export type RegistrationResult = {
  requestId: string;
  batchId: string;
  meteringPointEic: string;
  approved: boolean;
  // First day of the effective month, YYYY-MM-DD in Istanbul time.
  effectiveOn: string;
  rejectionReason: string | null;
};

export type PortfolioPoint = {
  meteringPointEic: string;
  installationNumber: string;
  meterSerial: string;
  multiplier: number;
  distributionId: number;
  voltageLevel: string;
  taxId: string;
};

export type PageInfo = { number: number; totalPages: number };

// A month start with the Istanbul offset, such as 2027-01-01T00:00:00+03:00.
const MONTH_START = /^(\d{4}-\d{2}-01)T00:00:00(\.000)?\+03:00$/;

function malformed(label: string, detail: string): OutsideSystemError {
  return new OutsideSystemError(
    `${label} returned malformed data: ${detail}`,
    false,
  );
}

function objectOf(
  label: string,
  value: unknown,
  where: string,
): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw malformed(label, `${where} is not an object`);
  }

  return value as Record<string, unknown>;
}

function textOf(
  label: string,
  record: Record<string, unknown>,
  field: string,
  where: string,
): string {
  const value = record[field];
  if (typeof value !== "string" || value === "") {
    throw malformed(label, `${where}.${field} is not a non-empty string`);
  }

  return value;
}

function numberOf(
  label: string,
  record: Record<string, unknown>,
  field: string,
  where: string,
): number {
  const value = record[field];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw malformed(label, `${where}.${field} is not a number`);
  }

  return value;
}

function itemsOf(label: string, body: unknown): unknown[] {
  const items = objectOf(label, body, "the body").items;
  if (!Array.isArray(items)) {
    throw malformed(label, "items is not a list");
  }

  return items;
}

// Returns the local date of a month start, such as "2027-01-01".
export function monthStartDate(
  label: string,
  value: unknown,
  where: string,
): string {
  const match = typeof value === "string" ? MONTH_START.exec(value) : null;
  if (match === null) {
    throw malformed(label, `${where} is not a month start with +03:00`);
  }

  return match[1] as string;
}

export function parsePage(label: string, body: unknown): PageInfo {
  const page = objectOf(label, objectOf(label, body, "the body").page, "page");
  const number = numberOf(label, page, "number", "page");
  const totalPages = numberOf(label, page, "totalPages", "page");
  if (!Number.isInteger(number) || !Number.isInteger(totalPages)) {
    throw malformed(label, "page.number or page.totalPages is not an integer");
  }

  return { number, totalPages };
}

export function parseSubmission(
  label: string,
  body: unknown,
  submittedCodes: string[],
): SubmissionReceipt {
  const record = objectOf(label, body, "the body");
  const batchId = textOf(label, record, "batchId", "the body");
  const items = itemsOf(label, body).map((item, index) => {
    const where = `items[${index}]`;
    const entry = objectOf(label, item, where);

    return {
      requestId: textOf(label, entry, "requestId", where),
      meteringPointEic: textOf(label, entry, "meteringPointEic", where),
    };
  });
  const received = new Set(items.map((item) => item.meteringPointEic));
  const missing = submittedCodes.filter((code) => !received.has(code));
  if (missing.length > 0) {
    throw malformed(label, `no receipt for ${missing.join(", ")}`);
  }

  return { batchId, items };
}

export function parseResults(
  label: string,
  body: unknown,
): RegistrationResult[] {
  return itemsOf(label, body).map((item, index) => {
    const where = `items[${index}]`;
    const entry = objectOf(label, item, where);
    const status = entry.status;
    if (status !== "APPROVED" && status !== "REJECTED") {
      throw malformed(label, `${where}.status is not APPROVED or REJECTED`);
    }
    let rejectionReason: string | null = null;
    if (status === "REJECTED") {
      const reason = objectOf(
        label,
        entry.rejectionReason,
        `${where}.rejectionReason`,
      );
      const code = textOf(label, reason, "code", `${where}.rejectionReason`);
      const description = textOf(
        label,
        reason,
        "description",
        `${where}.rejectionReason`,
      );
      rejectionReason = `${code}: ${description}`;
    }

    return {
      requestId: textOf(label, entry, "requestId", where),
      batchId: textOf(label, entry, "batchId", where),
      meteringPointEic: textOf(label, entry, "meteringPointEic", where),
      approved: status === "APPROVED",
      effectiveOn: monthStartDate(
        label,
        entry.effectiveMonth,
        `${where}.effectiveMonth`,
      ),
      rejectionReason,
    };
  });
}

export function parsePortfolio(label: string, body: unknown): PortfolioPoint[] {
  return itemsOf(label, body).map((item, index) => {
    const where = `items[${index}]`;
    const entry = objectOf(label, item, where);

    return {
      meteringPointEic: textOf(label, entry, "meteringPointEic", where),
      installationNumber: textOf(label, entry, "installationNumber", where),
      meterSerial: textOf(label, entry, "meterSerial", where),
      multiplier: numberOf(label, entry, "multiplier", where),
      distributionId: numberOf(label, entry, "distributionId", where),
      voltageLevel: textOf(label, entry, "voltageLevel", where),
      taxId: textOf(label, entry, "taxId", where),
    };
  });
}

// One of our metering points that the market portfolio should contain,
// with the master data we hold.
export type OurPortfolioPoint = {
  metering_point_id: string;
  code: string;
  installation_number: string;
  meter_serial: string;
  multiplier: string;
  epias_distribution_id: number | null;
  voltage_level_code: string;
  tax_id: string;
};

export type Discrepancy = {
  code: string;
  meteringPointId: string | null;
  field: string;
  ourValue: string | null;
  marketValue: string | null;
};

// Compares the market portfolio with the points we expect in it. Field
// values are compared as text, the multiplier as a number.
export function findDiscrepancies(
  market: PortfolioPoint[],
  ours: OurPortfolioPoint[],
): Discrepancy[] {
  const found: Discrepancy[] = [];
  const oursByCode = new Map(ours.map((point) => [point.code, point]));
  const marketCodes = new Set(market.map((point) => point.meteringPointEic));
  for (const point of ours) {
    if (!marketCodes.has(point.code)) {
      found.push({
        code: point.code,
        meteringPointId: point.metering_point_id,
        field: "missing_in_market_portfolio",
        ourValue: point.code,
        marketValue: null,
      });
    }
  }
  for (const point of market) {
    const our = oursByCode.get(point.meteringPointEic);
    if (our === undefined) {
      found.push({
        code: point.meteringPointEic,
        meteringPointId: null,
        field: "not_in_our_portfolio",
        ourValue: null,
        marketValue: point.meteringPointEic,
      });
      continue;
    }
    const pairs: [string, string | null, string][] = [
      [
        "installation_number",
        our.installation_number,
        point.installationNumber,
      ],
      ["meter_serial", our.meter_serial, point.meterSerial],
      [
        "distribution_region_code",
        our.epias_distribution_id === null
          ? null
          : String(our.epias_distribution_id),
        String(point.distributionId),
      ],
      ["voltage_level_code", our.voltage_level_code, point.voltageLevel],
      ["tax_id", our.tax_id, point.taxId],
    ];
    if (Number(our.multiplier) !== point.multiplier) {
      pairs.push(["multiplier", our.multiplier, String(point.multiplier)]);
    }
    for (const [field, ourValue, marketValue] of pairs) {
      if (field === "multiplier" || ourValue !== marketValue) {
        found.push({
          code: our.code,
          meteringPointId: our.metering_point_id,
          field,
          ourValue,
          marketValue,
        });
      }
    }
  }

  return found;
}
