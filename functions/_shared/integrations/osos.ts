// Client of a distribution company's OSOS (automatic meter reading) service:
// a bearer token from a user name and password, hourly load profiles and
// daily three-time register indexes per meter, all pages of each. Every
// response is checked completely, and anything unexpected in it makes it a
// malformed response.
import {
  fetchWithRetry,
  OutsideSystemError,
  type RetryOptions,
  readJson,
} from "./http.ts";

export type OsosSettings = {
  url: string;
  username: string;
  password: string;
  retry: RetryOptions;
};

export type LoadProfileHour = {
  timestamp: string;
  importKwh: number;
  exportKwh: number;
};

export type OsosIndexReading = {
  readAt: string;
  meterSerial: string;
  registerDigits: number;
  multiplier: number;
  t1Index: number;
  t2Index: number;
  t3Index: number;
  totalIndex: number | null;
  exportIndex: number | null;
};

const PAGE_SIZE = 2000;

// The largest number of pages followed for one meter and period, so that a
// service whose page count never ends cannot keep a run busy.
const MAX_PAGES = 50;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export class OsosClient {
  private token: Promise<string> | null = null;

  constructor(private readonly settings: OsosSettings) {}

  private base(): string {
    return this.settings.url.replace(/\/$/, "");
  }

  private async login(): Promise<string> {
    const response = await fetchWithRetry(
      "OSOS login",
      () =>
        new Request(`${this.base()}/auth/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            username: this.settings.username,
            password: this.settings.password,
          }),
        }),
      this.settings.retry,
    );
    const body = await readJson("OSOS login", response);
    if (response.status !== 200) {
      throw new OutsideSystemError(
        `OSOS login failed with HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`,
        false,
      );
    }
    const token = isObject(body) ? body.accessToken : undefined;
    if (typeof token !== "string" || token === "") {
      throw new OutsideSystemError("OSOS login returned no accessToken", false);
    }

    return token;
  }

  // GETs a path below the service, renewing the token once on a 401.
  // Returns null for a 404 (no such meter or resource).
  private async get(path: string, label: string): Promise<unknown | null> {
    for (let renewed = false; ; renewed = true) {
      if (this.token === null) {
        this.token = this.login();
        this.token.catch(() => {
          this.token = null;
        });
      }
      const token = await this.token;
      const response = await fetchWithRetry(
        label,
        () =>
          new Request(`${this.base()}/${path}`, {
            headers: {
              authorization: `Bearer ${token}`,
              accept: "application/json",
            },
          }),
        this.settings.retry,
      );
      if (response.status === 401 && !renewed) {
        await response.body?.cancel();
        this.token = null;
        continue;
      }
      if (response.status === 404) {
        await response.body?.cancel();

        return null;
      }
      if (response.status !== 200) {
        const text = await response.text().catch(() => "");
        throw new OutsideSystemError(
          `${label} failed with HTTP ${response.status}: ${text.slice(0, 300)}`,
          false,
        );
      }

      return await readJson(label, response);
    }
  }

  // Follows every page of a paged list and returns its items.
  private async allPages(
    resource: string,
    meterCode: string,
    start: string,
    end: string,
  ): Promise<unknown[] | null> {
    const label = `OSOS ${resource} of ${meterCode} ${start}..${end}`;
    const items: unknown[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = new URLSearchParams({
        start,
        end,
        page: String(page),
        pageSize: String(PAGE_SIZE),
      });
      const body = await this.get(
        `meters/${encodeURIComponent(meterCode)}/${resource}?${query}`,
        label,
      );
      if (body === null) {
        return null;
      }
      const pageInfo = isObject(body) ? body.page : undefined;
      const pageItems = isObject(body) ? body.items : undefined;
      if (
        !isObject(pageInfo) ||
        !Number.isInteger(pageInfo.totalPages) ||
        !Array.isArray(pageItems)
      ) {
        throw new OutsideSystemError(
          `${label} returned a malformed response: expected items and page.totalPages`,
          false,
        );
      }
      items.push(...pageItems);
      if (page >= (pageInfo.totalPages as number)) {
        return items;
      }
    }
    throw new OutsideSystemError(
      `${label} has more than ${MAX_PAGES} pages`,
      false,
    );
  }

  // Hourly import and export in kWh (after the multiplier) for [start, end),
  // or null when the meter has no load profile (404).
  async loadProfile(
    meterCode: string,
    start: string,
    end: string,
  ): Promise<LoadProfileHour[] | null> {
    const items = await this.allPages("load-profile", meterCode, start, end);
    if (items === null) {
      return null;
    }

    return items.map((item) => {
      if (
        !isObject(item) ||
        typeof item.timestamp !== "string" ||
        !isNumber(item.importKwh) ||
        !isNumber(item.exportKwh)
      ) {
        throw new OutsideSystemError(
          `OSOS load-profile of ${meterCode} returned a malformed item: ${JSON.stringify(item).slice(0, 200)}`,
          false,
        );
      }

      return {
        timestamp: item.timestamp,
        importKwh: item.importKwh,
        exportKwh: item.exportKwh,
      };
    });
  }

  // Daily register readings for [start, end), or null for a 404.
  async indexReadings(
    meterCode: string,
    start: string,
    end: string,
  ): Promise<OsosIndexReading[] | null> {
    const items = await this.allPages("index-readings", meterCode, start, end);
    if (items === null) {
      return null;
    }

    return items.map((item) => {
      if (
        !isObject(item) ||
        typeof item.readAt !== "string" ||
        typeof item.meterSerial !== "string" ||
        !Number.isInteger(item.registerDigits) ||
        !isNumber(item.multiplier) ||
        !isNumber(item.t1Index) ||
        !isNumber(item.t2Index) ||
        !isNumber(item.t3Index)
      ) {
        throw new OutsideSystemError(
          `OSOS index-readings of ${meterCode} returned a malformed item: ${JSON.stringify(item).slice(0, 200)}`,
          false,
        );
      }

      return {
        readAt: item.readAt,
        meterSerial: item.meterSerial,
        registerDigits: item.registerDigits as number,
        multiplier: item.multiplier,
        t1Index: item.t1Index,
        t2Index: item.t2Index,
        t3Index: item.t3Index,
        totalIndex: isNumber(item.totalIndex) ? item.totalIndex : null,
        exportIndex: isNumber(item.exportIndex) ? item.exportIndex : null,
      };
    });
  }
}
