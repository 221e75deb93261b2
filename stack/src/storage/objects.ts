// Object routes of the storage API for single objects: download, info,
// upload, remove and delete. Reads and changes run as the caller, so the
// select, insert, update and delete policies on storage.objects decide. A
// read through a public URL runs as the service role, as in storage-api.
import { sendJson } from "../http.ts";
import { badRequest, readJson } from "./body.ts";
import {
  OBJECT_COLUMNS,
  type ObjectRow,
  type RouteRequest,
  type StorageServices,
} from "./context.ts";
import { type Caller, SERVICE_CALLER } from "./db.ts";
import { errors } from "./errors.ts";
import { mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { sendObject } from "./render.ts";
import { storeUpload } from "./uploads.ts";

export async function findObject(
  services: StorageServices,
  caller: Caller,
  bucketId: string,
  key: string,
): Promise<ObjectRow> {
  const row = await services.db.transaction(caller, async (tx) => {
    const result = await tx.query<ObjectRow>(
      `select ${OBJECT_COLUMNS} from storage.objects
       where bucket_id = $1 and name = $2`,
      [bucketId, key],
    );

    return result.rows[0];
  });
  if (!row) {
    throw errors.noSuchKey();
  }

  return row;
}
export async function downloadObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  const row = await findObject(services, caller, route.bucketId, route.key);
  await sendObject(services, route, row);
}

export async function downloadPublicObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const bucket = await services.db.transaction(SERVICE_CALLER, async (tx) => {
    const result = await tx.query(
      "select id from storage.buckets where id = $1 and public",
      [route.bucketId],
    );

    return result.rows[0];
  });
  if (!bucket) {
    throw errors.noSuchBucket();
  }
  const row = await findObject(
    services,
    SERVICE_CALLER,
    route.bucketId,
    route.key,
  );
  await sendObject(services, route, row);
}
export async function objectInfo(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  const row = await findObject(services, caller, route.bucketId, route.key);
  const metadata = row.metadata;
  sendJson(route.res, 200, {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: metadata?.size ?? null,
    content_type: metadata?.mimetype ?? null,
    cache_control: metadata?.cacheControl ?? null,
    etag: metadata?.eTag ?? null,
    metadata: row.user_metadata,
    last_modified: row.updated_at,
    created_at: row.created_at,
  });
}

export async function uploadObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  const upsert =
    route.req.method === "PUT" || route.req.headers["x-upsert"] === "true";
  const id = await storeUpload(services, route.req, caller, {
    bucketId: route.bucketId,
    key: route.key,
    upsert,
    owner: caller.sub,
  });
  sendJson(route.res, 200, {
    Id: id,
    Key: `${route.bucketId}/${route.key}`,
  });
}
// Deletes the objects named in `prefixes` (full keys, as in storage-api)
// that the caller may delete, and returns them.
export async function removeObjects(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const prefixes = body.prefixes;
  if (
    !Array.isArray(prefixes) ||
    prefixes.length === 0 ||
    !prefixes.every((prefix) => typeof prefix === "string")
  ) {
    throw badRequest("body/prefixes must be a non-empty array of strings");
  }
  mustBeValidBucketName(route.bucketId);
  const rows = await services.db.transaction(caller, async (tx) => {
    const result = await tx.query<ObjectRow>(
      `delete from storage.objects
       where bucket_id = $1 and name = any($2::text[])
       returning ${OBJECT_COLUMNS}`,
      [route.bucketId, prefixes],
    );

    return result.rows;
  });
  for (const row of rows) {
    await services.files.remove(row.bucket_id, row.name);
  }
  sendJson(route.res, 200, rows);
}

export async function deleteObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  mustBeValidKey(route.key);
  const deleted = await services.db.transaction(caller, async (tx) => {
    const result = await tx.query(
      `delete from storage.objects where bucket_id = $1 and name = $2
       returning id`,
      [route.bucketId, route.key],
    );

    return result.rowCount ?? 0;
  });
  if (deleted === 0) {
    throw errors.noSuchKey();
  }
  await services.files.remove(route.bucketId, route.key);
  sendJson(route.res, 200, { message: "Successfully deleted" });
}
