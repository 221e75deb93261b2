// A second stack of its own for browser tests that need access tokens to
// expire within seconds. The auth service reads the token lifetime from
// STACK_AUTH_JWT_EXPIRY when it starts, so the variable is set only while
// this stack starts and restored afterwards.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { configFromEnv, type PortName } from "../stack/src/config.ts";
import { type StackStatus, startStack } from "../stack/src/stack.ts";
import { freePort } from "./free-port.ts";

export type ShortExpiryStack = {
  status: StackStatus;
  stop: () => Promise<void>;
};

export async function startShortExpiryStack(
  jwtExpirySeconds: number,
): Promise<ShortExpiryStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "enerji-expiry-"));
  await chmod(dataDir, 0o755);
  const base = configFromEnv({ STACK_QUIET: "1", STACK_DEMO_READINGS: "0" });
  const names: PortName[] = ["api", "db", "smtp", "mail", "admin", "portal"];
  const ports = { ...base.ports };
  for (const name of names) {
    ports[name] = await freePort();
  }
  const previous = process.env.STACK_AUTH_JWT_EXPIRY;
  process.env.STACK_AUTH_JWT_EXPIRY = String(jwtExpirySeconds);
  try {
    const stack = await startStack({
      ...base,
      dataDir,
      ports,
      serveApps: true,
    });

    return {
      status: stack.status,
      stop: async () => {
        await stack.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (previous === undefined) {
      delete process.env.STACK_AUTH_JWT_EXPIRY;
    } else {
      process.env.STACK_AUTH_JWT_EXPIRY = previous;
    }
  }
}
