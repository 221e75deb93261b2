// Starts the local scheduler against the stack's database and gateway.
// STACK_SCHEDULER=off disables it, for example while debugging a job by hand.
import type { StackContext, Stopper } from "../services.ts";
import { Scheduler } from "./scheduler.ts";

export function startScheduler(context: StackContext): Stopper | undefined {
  if (process.env.STACK_SCHEDULER === "off") {
    return undefined;
  }
  const { status } = context;
  const scheduler = new Scheduler({
    databaseUrl: status.DB_URL,
    functionsUrl: `${status.API_URL}/functions/v1`,
    serviceRoleKey: status.SERVICE_ROLE_KEY,
  });
  scheduler.start();

  return () => scheduler.stop();
}
