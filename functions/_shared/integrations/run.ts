// The request handling shared by the integration functions: input checks,
// one job run per call, and a final status that tells the caller (or the
// scheduler) whether the work succeeded. A failed run responds with a non-2xx
// status, so a scheduled call is never recorded as a success when the work
// failed.
import { corsPreflight, jsonResponse } from "../cors.ts";
import { JobRun, parentJobRunId } from "../job-runs.ts";
import { OutsideSystemError } from "./http.ts";
import { InputError } from "./market-prices.ts";

export { InputError };

export type RunOutcome = Record<string, unknown>;

// Starts a run's progress over when the cursor it resumed from belongs to
// other work (another period or other points), because open_job_run
// carries the progress and counts of the stopped run along with its cursor.
export async function forgetOtherWork(
  run: JobRun,
  isThisWork: (cursor: unknown) => boolean,
): Promise<void> {
  const cursor = run.row.resume_cursor;
  if (cursor === null || cursor === undefined || isThisWork(cursor)) {
    return;
  }
  console.log(
    `job run ${run.id}: the stopped run's cursor is for other work, starting over`,
  );
  await run.update({ done: 0, counts: {}, cursor: null });
}

// Reads the JSON object body of a request; an empty body is `{}`.
export async function readBody(
  request: Request,
): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.trim() === "") {
    return {};
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InputError("the request body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new InputError("the request body must be a JSON object");
  }

  return body as Record<string, unknown>;
}

// Serves one integration job: `prepare` checks the input (throwing
// InputError for a 400) and returns the work, which runs inside a job run.
export function serveJob(
  jobName: string,
  functionName: string,
  prepare: (
    body: Record<string, unknown>,
  ) => Promise<(run: JobRun) => Promise<RunOutcome>>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const preflight = corsPreflight(request);
    if (preflight) {
      return preflight;
    }
    if (request.method !== "POST") {
      return jsonResponse({ error: `use POST, not ${request.method}` }, 405);
    }
    let work: (run: JobRun) => Promise<RunOutcome>;
    try {
      work = await prepare(await readBody(request));
    } catch (error) {
      if (error instanceof InputError) {
        return jsonResponse({ error: error.message }, 400);
      }
      throw error;
    }
    const opened = await JobRun.open({
      jobName,
      functionName,
      parentJobRunId: parentJobRunId(request),
    });
    if ("skipped" in opened) {
      return jsonResponse(
        { status: "already_running", job_run_id: opened.skipped.job_run_id },
        409,
      );
    }
    const { run } = opened;
    try {
      const outcome = await work(run);
      const row = await run.finish("succeeded");

      return jsonResponse({
        status: row.status,
        job_run_id: row.job_run_id,
        progress_done: row.progress_done,
        counts: row.counts,
        ...outcome,
      });
    } catch (error) {
      const message = (error as Error).message;
      const outside = error instanceof OutsideSystemError;
      console.error(
        `job run ${run.id} (${jobName}) failed: ${outside ? (error.retryable ? "outside system unavailable" : "malformed response") : "error"}: ${message}`,
      );
      await run.finish("failed", message);

      return jsonResponse(
        { status: "failed", job_run_id: run.id, error: message },
        outside ? 502 : 500,
      );
    }
  };
}
