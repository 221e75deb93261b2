// Bucket routes of the storage API: list, get, create, update, empty and
// delete. Each statement runs as the caller, so row-level security on
// storage.buckets decides. With no policy there, only the service role
// manages buckets, as on Supabase.
import { sendJson } from "../http.ts";
import { badRequest, readJson } from "./body.ts";
import type { RouteRequest, StorageServices } from "./context.ts";
import { SERVICE_CALLER } from "./db.ts";
import { errors, StorageError, StorageErrorCode } from "./errors.ts";
import {
  isUuid,
  mustBeValidBucketName,
  mustBeValidMimeTypeList,
  parseBucketSizeLimit,
} from "./limits.ts";

const BUCKET_COLUMNS =
  "id, name, owner, public, file_size_limit, allowed_mime_types, " +
  "created_at, updated_at";

const SORT_COLUMNS = ["id", "name", "created_at", "updated_at"];

// Bucket rows as storage-api returns them: the size limit as a number and
// the bucket type, which is always STANDARD here.
function present(row: Record<string, unknown>): Record<string, unknown> {
  return {
    ...row,
    type: "STANDARD",
    file_size_limit:
      row.file_size_limit === null ? null : Number(row.file_size_limit),
  };
}

export async function listBuckets(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const { query } = route;
  const limit = optionalInteger(query.get("limit"), "limit", 1);
  const offset = optionalInteger(query.get("offset"), "offset", 0);
  const search = query.get("search") ?? "";
  const column = query.get("sortColumn") ?? "name";
  const order = (query.get("sortOrder") ?? "asc").toLowerCase();
  if (!SORT_COLUMNS.includes(column)) {
    throw badRequest(
      `querystring/sortColumn must be one of ${SORT_COLUMNS.join(", ")}`,
    );
  }
  if (order !== "asc" && order !== "desc") {
    throw badRequest("querystring/sortOrder must be asc or desc");
  }
  const caller = await route.caller();
  const rows = await services.db.transaction(caller, async (tx) => {
    // The column and order come from the lists checked above.
    const result = await tx.query(
      `select ${BUCKET_COLUMNS} from storage.buckets
       where $1 = '' or name ilike '%' || $1 || '%'
       order by ${column} ${order}
       limit $2 offset $3`,
      [search, limit ?? null, offset ?? 0],
    );

    return result.rows;
  });
  sendJson(route.res, 200, rows.map(present));
}

export async function getBucket(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  const row = await services.db.transaction(caller, async (tx) => {
    const result = await tx.query(
      `select ${BUCKET_COLUMNS} from storage.buckets where id = $1`,
      [route.bucketId],
    );

    return result.rows[0];
  });
  if (!row) {
    throw errors.noSuchBucket();
  }
  sendJson(route.res, 200, present(row));
}

type BucketSettings = {
  public?: boolean;
  fileSizeLimit?: number | null;
  allowedMimeTypes?: string[] | null;
};

function readSettings(
  body: Record<string, unknown>,
  globalLimit: number,
): BucketSettings {
  const settings: BucketSettings = {};
  if (body.public !== undefined) {
    if (typeof body.public !== "boolean") {
      throw badRequest("body/public must be boolean");
    }
    settings.public = body.public;
  }
  const limit = body.file_size_limit;
  if (limit === null) {
    settings.fileSizeLimit = null;
  } else if (typeof limit === "number" || typeof limit === "string") {
    settings.fileSizeLimit = parseBucketSizeLimit(limit);
    if (settings.fileSizeLimit > globalLimit) {
      throw errors.entityTooLarge();
    }
  } else if (limit !== undefined) {
    throw badRequest("body/file_size_limit must be integer or string");
  }
  const mimeTypes = body.allowed_mime_types;
  if (mimeTypes === null) {
    settings.allowedMimeTypes = null;
  } else if (Array.isArray(mimeTypes)) {
    if (!mimeTypes.every((entry) => typeof entry === "string")) {
      throw badRequest("body/allowed_mime_types must be an array of strings");
    }
    const entries = (mimeTypes as string[]).filter((entry) => entry !== "");
    mustBeValidMimeTypeList(entries);
    settings.allowedMimeTypes = entries;
  } else if (mimeTypes !== undefined) {
    throw badRequest("body/allowed_mime_types must be array");
  }

  return settings;
}

export async function createBucket(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const name = body.name;
  if (typeof name !== "string") {
    throw badRequest("body must have required property 'name'");
  }
  const id = typeof body.id === "string" && body.id !== "" ? body.id : name;
  mustBeValidBucketName(name);
  mustBeValidBucketName(id);
  const settings = readSettings(body, services.globalFileSizeLimitBytes);
  const sub = caller.sub;
  try {
    await services.db.transaction(caller, async (tx) => {
      await tx.query(
        `insert into storage.buckets
           (id, name, owner, owner_id, public, file_size_limit,
            allowed_mime_types)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          name,
          sub && isUuid(sub) ? sub : null,
          sub ?? null,
          settings.public ?? false,
          settings.fileSizeLimit ?? null,
          settings.allowedMimeTypes ?? null,
        ],
      );
    });
  } catch (error) {
    if (
      error instanceof StorageError &&
      error.code === StorageErrorCode.ResourceAlreadyExists
    ) {
      throw errors.bucketAlreadyExists();
    }
    throw error;
  }
  sendJson(route.res, 200, { name });
}

export async function updateBucket(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  mustBeValidBucketName(route.bucketId);
  const settings = readSettings(body, services.globalFileSizeLimitBytes);
  const assignments: string[] = ["updated_at = now()"];
  const values: unknown[] = [route.bucketId];
  const assign = (column: string, value: unknown) => {
    values.push(value);
    assignments.push(`${column} = $${values.length}`);
  };
  if (settings.public !== undefined) {
    assign("public", settings.public);
  }
  if (settings.fileSizeLimit !== undefined) {
    assign("file_size_limit", settings.fileSizeLimit);
  }
  if (settings.allowedMimeTypes !== undefined) {
    assign("allowed_mime_types", settings.allowedMimeTypes);
  }
  const updated = await services.db.transaction(caller, async (tx) => {
    const result = await tx.query(
      `update storage.buckets set ${assignments.join(", ")} where id = $1`,
      values,
    );

    return result.rowCount ?? 0;
  });
  if (updated === 0) {
    throw errors.noSuchBucket();
  }
  sendJson(route.res, 200, { message: "Successfully updated" });
}

export async function emptyBucket(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  const bucketId = route.bucketId;
  const deleted = await services.db.transaction(caller, async (tx) => {
    const bucket = await tx.query(
      "select id from storage.buckets where id = $1",
      [bucketId],
    );
    if (bucket.rowCount === 0) {
      throw errors.noSuchBucket();
    }
    const visible = await tx.query<{ name: string }>(
      "select name from storage.objects where bucket_id = $1",
      [bucketId],
    );
    const removed = await tx.query<{ name: string }>(
      "delete from storage.objects where bucket_id = $1 returning name",
      [bucketId],
    );
    if (removed.rows.length !== visible.rows.length) {
      const removedNames = new Set(removed.rows.map((row) => row.name));
      const remaining = visible.rows
        .map((row) => row.name)
        .filter((name) => !removedNames.has(name));
      throw errors.accessDenied(
        `Cannot delete: ${remaining.join(" ,")}, ` +
          "you may have SELECT but not DELETE permissions",
      );
    }

    return removed.rows.map((row) => row.name);
  });
  for (const name of deleted) {
    await services.files.remove(bucketId, name);
  }
  sendJson(route.res, 200, { message: "Successfully emptied" });
}

export async function deleteBucket(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  const bucketId = route.bucketId;
  await services.db.transaction(caller, async (tx) => {
    await tx.actAs(SERVICE_CALLER);
    const bucket = await tx.query(
      "select id from storage.buckets where id = $1 for update",
      [bucketId],
    );
    if (bucket.rowCount === 0) {
      throw errors.noSuchBucket();
    }
    const objects = await tx.query(
      "select 1 from storage.objects where bucket_id = $1 limit 1",
      [bucketId],
    );
    if ((objects.rowCount ?? 0) > 0) {
      throw errors.bucketNotEmpty();
    }
    await tx.actAs(caller);
    const deleted = await tx.query(
      "delete from storage.buckets where id = $1",
      [bucketId],
    );
    if (deleted.rowCount === 0) {
      throw errors.noSuchBucket();
    }
  });
  await services.files.removeBucket(bucketId);
  sendJson(route.res, 200, { message: "Successfully deleted" });
}

function optionalInteger(
  text: string | null,
  name: string,
  minimum: number,
): number | undefined {
  if (text === null || text === "") {
    return undefined;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw badRequest(`querystring/${name} must be an integer >= ${minimum}`);
  }

  return value;
}
