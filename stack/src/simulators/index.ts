// Starts the outside systems' simulators inside the local stack: EPİAŞ
// (CAS tickets, transparency platform, portfolio registration) and OSOS,
// mounted on the API gateway under /simulators/.
import path from "node:path";
import type { Gateway } from "../gateway.ts";
import { EpiasSimulator } from "./epias.ts";
import { MarketData } from "./market-data.ts";
import { OsosSimulator } from "./osos.ts";

export const EPIAS_PREFIX = "/simulators/epias";
export const OSOS_PREFIX = "/simulators/osos";

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
