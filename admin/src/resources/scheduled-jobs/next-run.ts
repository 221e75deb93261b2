// The next time a scheduled job runs. Cron expressions of public.scheduled_jobs
// are read in Istanbul time, by the stack's scheduler and by the pg_cron
// dispatcher on Supabase alike (pg_cron itself runs every minute in UTC).
import { CronExpressionParser } from "cron-parser";

export const SCHEDULE_TIME_ZONE = "Europe/Istanbul";

// Returns the first instant after `after` that the expression matches, or
// null for an expression that cron-parser rejects.
export function nextRunAt(expression: string, after: Date): Date | null {
  try {
    return CronExpressionParser.parse(expression, {
      tz: SCHEDULE_TIME_ZONE,
      currentDate: after,
    })
      .next()
      .toDate();
  } catch {
    return null;
  }
}
