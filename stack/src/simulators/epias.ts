// Simulator of EPİAŞ's services on one HTTP handler: the CAS ticket server,
// the transparency platform's electricity service and the portfolio
// registration service (our own design), plus a control API for tests.
import type http from "node:http";
import { sendJson } from "../http.ts";
import {
  type Accounts,
  checkCredentials,
  DEFAULT_TICKET_TTL_MS,
  TicketStore,
} from "./cas.ts";
import { type Fault, FaultBoard, FaultError, parseFault } from "./faults.ts";
import { MarketData } from "./market-data.ts";
import type { RealSeriesSite } from "./metering-points.ts";
import { RegistrationBook } from "./registration.ts";
import {
  applyFaultBefore,
  RequestError,
  readForm,
  readJson,
  sendFaultyJson,
} from "./respond.ts";
import {
  marketClearingPrices,
  profileCoefficients,
  renewableUnitCosts,
  systemMarginalPrices,
} from "./transparency.ts";

export type EpiasSimulatorOptions = {
  marketData?: MarketData;
  // User names and passwords. When absent, any user name is accepted with
  // SIMULATOR_PASSWORD.
  accounts?: Accounts;
  ticketTtlMs?: number;
  // JSON file that keeps registration state across restarts.
  registrationStateFile?: string;
  realSeries?: Readonly<Record<RealSeriesSite, string>>;
};

export const EPIAS_SERVICES = ["cas", "transparency", "registration"] as const;
type EpiasService = (typeof EPIAS_SERVICES)[number];

const ELECTRICITY = "/electricity-service/v1/";
const REGISTRATION = "/registration-service/v1/";

function errorBody(status: number, message: string, code = "SIMULATED_ERROR") {
  return { errors: [{ errorCode: code, errorMessage: message }], status };
}

export class EpiasSimulator {
  readonly faults = new FaultBoard();
  readonly tickets: TicketStore;
  readonly registration: RegistrationBook;
  private readonly marketData: MarketData;
  private readonly accounts: Accounts;

  // `prefix` is the path the handler is mounted at ("" when it has its own
  // server).
  constructor(
    readonly prefix: string,
    options: EpiasSimulatorOptions = {},
  ) {
    this.marketData = options.marketData ?? new MarketData();
    this.accounts = options.accounts;
    this.tickets = new TicketStore(
      options.ticketTtlMs ?? DEFAULT_TICKET_TTL_MS,
      "TGT",
    );
    this.registration = new RegistrationBook(
      options.registrationStateFile,
      options.realSeries,
    );
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
      if (pathname.startsWith("/cas/v1/tickets")) {
        await this.cas(req, res, pathname);

        return;
      }
      const service: EpiasService | undefined = pathname.startsWith(ELECTRICITY)
        ? "transparency"
        : pathname.startsWith(REGISTRATION)
          ? "registration"
          : undefined;
      if (service === undefined) {
        sendJson(
          res,
          404,
          errorBody(404, `no service at ${pathname}`, "NOT_FOUND"),
        );

        return;
      }
      const header = req.headers.tgt;
      const user = this.tickets.verify(
        Array.isArray(header) ? header[0] : header,
      );
      if (user === undefined) {
        sendJson(
          res,
          401,
          errorBody(
            401,
            "missing, unknown or expired TGT header: request a ticket from /cas/v1/tickets",
            "UNAUTHORIZED",
          ),
        );

        return;
      }
      const fault = this.faults.take(service, user, pathname);
      if (
        await applyFaultBefore(res, fault, (status) =>
          errorBody(status, "simulated failure"),
        )
      ) {
        return;
      }
      if (service === "transparency") {
        await this.transparency(
          req,
          res,
          pathname.slice(ELECTRICITY.length),
          fault,
        );
      } else {
        await this.registrationService(
          req,
          res,
          pathname.slice(REGISTRATION.length),
          user,
          fault,
        );
      }
    } catch (error) {
      if (error instanceof RequestError || error instanceof FaultError) {
        const status = error instanceof RequestError ? error.status : 400;
        sendJson(res, status, errorBody(status, error.message, "BAD_REQUEST"));

        return;
      }
      throw error;
    }
  };

  private async cas(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    if (req.method === "DELETE" && pathname.startsWith("/cas/v1/tickets/")) {
      const revoked = this.tickets.revoke(
        pathname.slice("/cas/v1/tickets/".length),
      );
      res.writeHead(revoked ? 200 : 404, { "content-type": "text/plain" });
      res.end(revoked ? "ticket revoked" : "ticket not found");

      return;
    }
    if (req.method !== "POST" || pathname !== "/cas/v1/tickets") {
      res.writeHead(405, { "content-type": "text/plain" });
      res.end("use POST /cas/v1/tickets with username and password");

      return;
    }
    const form = await readForm(req);
    const username = form.get("username") ?? "";
    const password = form.get("password") ?? "";
    const fault = this.faults.take("cas", username, pathname);
    if (fault?.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }
    if (fault?.status !== undefined) {
      res.writeHead(fault.status, { "content-type": "text/plain" });
      res.end("simulated failure");

      return;
    }
    if (username === "" || password === "") {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("username and password are required form fields");

      return;
    }
    if (!checkCredentials(this.accounts, username, password)) {
      res.writeHead(401, { "content-type": "text/plain" });
      res.end("invalid username or password");

      return;
    }
    const ticket = this.tickets.issue(username);
    const host = req.headers.host ?? "127.0.0.1";
    res.writeHead(201, {
      "content-type": "text/plain; charset=utf-8",
      location: `http://${host}${this.prefix}/cas/v1/tickets/${ticket}`,
    });
    res.end(
      fault?.malformed !== undefined ? "<html>unexpected</html>" : ticket,
    );
  }

  private async transparency(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    fault: Fault | undefined,
  ): Promise<void> {
    if (req.method !== "POST") {
      throw new RequestError(405, `use POST for ${path}`);
    }
    const body = await readJson(req);
    const answer =
      path === "markets/dam/data/mcp"
        ? marketClearingPrices(body, this.marketData)
        : path === "markets/bpm/data/system-marginal-price"
          ? systemMarginalPrices(body, this.marketData)
          : path === "renewables/data/unit-cost"
            ? renewableUnitCosts(body)
            : path === "consumption/data/multiple-factor"
              ? profileCoefficients(body, this.marketData)
              : undefined;
    if (answer === undefined) {
      throw new RequestError(404, `no electricity service ${path}`);
    }
    sendFaultyJson(res, 200, answer.body, fault, {
      "x-simulator-data-source": answer.source,
    });
  }

  private async registrationService(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    supplier: string,
    fault: Fault | undefined,
  ): Promise<void> {
    const pointPrefix = "portfolio/metering-points/";
    if (
      req.method === "GET" &&
      path.startsWith(pointPrefix) &&
      path !== `${pointPrefix}query`
    ) {
      const eic = decodeURIComponent(path.slice(pointPrefix.length));
      const point = this.registration.meteringPoint(supplier, eic);
      if (point === undefined) {
        throw new RequestError(
          404,
          `metering point ${eic} is not in the portfolio`,
        );
      }
      sendFaultyJson(res, 200, point, fault);

      return;
    }
    if (req.method !== "POST") {
      throw new RequestError(405, `use POST for ${path}`);
    }
    const body = await readJson(req);
    if (path === "portfolio/registration-requests") {
      sendFaultyJson(res, 201, this.registration.submit(supplier, body), fault);
    } else if (path === "portfolio/registration-requests/query") {
      sendFaultyJson(
        res,
        200,
        this.registration.results(supplier, body),
        fault,
      );
    } else if (path === "portfolio/metering-points/query") {
      sendFaultyJson(
        res,
        200,
        this.registration.portfolio(supplier, body),
        fault,
      );
    } else {
      throw new RequestError(404, `no registration service ${path}`);
    }
  }

  private async control(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    const body = await readJson(req);
    const scope = typeof body.scope === "string" ? body.scope : "*";
    if (pathname === "/_control/faults") {
      const service = body.service as EpiasService | undefined;
      if (req.method === "DELETE") {
        this.faults.clear(
          service,
          typeof body.scope === "string" ? body.scope : undefined,
        );
        sendJson(res, 200, { cleared: true });

        return;
      }
      if (
        req.method !== "PUT" ||
        !EPIAS_SERVICES.includes(service as EpiasService)
      ) {
        throw new RequestError(
          400,
          `PUT a fault with service one of ${EPIAS_SERVICES.join(", ")}`,
        );
      }
      const fault = parseFault(body);
      this.faults.set(service as EpiasService, scope, fault);
      sendJson(res, 200, { service, scope, fault });

      return;
    }
    if (pathname === "/_control/tickets/expire" && req.method === "POST") {
      const expired = this.tickets.expire(
        typeof body.scope === "string" ? body.scope : undefined,
      );
      sendJson(res, 200, { expired });

      return;
    }
    if (pathname === "/_control/registration") {
      if (req.method === "DELETE") {
        this.registration.reset(scope);
        sendJson(res, 200, { reset: scope });

        return;
      }
      if (req.method === "PUT") {
        const rules = body.rules;
        if (rules === null || typeof rules !== "object") {
          throw new RequestError(400, "rules must be an object");
        }
        sendJson(res, 200, {
          scope,
          rules: this.registration.configure(
            scope,
            rules as Record<string, unknown>,
          ),
        });

        return;
      }
    }
    throw new RequestError(
      404,
      `no control endpoint ${req.method} ${pathname}`,
    );
  }
}
