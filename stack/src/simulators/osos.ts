// Simulator, of our own design, of a distribution company's automatic meter
// reading (OSOS) service. Portals differ per company, so the shape is ours:
// token login, meter master data, a paged hourly load profile and daily
// three-time index readings, looked up by installation number or EIC.
import type http from "node:http";
import { formatMilli } from "../../../functions/_shared/readings/decimal.ts";
import {
  formatLocalIso,
  TURKEY_TIME_ZONE,
} from "../../../functions/_shared/readings/time-zone.ts";
import { sendJson } from "../http.ts";
import { type Accounts, checkCredentials, TicketStore } from "./cas.ts";
import { FaultBoard, FaultError, parseFault } from "./faults.ts";
import { MarketData } from "./market-data.ts";
import {
  describeMeteringPoint,
  eicOfInstallationNumber,
  installationNumberOf,
  type MeteringPointMasterData,
  REAL_SERIES_METERING_POINTS,
  type RealSeriesSite,
  UnknownMeteringPointError,
} from "./metering-points.ts";
import { MeterSeries } from "./osos-series.ts";
import {
  applyFaultBefore,
  parseInstant,
  RequestError,
  readJson,
  sendFaultyJson,
} from "./respond.ts";

export const OSOS_TOKEN_TTL_MS = 60 * 60 * 1000;
export const OSOS_MAX_RANGE_DAYS = 400;
export const OSOS_MAX_PAGE_SIZE = 2000;
const DEFAULT_PAGE_SIZE = 744;
const API = "/api/v1/";

export type OsosSimulatorOptions = {
  marketData?: MarketData;
  accounts?: Accounts;
  tokenTtlMs?: number;
  realSeries?: Readonly<Record<RealSeriesSite, string>>;
  // Clock that limits demo data to completed hours.
  now?: () => number;
};

function errorBody(status: number, message: string, code: string) {
  return { error: { status, code, message } };
}

function kwh(milli: bigint | null): number | null {
  return milli === null ? null : Number(formatMilli(milli));
}

export class OsosSimulator {
  readonly faults = new FaultBoard();
  readonly tokens: TicketStore;
  private readonly series: MeterSeries;
  private readonly accounts: Accounts;
  private readonly realSeries: Readonly<Record<RealSeriesSite, string>>;
  private readonly tokenTtlMs: number;
  // Installation numbers of hash-numbered codes seen so far.
  private readonly seen = new Map<string, string>();

  constructor(
    readonly prefix: string,
    options: OsosSimulatorOptions = {},
  ) {
    this.accounts = options.accounts;
    this.tokenTtlMs = options.tokenTtlMs ?? OSOS_TOKEN_TTL_MS;
    this.tokens = new TicketStore(this.tokenTtlMs, "OSOS");
    this.realSeries = options.realSeries ?? REAL_SERIES_METERING_POINTS;
    this.series = new MeterSeries(
      options.marketData ?? new MarketData(),
      options.now ?? Date.now,
    );
    for (const eic of Object.values(this.realSeries)) {
      this.seen.set(installationNumberOf(eic), eic);
    }
  }

  private findMeter(key: string): MeteringPointMasterData {
    const eic =
      key.length === 16
        ? key
        : (this.seen.get(key) ?? eicOfInstallationNumber(key));
    if (eic === undefined) {
      throw new RequestError(
        404,
        `no meter with installation number ${key}`,
        "METER_NOT_FOUND",
      );
    }
    try {
      const point = describeMeteringPoint(eic, this.realSeries);
      this.seen.set(point.installationNumber, eic);

      return point;
    } catch (error) {
      if (error instanceof UnknownMeteringPointError) {
        throw new RequestError(
          404,
          `no meter ${key}: ${error.message}`,
          "METER_NOT_FOUND",
        );
      }
      throw error;
    }
  }

  readonly handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const pathname = url.pathname.slice(this.prefix.length) || "/";
    try {
      if (pathname.startsWith("/_control/")) {
        await this.control(req, res, pathname);

        return;
      }
      if (pathname === `${API}auth/token`) {
        await this.login(req, res, pathname);

        return;
      }
      if (!pathname.startsWith(`${API}meters/`)) {
        throw new RequestError(
          404,
          `no OSOS service at ${pathname}`,
          "NOT_FOUND",
        );
      }
      const authorization = req.headers.authorization ?? "";
      const user = this.tokens.verify(
        authorization.startsWith("Bearer ")
          ? authorization.slice(7)
          : undefined,
      );
      if (user === undefined) {
        sendJson(
          res,
          401,
          errorBody(
            401,
            "missing, unknown or expired bearer token: log in at /api/v1/auth/token",
            "UNAUTHORIZED",
          ),
        );

        return;
      }
      const fault = this.faults.take("osos", user, pathname);
      if (
        await applyFaultBefore(res, fault, (status) =>
          errorBody(status, "simulated failure", "SIMULATED_ERROR"),
        )
      ) {
        return;
      }
      if (req.method !== "GET") {
        throw new RequestError(
          405,
          `use GET for ${pathname}`,
          "METHOD_NOT_ALLOWED",
        );
      }
      const [key = "", resource] = decodeURIComponent(
        pathname.slice(`${API}meters/`.length),
      ).split("/");
      const point = this.findMeter(key);
      let body: unknown;
      if (resource === undefined) {
        body = this.meterBody(point);
      } else if (resource === "load-profile") {
        body = this.loadProfile(point, url.searchParams);
      } else if (resource === "index-readings") {
        body = this.indexReadings(point, url.searchParams);
      } else {
        throw new RequestError(
          404,
          `no meter resource ${resource}`,
          "NOT_FOUND",
        );
      }
      sendFaultyJson(res, 200, body, fault);
    } catch (error) {
      if (error instanceof RequestError || error instanceof FaultError) {
        const status = error instanceof RequestError ? error.status : 400;
        const code = error instanceof RequestError ? error.code : "BAD_REQUEST";
        sendJson(res, status, errorBody(status, error.message, code));

        return;
      }
      throw error;
    }
  };

  private async login(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    if (req.method !== "POST") {
      throw new RequestError(
        405,
        "use POST with username and password",
        "METHOD_NOT_ALLOWED",
      );
    }
    const body = await readJson(req);
    const username = typeof body.username === "string" ? body.username : "";
    const password = typeof body.password === "string" ? body.password : "";
    const fault = this.faults.take("osos", username, pathname);
    if (
      await applyFaultBefore(res, fault, (status) =>
        errorBody(status, "simulated failure", "SIMULATED_ERROR"),
      )
    ) {
      return;
    }
    if (username === "" || password === "") {
      throw new RequestError(
        400,
        "username and password are required",
        "BAD_REQUEST",
      );
    }
    if (!checkCredentials(this.accounts, username, password)) {
      sendJson(
        res,
        401,
        errorBody(401, "invalid username or password", "INVALID_CREDENTIALS"),
      );

      return;
    }
    sendFaultyJson(
      res,
      200,
      {
        accessToken: this.tokens.issue(username),
        tokenType: "Bearer",
        expiresIn: Math.floor(this.tokenTtlMs / 1000),
      },
      fault,
    );
  }

  private meterBody(point: MeteringPointMasterData) {
    return {
      installationNumber: point.installationNumber,
      meteringPointEic: point.meteringPointEic,
      meterSerial: point.meterSerial,
      meterBrand: point.meterBrand,
      registerDigits: point.registerDigits,
      multiplier: point.multiplier,
      distributionCompany: point.distributionCompany,
      subscriberGroup: point.subscriberGroup,
      voltageLevel: point.voltageLevel,
      tariffType: point.meterReadingType === 1 ? "three_time" : "single_time",
    };
  }

  private range(params: URLSearchParams) {
    const start = parseInstant(params.get("start") ?? undefined, "start");
    const end = parseInstant(params.get("end") ?? undefined, "end");
    if (end <= start) {
      throw new RequestError(400, "end must be after start", "BAD_REQUEST");
    }
    if (end - start > OSOS_MAX_RANGE_DAYS * 86_400_000) {
      throw new RequestError(
        400,
        `a request may span at most ${OSOS_MAX_RANGE_DAYS} days`,
        "BAD_REQUEST",
      );
    }
    const page = Number(params.get("page") ?? "1");
    const pageSize = Number(
      params.get("pageSize") ?? String(DEFAULT_PAGE_SIZE),
    );
    if (!Number.isInteger(page) || page < 1) {
      throw new RequestError(400, "page must be an integer ≥ 1", "BAD_REQUEST");
    }
    if (
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      pageSize > OSOS_MAX_PAGE_SIZE
    ) {
      throw new RequestError(
        400,
        `pageSize must be an integer 1–${OSOS_MAX_PAGE_SIZE}`,
        "BAD_REQUEST",
      );
    }

    return { start, end, page, pageSize };
  }

  private paged<T>(all: T[], page: number, pageSize: number) {
    return {
      page: {
        number: page,
        size: pageSize,
        totalItems: all.length,
        totalPages: Math.ceil(all.length / pageSize),
      },
      items: all.slice((page - 1) * pageSize, page * pageSize),
    };
  }

  private loadProfile(point: MeteringPointMasterData, params: URLSearchParams) {
    const { start, end, page, pageSize } = this.range(params);
    const hours = this.series.hours(point, start, end).map((hour) => ({
      timestamp: formatLocalIso(hour.startUtcMs, TURKEY_TIME_ZONE),
      importKwh: kwh(hour.importMilli),
      exportKwh: kwh(hour.exportMilli),
      reactiveInductiveKvarh: kwh(hour.reactiveInductiveMilli),
      reactiveCapacitiveKvarh: kwh(hour.reactiveCapacitiveMilli),
    }));

    return {
      installationNumber: point.installationNumber,
      meteringPointEic: point.meteringPointEic,
      multiplier: point.multiplier,
      start: formatLocalIso(start, TURKEY_TIME_ZONE),
      end: formatLocalIso(end, TURKEY_TIME_ZONE),
      ...this.paged(hours, page, pageSize),
    };
  }

  private indexReadings(
    point: MeteringPointMasterData,
    params: URLSearchParams,
  ) {
    const { start, end, page, pageSize } = this.range(params);

    return {
      installationNumber: point.installationNumber,
      meteringPointEic: point.meteringPointEic,
      ...this.paged(
        this.series.indexReadings(point, start, end),
        page,
        pageSize,
      ),
    };
  }

  private async control(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    const body = await readJson(req);
    const scope = typeof body.scope === "string" ? body.scope : undefined;
    if (pathname === "/_control/faults" && req.method === "DELETE") {
      this.faults.clear("osos", scope);
      sendJson(res, 200, { cleared: true });

      return;
    }
    if (pathname === "/_control/faults" && req.method === "PUT") {
      const fault = parseFault(body);
      this.faults.set("osos", scope ?? "*", fault);
      sendJson(res, 200, { service: "osos", scope: scope ?? "*", fault });

      return;
    }
    if (pathname === "/_control/tokens/expire" && req.method === "POST") {
      sendJson(res, 200, { expired: this.tokens.expire(scope) });

      return;
    }
    throw new RequestError(
      404,
      `no control endpoint ${req.method} ${pathname}`,
      "NOT_FOUND",
    );
  }
}
