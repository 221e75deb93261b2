// The services the gateway routes to. Each takes the stack's context and
// mounts itself under its prefix; the returned functions stop them.
import { startAuth } from "./auth/service.ts";
import type { StackConfig } from "./config.ts";
import { startFunctions } from "./functions/index.ts";
import type { Gateway } from "./gateway.ts";
import { startRest } from "./rest/index.ts";
import { startScheduler } from "./scheduler/index.ts";
import type { ProjectSecrets } from "./secrets.ts";
import { mountSimulators } from "./simulators/index.ts";
import type { StackStatus } from "./stack.ts";
import { startStorage } from "./storage/service.ts";

export type StackContext = {
  config: StackConfig;
  secrets: ProjectSecrets;
  status: StackStatus;
  gateway: Gateway;
};

export type Stopper = () => Promise<void>;

export async function startServices(context: StackContext): Promise<Stopper[]> {
  const stoppers: Stopper[] = [];
  stoppers.push(await startRest(context));
  stoppers.push(await startAuth(context));
  stoppers.push(await startStorage(context));
  // The simulators come before the functions, whose default secrets point
  // at them.
  const simulators = mountSimulators(
    context.gateway,
    context.status.API_URL,
    context.config.dataDir,
  );
  Object.assign(context.status, simulators.urls);
  const functions = await startFunctions(context);
  if (functions) {
    stoppers.push(functions);
  }
  const scheduler = startScheduler(context);
  if (scheduler) {
    stoppers.push(scheduler);
  }

  return stoppers;
}
