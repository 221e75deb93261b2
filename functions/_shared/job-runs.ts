// Run records for long and scheduled work (table public.job_runs). Each run
// has its own database connection, which holds the job's advisory lock until
// the run finishes or the worker dies. So two runs of one job never overlap,
// and the next run recognises and resumes a run whose worker was killed.
// @ts-types="npm:@types/pg@8.23.1"
import pg from "npm:pg@8.23.1";

export type JobRunStatus =
  | "running"
  | "succeeded"
  | "failed"
  | "timed_out"
  | "skipped";

export type JobRunRow = {
  job_run_id: string;
  job_name: string;
  status: JobRunStatus;
  progress_done: number;
  progress_total: number | null;
  counts: Record<string, number>;
  resume_cursor: unknown;
  error: string | null;
};

export type OpenJobRunOptions = {
  jobName: string;
  functionName?: string;
  // The run of the scheduled call that started this work, if any.
  parentJobRunId?: string | null;
  // The staff member who started the run, as run_now runs record it.
  triggeredByStaffId?: string | null;
  // Defaults to SUPABASE_DB_URL.
  databaseUrl?: string;
};

// The header the scheduler sends with the id of its own run record.
export const JOB_RUN_HEADER = "x-job-run-id";

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parentJobRunId(request: Request): string | null {
  const value = request.headers.get(JOB_RUN_HEADER);

  return value && UUID_PATTERN.test(value) ? value : null;
}

export class JobRun {
  private constructor(
    readonly client: pg.Client,
    public row: JobRunRow,
    private readonly databaseUrl: string,
  ) {}

  get id(): string {
    return this.row.job_run_id;
  }

  // Opens a run. Returns `{ run }` when this caller may work, or
  // `{ skipped }` with the recorded skip when the job is already running.
  static async open(
    options: OpenJobRunOptions,
  ): Promise<{ run: JobRun } | { skipped: JobRunRow }> {
    const databaseUrl =
      options.databaseUrl ?? Deno.env.get("SUPABASE_DB_URL") ?? "";
    if (databaseUrl === "") {
      throw new Error("SUPABASE_DB_URL is not set");
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    // A connection lost between queries is reported by the next query, so
    // the client's own error event only needs a listener, without which
    // the event would end the process.
    client.on("error", (error) => {
      console.warn(
        `job run of ${options.jobName}: lost its connection: ${error.message}`,
      );
    });
    await client.connect();
    try {
      const { rows } = await client.query<JobRunRow>(
        `select * from private.open_job_run(
           p_job_name => $1, p_function_name => $2, p_trigger_kind => 'manual',
           p_parent_job_run_id => $3)`,
        [
          options.jobName,
          options.functionName ?? null,
          options.parentJobRunId ?? null,
        ],
      );
      let row = rows[0];
      if (!row) {
        throw new Error(`No run was opened for job ${options.jobName}`);
      }
      if (row.status === "skipped") {
        await client.end();

        return { skipped: row };
      }
      if (options.triggeredByStaffId) {
        const updated = await client.query<JobRunRow>(
          `update public.job_runs set triggered_by_staff_id = $2
           where job_run_id = $1
           returning *`,
          [row.job_run_id, options.triggeredByStaffId],
        );
        row = updated.rows[0] ?? row;
      }

      return { run: new JobRun(client, row, databaseUrl) };
    } catch (error) {
      await client.end();
      throw error;
    }
  }

  // Records progress and the cursor to resume from. Pass the values only
  // after the work they describe is committed, or call it inside the same
  // transaction (as processInChunks does).
  async update(progress: {
    done?: number;
    total?: number | null;
    counts?: Record<string, number>;
    cursor?: unknown;
  }): Promise<void> {
    const { rows } = await this.client.query<JobRunRow>(
      `update public.job_runs
       set progress_done = coalesce($2, progress_done),
           progress_total = case when $3::boolean then $4 else progress_total end,
           counts = coalesce($5::jsonb, counts),
           resume_cursor = case when $6::boolean then $7::jsonb else resume_cursor end,
           updated_at = now()
       where job_run_id = $1
       returning *`,
      [
        this.id,
        progress.done ?? null,
        progress.total !== undefined,
        progress.total ?? null,
        progress.counts ? JSON.stringify(progress.counts) : null,
        progress.cursor !== undefined,
        progress.cursor === undefined ? null : JSON.stringify(progress.cursor),
      ],
    );
    this.row = rows[0] as JobRunRow;
  }

  // Closes the run with its final status and releases the job's lock. NUL
  // characters of the error, which Postgres cannot store in text, are
  // written as "\0". When the run's own connection fails (the database
  // ended it, say), the run is closed through a new connection, because
  // the lock went with the old one and the run would otherwise stay
  // running.
  async finish(
    status: "succeeded" | "failed" | "timed_out",
    error: string | null = null,
  ): Promise<JobRunRow> {
    const values = [
      this.id,
      status,
      error?.replaceAll("\u0000", "\\0") ?? null,
    ];
    const query = "select * from private.finish_job_run($1, $2, $3)";
    try {
      const { rows } = await this.client.query<JobRunRow>(query, values);
      this.row = rows[0] as JobRunRow;

      return this.row;
    } catch (ownError) {
      console.warn(
        `job run ${this.id}: finishing on its own connection failed, ` +
          `retrying on a new one: ${(ownError as Error).message}`,
      );
      const client = new pg.Client({ connectionString: this.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<JobRunRow>(query, values);
        this.row = rows[0] as JobRunRow;

        return this.row;
      } finally {
        await client.end();
      }
    } finally {
      await this.client.end().catch(() => undefined);
    }
  }
}

export type ChunkOptions<Item, Cursor> = {
  chunkSize: number;
  total?: number;
  // Loads up to `limit` items after `cursor` (null at the start) and the
  // cursor that follows the last of them.
  loadChunk: (
    cursor: Cursor | null,
    limit: number,
  ) => Promise<{ items: Item[]; nextCursor: Cursor }>;
  // Stores the results of one chunk using `client`, inside the transaction
  // that also moves the cursor, and returns counts to add to the run's.
  handleChunk: (
    client: pg.Client,
    items: Item[],
  ) => Promise<Record<string, number>>;
};

// Processes work in chunks. Each chunk's results and the cursor after it
// commit in one transaction, so a run killed mid-chunk loses only that
// chunk's uncommitted work and the next run resumes after the last commit.
export async function processInChunks<Item, Cursor>(
  run: JobRun,
  options: ChunkOptions<Item, Cursor>,
): Promise<number> {
  if (!Number.isInteger(options.chunkSize) || options.chunkSize < 1) {
    throw new RangeError(
      `chunkSize ${options.chunkSize} must be an integer >= 1`,
    );
  }
  if (options.total !== undefined) {
    await run.update({ total: options.total });
  }
  let cursor = (run.row.resume_cursor ?? null) as Cursor | null;
  for (;;) {
    const { items, nextCursor } = await options.loadChunk(
      cursor,
      options.chunkSize,
    );
    if (items.length === 0) {
      break;
    }
    const before = run.row;
    await run.client.query("begin");
    try {
      const added = await options.handleChunk(run.client, items);
      const counts = { ...run.row.counts };
      for (const [key, value] of Object.entries(added)) {
        counts[key] = (counts[key] ?? 0) + value;
      }
      await run.update({
        done: run.row.progress_done + items.length,
        counts,
        cursor: nextCursor,
      });
      await run.client.query("commit");
    } catch (error) {
      await run.client.query("rollback");
      run.row = before;
      throw error;
    }
    cursor = nextCursor;
  }

  return run.row.progress_done;
}
