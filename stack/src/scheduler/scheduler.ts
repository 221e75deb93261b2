// The local stack's stand-in for Supabase Cron: reads public.scheduled_jobs,
// evaluates each cron expression in Europe/Istanbul time and calls the job's
// edge function with the service role key. Every firing is a row in
// public.job_runs. The database keeps two schedulers, even in two stack
// processes, from running a job twice: it allows one running run per job
// and one run per scheduled slot, and the caller holds an advisory lock.
// It also calls the functions of the runs that admins start with
// public.run_scheduled_job_now, which pg_net calls on Supabase.
import { CronExpressionParser } from "cron-parser";
import pg from "pg";

export const SCHEDULE_TIME_ZONE = "Europe/Istanbul";

export type SchedulerOptions = {
  databaseUrl: string;
  // Base URL of the functions API, such as http://127.0.0.1:54321/functions/v1.
  functionsUrl: string;
  serviceRoleKey: string;
  // Injectable clock, so that tests need not wait for real minutes.
  now?: () => Date;
  tickIntervalMs?: number;
  // A slot is fired on time up to this long after it; older missed slots
  // run only for jobs with catch_up.
  graceMs?: number;
  // How far back catch-up reaches after downtime.
  maxCatchUpMs?: number;
  log?: (line: string) => void;
};

export type ScheduledJob = {
  name: string;
  cron_expression: string;
  function_name: string;
  body: unknown;
  catch_up: boolean;
  timeout_ms: number;
  last_slot: Date;
};

export type Firing = {
  jobName: string;
  scheduledFor: Date;
  jobRunId: string;
  status: "running" | "skipped";
  // Settles when the function call is recorded; skipped firings are final.
  done: Promise<void>;
};

const MINUTE_MS = 60_000;
const MAX_ERROR_LENGTH = 2000;

// Returns the slot to fire for a job at `now`, or undefined when none is due.
export function dueSlot(
  job: Pick<ScheduledJob, "cron_expression" | "catch_up" | "last_slot">,
  now: Date,
  graceMs: number,
  maxCatchUpMs: number,
): Date | undefined {
  if (job.catch_up) {
    const after = new Date(
      Math.max(job.last_slot.getTime(), now.getTime() - maxCatchUpMs),
    );
    const next = CronExpressionParser.parse(job.cron_expression, {
      tz: SCHEDULE_TIME_ZONE,
      currentDate: after,
    })
      .next()
      .toDate();

    return next.getTime() <= now.getTime() ? next : undefined;
  }
  const latest = CronExpressionParser.parse(job.cron_expression, {
    tz: SCHEDULE_TIME_ZONE,
    currentDate: new Date(now.getTime() + 1),
  })
    .prev()
    .toDate();
  const fresh = now.getTime() - latest.getTime() < graceMs;

  return latest > job.last_slot && fresh ? latest : undefined;
}

export class Scheduler {
  private readonly pool: pg.Pool;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<Firing[]>;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 20,
    });
    // pg's pool resolves end() before its idle connections have closed, and
    // Postgres stopped from outside the stack ends each connection with
    // SQLSTATE 57P01, so neither is logged. A database that stays down still
    // shows as a failed tick.
    this.pool.on("error", (error: Error & { code?: string }) => {
      if (!this.stopping && error.code !== "57P01") {
        this.log(`idle database connection failed: ${error.message}`);
      }
    });
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((line) => console.error(`[scheduler] ${line}`));
  }

  start(): void {
    const interval = this.options.tickIntervalMs ?? 1000;
    // A failure that repeats every tick (the database is down) is logged
    // once, and again when it changes or after the scheduler recovers.
    let lastFailure: string | undefined;
    this.timer = setInterval(() => {
      this.tick()
        .then(() => {
          if (lastFailure !== undefined) {
            this.log("tick succeeded again");
          }
          lastFailure = undefined;
        })
        .catch((error: Error) => {
          if (error.message !== lastFailure) {
            this.log(
              `tick failed (retrying every ${interval} ms): ${error.message}`,
            );
          }
          lastFailure = error.message;
        });
    }, interval);
  }

  // Fires every job that is due now. Returns once each firing is recorded;
  // the function calls go on in the background (see idle()).
  tick(): Promise<Firing[]> {
    if (!this.ticking) {
      this.ticking = this.fireDueJobs().finally(() => {
        this.ticking = undefined;
      });
    }

    return this.ticking;
  }

  // Waits until every function call started so far is recorded.
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight]);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.ticking?.catch(() => undefined);
    await this.idle();
    await this.pool.end();
  }

  private async fireDueJobs(): Promise<Firing[]> {
    // Runs started by an admin are claimed first, so that a slot opened in
    // the same tick finds them running and is recorded as skipped.
    await this.callRunNowRuns();
    const now = this.now();
    const graceMs = this.options.graceMs ?? MINUTE_MS;
    const maxCatchUpMs = this.options.maxCatchUpMs ?? 24 * 60 * MINUTE_MS;
    const { rows: jobs } = await this.pool.query<ScheduledJob>(
      `select j.name, j.cron_expression, j.function_name, j.body, j.catch_up,
              (extract(epoch from j.timeout) * 1000)::integer as timeout_ms,
              coalesce(
                (select max(r.scheduled_for)
                 from public.job_runs as r
                 where r.job_name = j.name),
                j.created_at
              ) as last_slot
       from public.scheduled_jobs as j
       where j.enabled
       order by j.name`,
    );
    const firings: Firing[] = [];
    for (const job of jobs) {
      let slot: Date | undefined;
      try {
        slot = dueSlot(job, now, graceMs, maxCatchUpMs);
      } catch (error) {
        this.log(
          `job ${job.name}: invalid cron expression ` +
            `"${job.cron_expression}": ${(error as Error).message}`,
        );
        continue;
      }
      if (slot) {
        const firing = await this.fire(job, slot);
        if (firing) {
          firings.push(firing);
        }
      }
    }

    return firings;
  }

  private async fire(
    job: ScheduledJob,
    slot: Date,
  ): Promise<Firing | undefined> {
    const client = await this.pool.connect();
    let keepClient = false;
    try {
      const { rows } = await client.query<{
        job_run_id: string;
        status: "running" | "skipped";
      }>(
        `select job_run_id, status
         from private.open_job_run(
           p_job_name => $1, p_function_name => $2,
           p_trigger_kind => 'schedule', p_scheduled_for => $3)`,
        [job.name, job.function_name, slot],
      );
      const row = rows[0];
      if (!row) {
        // Another scheduler fired this slot first.
        return undefined;
      }
      if (row.status === "skipped") {
        this.log(
          `job ${job.name}: slot ${slot.toISOString()} skipped because ` +
            `the previous run is still running (run ${row.job_run_id})`,
        );

        return {
          jobName: job.name,
          scheduledFor: slot,
          jobRunId: row.job_run_id,
          status: "skipped",
          done: Promise.resolve(),
        };
      }
      keepClient = true;
      const done = this.callInBackground(job, row.job_run_id, client);

      return {
        jobName: job.name,
        scheduledFor: slot,
        jobRunId: row.job_run_id,
        status: "running",
        done,
      };
    } finally {
      if (!keepClient) {
        client.release();
      }
    }
  }

  // Calls the job's function for a run opened on `client`, which holds the
  // job's lock. The connection is closed, not returned to the pool, after
  // the call, so that the lock can never outlive the run.
  private callInBackground(
    job: ScheduledJob,
    jobRunId: string,
    client: pg.PoolClient,
  ): Promise<void> {
    const done = this.call(job, jobRunId, client).finally(() => {
      client.release(true);
      this.inFlight.delete(done);
    });
    this.inFlight.add(done);

    return done;
  }

  // Calls the functions of the run_now runs that are running without a
  // pg_net request id. Each is claimed by taking its job's lock, so a run
  // that this or another scheduler already calls is left alone.
  private async callRunNowRuns(): Promise<void> {
    const { rows } = await this.pool.query<
      ScheduledJob & { job_run_id: string }
    >(
      `select r.job_run_id, j.name, j.cron_expression, j.function_name,
              j.body, j.catch_up,
              (extract(epoch from j.timeout) * 1000)::integer as timeout_ms,
              r.started_at as last_slot
       from public.job_runs as r
       join public.scheduled_jobs as j on j.name = r.job_name
       where r.trigger_kind = 'run_now'
         and r.status = 'running'
         and r.net_request_id is null
       order by r.started_at`,
    );
    for (const row of rows) {
      const client = await this.pool.connect();
      let claimed = false;
      try {
        const { rows: locks } = await client.query<{ locked: boolean }>(
          `select pg_try_advisory_lock(private.job_lock_key($1)) as locked`,
          [row.name],
        );
        if (locks[0]?.locked) {
          const { rows: current } = await client.query(
            `select 1 from public.job_runs
             where job_run_id = $1 and status = 'running'`,
            [row.job_run_id],
          );
          claimed = current.length > 0;
          if (!claimed) {
            await client.query(
              "select pg_advisory_unlock(private.job_lock_key($1))",
              [row.name],
            );
          }
        }
      } finally {
        if (!claimed) {
          client.release();
        }
      }
      if (claimed) {
        this.log(`job ${row.name}: run ${row.job_run_id} started by an admin`);
        this.callInBackground(row, row.job_run_id, client);
      }
    }
  }

  // Calls the job's function and records the outcome on the connection that
  // holds the job's lock. A call that times out is recorded as timed_out
  // with no HTTP status, never as a success.
  private async call(
    job: ScheduledJob,
    jobRunId: string,
    client: pg.PoolClient,
  ): Promise<void> {
    let status: "succeeded" | "failed" | "timed_out";
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(
        `${this.options.functionsUrl}/${job.function_name}`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${this.options.serviceRoleKey}`,
            "content-type": "application/json",
            "x-job-run-id": jobRunId,
          },
          body: JSON.stringify(job.body ?? {}),
          signal: AbortSignal.timeout(job.timeout_ms),
        },
      );
      const text = await response.text();
      httpStatus = response.status;
      status = response.ok ? "succeeded" : "failed";
      if (!response.ok) {
        error = `HTTP ${response.status}: ${text.slice(0, MAX_ERROR_LENGTH)}`;
      }
    } catch (caught) {
      const failure = caught as Error;
      if (failure.name === "TimeoutError") {
        status = "timed_out";
        error = `No response within the job's timeout of ${job.timeout_ms} ms`;
      } else {
        status = "failed";
        error = `Request failed: ${failure.message}`;
      }
    }
    if (status !== "succeeded") {
      this.log(`job ${job.name}: run ${jobRunId} ${status}: ${error}`);
    }
    try {
      await client.query("select private.finish_job_run($1, $2, $3, $4)", [
        jobRunId,
        status,
        error,
        httpStatus,
      ]);
    } catch (caught) {
      this.log(
        `job ${job.name}: recording run ${jobRunId} failed: ` +
          (caught as Error).message,
      );
    }
  }
}
