// Starts one local stack on free ports in a temporary data folder for the
// whole test run, and hands its status to the tests through `inject("stack")`.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import "vitest";
import type { TestProject } from "vitest/node";
import { configFromEnv, type PortName } from "../stack/src/config.ts";
import { type StackStatus, startStack } from "../stack/src/stack.ts";
import { freePort } from "./free-port.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackStatus;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "enerji-test-"));
  // The database runs as another user when the tests run as root.
  await chmod(dataDir, 0o755);
  // The new database gets the demo data set (seed 1), as with `npm start`;
  // seeding takes a few seconds and tests may read the demo logins.
  const base = configFromEnv({ STACK_QUIET: "1", STACK_DEMO_READINGS: "0" });
  const names: PortName[] = ["api", "db", "smtp", "mail", "admin", "portal"];
  const ports = { ...base.ports };
  for (const name of names) {
    ports[name] = await freePort();
  }
  const stack = await startStack({ ...base, dataDir, ports });
  project.provide("stack", stack.status);

  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
