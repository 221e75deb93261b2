// Imports one market data file (CSV or XLSX) that an admin or manager
// uploaded to the market-imports bucket, with the same importer as
// `npm run import:market`. The import is a job run named
// "import-market-file:<object path>", whose progress (rows parsed and
// stored) is written through the run's own connection while the import's
// transaction is still open, so the admin page can follow it.
//
// POST body: { "path": "<upload id>/<file name>.csv|xlsx" }, the object's
// path in the bucket. Responses:
//   200 { job_run_id, reports }        the file was imported;
//   422 { error, import_error, job_run_id } the file is malformed, with its
//                                      file, line, English reason and the
//                                      reason's code and params; nothing of
//                                      it was stored;
//   400, 401, 403, 404, 409 with { error } for a bad request, a missing
//   token, a role that may not import, a missing object or an import of
//   the same object that is still running;
//   500 { error, job_run_id } for any other failure after the run was
//                                      opened, which the run records as
//                                      failed with its reason.
// @ts-types="npm:@types/pg@8.23.1"
import pg from "npm:pg@8.23.1";
import { corsPreflight, jsonResponse } from "../_shared/cors.ts";
import { HttpError } from "../_shared/http-error.ts";
import { JobRun } from "../_shared/job-runs.ts";
import {
  ImportError,
  type ImportProgress,
  type ImportReport,
  importMarketFile,
} from "../_shared/market-import-bundle/import.js";

const FUNCTION_NAME = "import-market-file";
const BUCKET = "market-imports";
const IMPORT_ROLES = ["admin", "manager"];

// "<uuid>/<file name>.csv" or ".xlsx", the name without slashes or
// control characters.
const OBJECT_PATH =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[^/\\\u0000-\u001f]{1,200}\.(csv|xlsx)$/i;

function requiredEnv(name: string): string {
  const value = Deno.env.get(name);
  if (!value) {
    throw new Error(`${name} is not set`);
  }

  return value;
}

function tokenClaims(authorization: string): { role?: unknown; sub?: unknown } {
  const token = authorization.replace(/^Bearer\s+/i, "");
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));

    return JSON.parse(json);
  } catch {
    throw new HttpError(401, "The Authorization header does not carry a JWT");
  }
}

// Lets admins and managers import and returns the caller's staff id. The
// edge runtime has verified the token's signature (verify_jwt), and the
// role is read from the database, not from the token's claims.
async function authorize(authorization: string): Promise<string | null> {
  const claims = tokenClaims(authorization);
  const forbidden = new HttpError(
    403,
    "Only admins and managers can import market data files",
  );
  if (typeof claims.sub !== "string") {
    throw forbidden;
  }
  const client = new pg.Client({
    connectionString: requiredEnv("SUPABASE_DB_URL"),
  });
  await client.connect();
  try {
    const { rows } = await client.query<{
      role: string | null;
      staff_id: string | null;
    }>(
      `select private.account_role($1::uuid) as role,
              (select account.staff_id from public.app_users as account
                where account.user_id = $1::uuid) as staff_id`,
      [claims.sub],
    );
    if (!IMPORT_ROLES.includes(rows[0]?.role ?? "")) {
      throw forbidden;
    }

    return rows[0]?.staff_id ?? null;
  } finally {
    await client.end();
  }
}

async function objectPath(request: Request): Promise<string> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpError(400, "The request body is not valid JSON");
  }
  const path = (body as { path?: unknown } | null)?.path;
  if (typeof path !== "string" || !OBJECT_PATH.test(path)) {
    throw new HttpError(
      400,
      'path must be "<upload id>/<file name>.csv" or ".xlsx" in the ' +
        `${BUCKET} bucket`,
    );
  }

  return path;
}

// Downloads the object with the caller's token, so that storage's row
// level security applies to the read as well.
async function downloadObject(
  path: string,
  authorization: string,
): Promise<Uint8Array> {
  const url =
    `${requiredEnv("SUPABASE_URL")}/storage/v1/object/${BUCKET}/` +
    path.split("/").map(encodeURIComponent).join("/");
  const response = await fetch(url, {
    headers: {
      Authorization: authorization,
      apikey: requiredEnv("SUPABASE_ANON_KEY"),
    },
  });
  if (response.status === 400 || response.status === 404) {
    await response.body?.cancel();
    throw new HttpError(404, `The file ${path} was not found in ${BUCKET}`);
  }
  if (!response.ok) {
    throw new Error(
      `Downloading ${path} from ${BUCKET} failed with HTTP ${response.status}`,
    );
  }

  return new Uint8Array(await response.arrayBuffer());
}

function reportBody(report: ImportReport, fileName: string) {
  return {
    file: fileName,
    format: report.format,
    number_profile: report.numberProfile,
    table: report.table,
    rows: report.rows,
    replaced: report.replaced,
    replaced_scope: report.replacedScope,
    skipped: report.skipped,
  };
}

// Imports the downloaded file from a temporary folder, recording progress
// and the outcome in the job run.
async function importObject(
  run: JobRun,
  path: string,
  bytes: Uint8Array,
): Promise<Response> {
  const fileName = path.slice(path.indexOf("/") + 1);
  const folder = await Deno.makeTempDir({ prefix: "market-import-" });
  const client = new pg.Client({
    connectionString: requiredEnv("SUPABASE_DB_URL"),
  });
  try {
    const file = `${folder}/${fileName}`;
    await Deno.writeFile(file, bytes);
    await client.connect();
    // Progress is in rows of the file: a row is half done once parsed and
    // done once stored, so the bar also moves while a long file is parsed.
    // counts has both numbers.
    const reports = await importMarketFile(client, file, {
      onProgress: (progress: ImportProgress) =>
        run.update({
          done: Math.floor((progress.parsedRows + progress.storedRows) / 2),
          total: progress.totalRows,
          counts: {
            parsed_rows: progress.parsedRows,
            stored_rows: progress.storedRows,
            total_rows: progress.totalRows,
          },
        }),
    });
    await run.finish("succeeded");

    return jsonResponse({
      job_run_id: run.id,
      reports: reports.map((report) => reportBody(report, fileName)),
    });
  } catch (error) {
    if (!(error instanceof ImportError)) {
      throw error;
    }
    const line = error.line === undefined ? "" : `, line ${error.line}`;
    const message = `${fileName}${line}: ${error.reason}`;
    await run.finish("failed", message);
    console.warn(
      `${FUNCTION_NAME}: job run ${run.id} rejected ${path}: ${message}`,
    );

    return jsonResponse(
      {
        error: `Import failed, nothing of the file was stored: ${message}`,
        import_error: {
          file: fileName,
          line: error.line ?? null,
          reason: error.reason,
          code: error.code,
          params: error.params,
        },
        job_run_id: run.id,
      },
      422,
    );
  } finally {
    await client.end().catch(() => undefined);
    await Deno.remove(folder, { recursive: true });
  }
}

// A failure that is neither the caller's nor the file's, after the job run
// was opened.
class UnexpectedImportError extends Error {
  constructor(
    readonly jobRunId: string,
    cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause), { cause });
  }
}

async function handle(request: Request): Promise<Response> {
  if (request.method !== "POST") {
    throw new HttpError(405, "Use POST with a JSON body { path }");
  }
  const authorization = request.headers.get("Authorization");
  if (!authorization) {
    throw new HttpError(401, "The Authorization header is missing");
  }
  const staffId = await authorize(authorization);
  const path = await objectPath(request);
  const bytes = await downloadObject(path, authorization);

  const opened = await JobRun.open({
    jobName: `${FUNCTION_NAME}:${path}`,
    functionName: FUNCTION_NAME,
    triggeredByStaffId: staffId,
  });
  if ("skipped" in opened) {
    throw new HttpError(409, `An import of ${path} is already running`);
  }
  const { run } = opened;
  // importObject finishes the run itself when the import succeeds or the
  // file is rejected. Any other outcome, thrown or not, fails the run here.
  let failure = "The import stopped without finishing its run";
  try {
    return await importObject(run, path, bytes);
  } catch (error) {
    failure = `Importing the file failed: ${(error as Error).message}`;
    throw new UnexpectedImportError(run.id, error);
  } finally {
    if (run.row.status === "running") {
      await run.finish("failed", failure).catch((error) => {
        console.error(
          `${FUNCTION_NAME}: job run ${run.id} could not be marked failed:`,
          error,
        );
      });
    }
  }
}

Deno.serve(async (request) => {
  const preflight = corsPreflight(request);
  if (preflight) {
    return preflight;
  }

  try {
    return await handle(request);
  } catch (error) {
    if (error instanceof HttpError) {
      console.warn(
        `${FUNCTION_NAME}: rejected a request with ${error.status}: ` +
          error.message,
      );

      return jsonResponse({ error: error.message }, error.status);
    }
    if (error instanceof UnexpectedImportError) {
      console.error(
        `${FUNCTION_NAME}: job run ${error.jobRunId} failed:`,
        error.cause,
      );

      return jsonResponse(
        {
          error: "Importing the file failed; the job run records the reason",
          job_run_id: error.jobRunId,
        },
        500,
      );
    }
    console.error(`${FUNCTION_NAME} failed:`, error);

    return jsonResponse({ error: "Importing the file failed" }, 500);
  }
});
