// A simulator, of our own design, of EPİAŞ's portfolio registration: a
// supplier submits the month's registration requests for metering points,
// fetches their results and lists the metering points in its portfolio.
// EPİAŞ publishes no documentation of this service, so only the style
// (CAS ticket, JSON, dates with +03:00) follows EPİAŞ.
//
// Decisions are made at submission and are deterministic. Demo rules, all
// configurable per supplier account: a code whose last character before the
// check character is 9 is unknown, one with 8 is under another supplier's
// contract, codes in the reject list get their listed reason, and requests
// after the monthly deadline are rejected.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  formatLocalIso,
  localToUtc,
  TURKEY_TIME_ZONE,
  toLocal,
} from "../../../functions/_shared/readings/time-zone.ts";
import { isValidEic } from "../../../shared/eic.ts";
import { eicBodyDigit } from "./eic.ts";
import {
  describeMeteringPoint,
  type MeteringPointMasterData,
  type RealSeriesSite,
} from "./metering-points.ts";
import { parseInstant, RequestError } from "./respond.ts";

export const REJECTION_REASONS = {
  INVALID_EIC: "The metering point code is not a valid 16-character EIC.",
  INVALID_TAX_ID:
    "The tax id must be a 10-digit tax number (VKN) or an 11-digit national id (TCKN).",
  UNKNOWN_METERING_POINT: "No metering point with this code is registered.",
  OTHER_SUPPLIER_CONTRACT:
    "The metering point is under another supplier's contract for the month.",
  DEADLINE_PASSED: "The registration deadline for the month has passed.",
  ALREADY_IN_PORTFOLIO: "The metering point is already in the portfolio.",
  DUPLICATE_IN_BATCH: "The metering point appears more than once in the batch.",
} as const;

export type RejectionCode = keyof typeof REJECTION_REASONS;

export type RegistrationRules = {
  // Last body characters (before the check character) of unknown codes.
  unknownDigits: string[];
  // Last body characters of codes under another supplier's contract.
  otherSupplierDigits: string[];
  // Codes always rejected, with the reason.
  rejectList: Record<string, RejectionCode>;
  // Requests for month M are accepted until the end of this day of month
  // M−1, local time.
  deadlineDay: number;
  // Clock of the simulator as ISO 8601, the real clock when absent.
  now?: string;
};

export const DEFAULT_REGISTRATION_RULES: RegistrationRules = {
  unknownDigits: ["9"],
  otherSupplierDigits: ["8"],
  rejectList: {},
  deadlineDay: 20,
};

export type RegistrationStatus = "APPROVED" | "REJECTED";

export type RegistrationRequest = {
  requestId: string;
  batchId: string;
  meteringPointEic: string;
  taxId: string;
  effectiveMonth: string;
  submittedAt: string;
  status: RegistrationStatus;
  rejectionReason: { code: RejectionCode; description: string } | null;
};

type PortfolioEntry = {
  meteringPointEic: string;
  taxId: string;
  effectiveFrom: string;
  effectiveFromUtcMs: number;
};

type SupplierBook = {
  requests: RegistrationRequest[];
  portfolio: Record<string, PortfolioEntry>;
  rules?: Partial<RegistrationRules>;
  sequence: number;
};

const MAX_BATCH = 1000;

function checkRules(
  rules: Record<string, unknown>,
): Partial<RegistrationRules> {
  const checked: Partial<RegistrationRules> = {};
  for (const field of ["unknownDigits", "otherSupplierDigits"] as const) {
    const value = rules[field];
    if (value === undefined) {
      continue;
    }
    if (
      !Array.isArray(value) ||
      !value.every((d) => typeof d === "string" && d.length === 1)
    ) {
      throw new RequestError(
        400,
        `${field} must be a list of single characters`,
      );
    }
    checked[field] = value as string[];
  }
  if (rules.rejectList !== undefined) {
    const list = rules.rejectList;
    if (
      list === null ||
      typeof list !== "object" ||
      !Object.values(list).every(
        (code) => typeof code === "string" && code in REJECTION_REASONS,
      )
    ) {
      throw new RequestError(
        400,
        `rejectList must map codes to one of ${Object.keys(REJECTION_REASONS).join(", ")}`,
      );
    }
    checked.rejectList = list as Record<string, RejectionCode>;
  }
  if (rules.deadlineDay !== undefined) {
    if (
      !Number.isInteger(rules.deadlineDay) ||
      (rules.deadlineDay as number) < 1 ||
      (rules.deadlineDay as number) > 28
    ) {
      throw new RequestError(400, "deadlineDay must be an integer 1–28");
    }
    checked.deadlineDay = rules.deadlineDay as number;
  }
  if (rules.now !== undefined) {
    parseInstant(rules.now, "now");
    checked.now = rules.now as string;
  }

  return checked;
}

export class RegistrationBook {
  private books: Record<string, SupplierBook> = {};
  private defaults: RegistrationRules = { ...DEFAULT_REGISTRATION_RULES };

  constructor(
    private readonly stateFile?: string,
    private readonly realSeries?: Readonly<Record<RealSeriesSite, string>>,
  ) {
    if (stateFile !== undefined && existsSync(stateFile)) {
      this.books = JSON.parse(readFileSync(stateFile, "utf8"));
    }
  }

  private save(): void {
    if (this.stateFile === undefined) {
      return;
    }
    mkdirSync(path.dirname(this.stateFile), { recursive: true });
    writeFileSync(this.stateFile, JSON.stringify(this.books, null, 2));
  }

  private book(supplier: string): SupplierBook {
    let book = this.books[supplier];
    if (book === undefined) {
      book = { requests: [], portfolio: {}, sequence: 0 };
      this.books[supplier] = book;
    }

    return book;
  }

  rules(supplier: string): RegistrationRules {
    return { ...this.defaults, ...this.book(supplier).rules };
  }

  // Changes the rules of one supplier account, or the defaults of all with
  // supplier "*".
  configure(
    supplier: string,
    rules: Record<string, unknown>,
  ): RegistrationRules {
    const checked = checkRules(rules);
    if (supplier === "*") {
      this.defaults = { ...this.defaults, ...checked };

      return this.defaults;
    }
    const book = this.book(supplier);
    book.rules = { ...book.rules, ...checked };
    this.save();

    return this.rules(supplier);
  }

  // Forgets the requests, portfolio and rules of one supplier or of all.
  reset(supplier?: string): void {
    if (supplier === undefined || supplier === "*") {
      this.books = {};
      this.defaults = { ...DEFAULT_REGISTRATION_RULES };
    } else {
      delete this.books[supplier];
    }
    this.save();
  }

  private decide(
    supplier: string,
    eic: string,
    taxId: string,
    effectiveMonthMs: number,
    nowMs: number,
    seen: Set<string>,
  ): RejectionCode | undefined {
    const rules = this.rules(supplier);
    if (!isValidEic(eic)) {
      return "INVALID_EIC";
    }
    if (!/^(\d{10}|\d{11})$/.test(taxId)) {
      return "INVALID_TAX_ID";
    }
    if (seen.has(eic)) {
      return "DUPLICATE_IN_BATCH";
    }
    seen.add(eic);
    const listed = rules.rejectList[eic];
    if (listed !== undefined) {
      return listed;
    }
    const digit = eicBodyDigit(eic);
    if (rules.unknownDigits.includes(digit)) {
      return "UNKNOWN_METERING_POINT";
    }
    if (rules.otherSupplierDigits.includes(digit)) {
      return "OTHER_SUPPLIER_CONTRACT";
    }
    if (nowMs > this.deadlineOf(effectiveMonthMs, rules.deadlineDay)) {
      return "DEADLINE_PASSED";
    }
    if (this.book(supplier).portfolio[eic] !== undefined) {
      return "ALREADY_IN_PORTFOLIO";
    }

    return undefined;
  }

  // End of the deadline day in the month before the effective month.
  private deadlineOf(effectiveMonthMs: number, deadlineDay: number): number {
    const month = toLocal(effectiveMonthMs, TURKEY_TIME_ZONE);
    const previous =
      month.month === 1
        ? { year: month.year - 1, month: 12 }
        : { year: month.year, month: month.month - 1 };

    return (
      localToUtc(
        { ...previous, day: deadlineDay + 1, hour: 0, minute: 0 },
        TURKEY_TIME_ZONE,
      ) - 1
    );
  }

  submit(supplier: string, body: Record<string, unknown>) {
    const effectiveMonthMs = parseInstant(
      body.effectiveMonth,
      "effectiveMonth",
    );
    const local = toLocal(effectiveMonthMs, TURKEY_TIME_ZONE);
    if (local.day !== 1 || local.hour !== 0 || local.minute !== 0) {
      throw new RequestError(
        400,
        "effectiveMonth must be the start of a month, such as 2026-02-01T00:00:00+03:00",
      );
    }
    const entries = body.requests;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new RequestError(400, "requests must be a non-empty list");
    }
    if (entries.length > MAX_BATCH) {
      throw new RequestError(
        400,
        `a batch may hold at most ${MAX_BATCH} requests`,
      );
    }
    entries.forEach((entry, index) => {
      if (
        entry === null ||
        typeof entry !== "object" ||
        typeof entry.meteringPointEic !== "string" ||
        typeof entry.taxId !== "string"
      ) {
        throw new RequestError(
          400,
          `requests[${index}] must have meteringPointEic and taxId as strings`,
        );
      }
    });
    const rules = this.rules(supplier);
    const nowMs = rules.now === undefined ? Date.now() : Date.parse(rules.now);
    const book = this.book(supplier);
    book.sequence += 1;
    const batchId = `RB-${String(book.sequence).padStart(6, "0")}`;
    const submittedAt = formatLocalIso(
      nowMs - (nowMs % 1000),
      TURKEY_TIME_ZONE,
    );
    const effectiveMonth = formatLocalIso(effectiveMonthMs, TURKEY_TIME_ZONE);
    const seen = new Set<string>();
    const created = (
      entries as { meteringPointEic: string; taxId: string }[]
    ).map((entry, index) => {
      const code = this.decide(
        supplier,
        entry.meteringPointEic,
        entry.taxId,
        effectiveMonthMs,
        nowMs,
        seen,
      );
      const request: RegistrationRequest = {
        requestId: `${batchId}-${String(index + 1).padStart(4, "0")}`,
        batchId,
        meteringPointEic: entry.meteringPointEic,
        taxId: entry.taxId,
        effectiveMonth,
        submittedAt,
        status: code === undefined ? "APPROVED" : "REJECTED",
        rejectionReason:
          code === undefined
            ? null
            : { code, description: REJECTION_REASONS[code] },
      };
      if (code === undefined) {
        book.portfolio[entry.meteringPointEic] = {
          meteringPointEic: entry.meteringPointEic,
          taxId: entry.taxId,
          effectiveFrom: effectiveMonth,
          effectiveFromUtcMs: effectiveMonthMs,
        };
      }

      return request;
    });
    book.requests.push(...created);
    this.save();

    return {
      batchId,
      submittedAt,
      effectiveMonth,
      items: created.map(({ requestId, meteringPointEic }) => ({
        requestId,
        meteringPointEic,
        status: "RECEIVED",
      })),
    };
  }

  results(supplier: string, body: Record<string, unknown>) {
    const book = this.book(supplier);
    let requests = book.requests;
    if (body.batchId !== undefined) {
      if (typeof body.batchId !== "string") {
        throw new RequestError(400, "batchId must be a string");
      }
      requests = requests.filter((request) => request.batchId === body.batchId);
    }
    if (body.effectiveMonth !== undefined) {
      const month = formatLocalIso(
        parseInstant(body.effectiveMonth, "effectiveMonth"),
        TURKEY_TIME_ZONE,
      );
      requests = requests.filter((request) => request.effectiveMonth === month);
    }

    return paged(requests, body.page);
  }

  portfolio(supplier: string, body: Record<string, unknown>) {
    const book = this.book(supplier);
    const atMs =
      body.effectiveMonth === undefined
        ? Number.POSITIVE_INFINITY
        : parseInstant(body.effectiveMonth, "effectiveMonth");
    const points = Object.values(book.portfolio)
      .filter((entry) => entry.effectiveFromUtcMs <= atMs)
      .sort((a, b) => a.meteringPointEic.localeCompare(b.meteringPointEic))
      .map((entry) => this.masterData(entry));

    return paged(points, body.page);
  }

  meteringPoint(supplier: string, eic: string) {
    const entry = this.book(supplier).portfolio[eic];

    return entry === undefined ? undefined : this.masterData(entry);
  }

  private masterData(entry: PortfolioEntry) {
    const { realSeriesSite: _site, ...master }: MeteringPointMasterData =
      describeMeteringPoint(entry.meteringPointEic, this.realSeries);

    return {
      ...master,
      taxId: entry.taxId,
      effectiveFrom: entry.effectiveFrom,
    };
  }
}

const MAX_PAGE_SIZE = 1000;

function paged<T>(all: T[], page: unknown) {
  let number = 1;
  let size = 100;
  if (page !== undefined) {
    const given = page as { number?: unknown; size?: unknown };
    if (
      page === null ||
      typeof page !== "object" ||
      (given.number !== undefined &&
        (!Number.isInteger(given.number) || (given.number as number) < 1)) ||
      (given.size !== undefined &&
        (!Number.isInteger(given.size) ||
          (given.size as number) < 1 ||
          (given.size as number) > MAX_PAGE_SIZE))
    ) {
      throw new RequestError(
        400,
        `page must be {number ≥ 1, size 1–${MAX_PAGE_SIZE}}`,
      );
    }
    number = (given.number as number | undefined) ?? 1;
    size = (given.size as number | undefined) ?? 100;
  }

  return {
    items: all.slice((number - 1) * size, number * size),
    page: {
      number,
      size,
      total: all.length,
      totalPages: Math.ceil(all.length / size),
    },
  };
}
