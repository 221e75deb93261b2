// The next run of a scheduled job. The stack's scheduler and the pg_cron
// dispatcher on Supabase both read the cron expressions of
// public.scheduled_jobs in Istanbul time. pg_cron itself runs the
// dispatcher every minute, in UTC.
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
