// The services the gateway routes to. Each takes the stack's context and
// mounts itself under its prefix; the returned functions stop them.
import type { StackConfig } from "./config.ts";
import type { Gateway } from "./gateway.ts";
import { startRest } from "./rest/index.ts";
import type { ProjectSecrets } from "./secrets.ts";
import type { StackStatus } from "./stack.ts";

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

  return stoppers;
}
