// Starts the outside systems' simulators inside the local stack: EPİAŞ
// (CAS tickets, transparency platform, portfolio registration) and OSOS,
// mounted on the API gateway under /simulators/.
import type http from "node:http";
import path from "node:path";
import type { Gateway } from "../gateway.ts";
import { sendJson } from "../http.ts";
import { EpiasSimulator } from "./epias.ts";
import { MarketData } from "./market-data.ts";
import { OsosSimulator } from "./osos.ts";

export const SIMULATORS_PREFIX = "/simulators";
export const EPIAS_PREFIX = `${SIMULATORS_PREFIX}/epias`;
export const OSOS_PREFIX = `${SIMULATORS_PREFIX}/osos`;

export type SimulatorUrls = {
  // Base of the CAS ticket server: POST {EPIAS_CAS_URL}/cas/v1/tickets.
  EPIAS_CAS_URL: string;
  // Base of the transparency platform, ending in /electricity-service/v1.
  EPIAS_TRANSPARENCY_URL: string;
  // Base of the registration service, ending in /registration-service/v1.
  EPIAS_REGISTRATION_URL: string;
  // Base of the OSOS service, ending in /api/v1.
  OSOS_URL: string;
  // Base of the EPİAŞ simulator's control API for tests.
  EPIAS_SIMULATOR_URL: string;
  OSOS_SIMULATOR_URL: string;
};

export function mountSimulators(
  gateway: Gateway,
  apiUrl: string,
  dataDir: string,
): { urls: SimulatorUrls; epias: EpiasSimulator; osos: OsosSimulator } {
  const marketData = new MarketData();
  const epias = new EpiasSimulator(EPIAS_PREFIX, {
    marketData,
    registrationStateFile: path.join(
      dataDir,
      "simulators",
      "epias-registration.json",
    ),
  });
  const osos = new OsosSimulator(OSOS_PREFIX, { marketData });
  gateway.mount(EPIAS_PREFIX, epias.handle);
  gateway.mount(OSOS_PREFIX, osos.handle);
  // Mounted after the simulators, because the gateway tries prefixes in
  // the order they were mounted.
  gateway.mount(SIMULATORS_PREFIX, serveIndex);
  const epiasUrl = `${apiUrl}${EPIAS_PREFIX}`;
  const ososUrl = `${apiUrl}${OSOS_PREFIX}`;

  return {
    urls: {
      EPIAS_CAS_URL: epiasUrl,
      EPIAS_TRANSPARENCY_URL: `${epiasUrl}/electricity-service/v1`,
      EPIAS_REGISTRATION_URL: `${epiasUrl}/registration-service/v1`,
      OSOS_URL: `${ososUrl}/api/v1`,
      EPIAS_SIMULATOR_URL: epiasUrl,
      OSOS_SIMULATOR_URL: ososUrl,
    },
    epias,
    osos,
  };
}

// The simulators with the base paths of their services, relative to the
// gateway, as GET /simulators/ returns them.
export const SIMULATOR_INDEX = [
  {
    name: "epias",
    description:
      "EPİAŞ: CAS tickets, the transparency platform and portfolio registration",
    base_path: EPIAS_PREFIX,
    services: {
      cas_tickets: `${EPIAS_PREFIX}/cas/v1/tickets`,
      transparency: `${EPIAS_PREFIX}/electricity-service/v1`,
      registration: `${EPIAS_PREFIX}/registration-service/v1`,
      control: `${EPIAS_PREFIX}/_control`,
    },
  },
  {
    name: "osos",
    description: "OSOS: automatic meter reading of a distribution company",
    base_path: OSOS_PREFIX,
    services: {
      readings: `${OSOS_PREFIX}/api/v1`,
      control: `${OSOS_PREFIX}/_control`,
    },
  },
] as const;

function serveIndex(req: http.IncomingMessage, res: http.ServerResponse) {
  const pathname = (req.url ?? "/").split("?")[0];
  if (pathname !== SIMULATORS_PREFIX && pathname !== `${SIMULATORS_PREFIX}/`) {
    sendJson(res, 404, {
      message: `no simulator at ${pathname}. GET ${SIMULATORS_PREFIX}/ lists them.`,
    });

    return;
  }

  if (req.method !== "GET" && req.method !== "HEAD") {
    sendJson(
      res,
      405,
      {
        message: `${req.method} is not allowed on the simulator index; use GET`,
      },
      { allow: "GET, HEAD" },
    );

    return;
  }

  sendJson(res, 200, { simulators: SIMULATOR_INDEX });
}
