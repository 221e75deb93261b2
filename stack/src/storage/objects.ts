// Object routes of the storage API other than uploads: download, info,
// list, remove, move, copy and signed URLs. Reads and changes run as the
// caller, so the select, update and delete policies on storage.objects
// decide. Reads through a signed or public URL run as the service role, as
// in storage-api.
import { randomUUID } from "node:crypto";
import { sendJson } from "../http.ts";
import { badRequest, readJson } from "./body.ts";
import {
  OBJECT_COLUMNS,
  type ObjectRow,
  type RouteRequest,
  type StorageServices,
} from "./context.ts";
import { type Caller, SERVICE_CALLER, type Transaction } from "./db.ts";
import { errors } from "./errors.ts";
import { isUuid, mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { sendObject } from "./render.ts";
import { insertObjectRow, placementError, storeUpload } from "./uploads.ts";

// Signed upload URLs stay valid for two hours, as in storage-api.
const SIGNED_UPLOAD_URL_EXPIRY_S = 2 * 60 * 60;

async function findObject(
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

export async function downloadSignedObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const token = route.query.get("token");
  if (!token) {
    throw badRequest("querystring must have required property 'token'");
  }
  let claims: Record<string, unknown>;
  try {
    claims = await services.tokens.verify(token);
  } catch (error) {
    throw errors.invalidJwt((error as Error).message);
  }
  if (claims.url !== `${route.bucketId}/${route.key}`) {
    throw errors.invalidSignature();
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
    last_modified: metadata?.lastModified ?? null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    metadata: row.user_metadata ?? {},
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

const LIST_SORT_COLUMNS = [
  "name",
  "updated_at",
  "created_at",
  "last_accessed_at",
];

// Lists one level below a prefix, as storage.search does on Supabase: the
// objects directly under it and one entry per sub-folder (with null id and
// metadata). Paging counts folders and objects together.
export async function listObjects(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const requested = body.prefix;
  if (typeof requested !== "string") {
    throw badRequest("body must have required property 'prefix'");
  }
  const limit = integerField(body.limit, "limit", 1) ?? 100;
  const offset = integerField(body.offset, "offset", 0) ?? 0;
  const search = body.search ?? "";
  if (typeof search !== "string") {
    throw badRequest("body/search must be string");
  }
  const sortBy = (body.sortBy ?? {}) as Record<string, unknown>;
  const column = sortBy.column ?? "name";
  const order = sortBy.order ?? "asc";
  if (typeof column !== "string" || !LIST_SORT_COLUMNS.includes(column)) {
    throw badRequest(
      `body/sortBy/column must be one of ${LIST_SORT_COLUMNS.join(", ")}`,
    );
  }
  if (order !== "asc" && order !== "desc") {
    throw badRequest("body/sortBy/order must be asc or desc");
  }
  // A prefix names a folder, with or without its trailing "/".
  const prefix =
    requested.length > 0 && !requested.endsWith("/")
      ? `${requested}/`
      : requested;
  const pattern = `${escapeLike(prefix + search)}%`;
  // Folders sort by their name followed by "/", the order of the keys
  // beneath them; sorted by a time column, folders come first.
  const ordering =
    column === "name"
      ? `lower(case when is_folder then name || '/' else name end)
           collate "C" ${order}`
      : `is_folder desc, case when is_folder then lower(name) end ${order},
         ${column} ${order}`;
  const rows = await services.db.transaction(caller, async (tx) => {
    // The column and order come from the lists checked above.
    const result = await tx.query(
      `with visible as (
         select name, id, updated_at, created_at, last_accessed_at, metadata,
                substr(name, $3::int + 1) as rest
         from storage.objects
         where bucket_id = $1 and lower(name) like lower($2) escape '\\'
       ),
       entries as (
         select split_part(rest, '/', 1) as name, null::uuid as id,
                null::timestamptz as updated_at,
                null::timestamptz as created_at,
                null::timestamptz as last_accessed_at,
                null::jsonb as metadata, true as is_folder
         from visible
         where position('/' in rest) > 0
         group by split_part(rest, '/', 1)
         union all
         select rest, id, updated_at, created_at, last_accessed_at, metadata,
                false
         from visible
         where position('/' in rest) = 0
       )
       select name, id, updated_at, created_at, last_accessed_at, metadata
       from entries
       order by ${ordering}
       limit $4 offset $5`,
      [route.bucketId, pattern, prefix.length, limit, offset],
    );

    return result.rows;
  });
  sendJson(route.res, 200, rows);
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

type Transfer = {
  bucketId: string;
  sourceKey: string;
  destinationBucket: string;
  destinationKey: string;
};

function readTransfer(body: Record<string, unknown>): Transfer {
  for (const field of ["bucketId", "sourceKey", "destinationKey"]) {
    if (typeof body[field] !== "string") {
      throw badRequest(`body must have required property '${field}'`);
    }
  }
  const bucketId = body.bucketId as string;
  const destinationBucket =
    typeof body.destinationBucket === "string" && body.destinationBucket
      ? body.destinationBucket
      : bucketId;
  const transfer = {
    bucketId,
    sourceKey: body.sourceKey as string,
    destinationBucket,
    destinationKey: body.destinationKey as string,
  };
  mustBeValidBucketName(transfer.bucketId);
  mustBeValidBucketName(transfer.destinationBucket);
  mustBeValidKey(transfer.sourceKey);
  mustBeValidKey(transfer.destinationKey);

  return transfer;
}

async function selectSource(
  tx: Transaction,
  transfer: Transfer,
): Promise<ObjectRow> {
  const result = await tx.query<ObjectRow>(
    `select ${OBJECT_COLUMNS} from storage.objects
     where bucket_id = $1 and name = $2`,
    [transfer.bucketId, transfer.sourceKey],
  );
  const row = result.rows[0];
  if (!row) {
    throw errors.noSuchKey();
  }

  return row;
}

// Renames an object. The caller needs select on the source and update
// permission for the row under its new name.
export async function moveObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const transfer = readTransfer(body);
  const owner = caller.sub;
  const moved = await services.db.transaction(caller, async (tx) => {
    await selectSource(tx, transfer);
    const result = await tx.query<{ id: string }>(
      `update storage.objects
       set bucket_id = $3, name = $4, version = $5, updated_at = now(),
           owner = coalesce($6, owner), owner_id = coalesce($7, owner_id)
       where bucket_id = $1 and name = $2
       returning id`,
      [
        transfer.bucketId,
        transfer.sourceKey,
        transfer.destinationBucket,
        transfer.destinationKey,
        randomUUID(),
        owner && isUuid(owner) ? owner : null,
        owner ?? null,
      ],
    );
    const row = result.rows[0];
    if (!row) {
      throw errors.noSuchKey();
    }
    try {
      tx.track(
        await services.files.move(
          { bucketId: transfer.bucketId, key: transfer.sourceKey },
          {
            bucketId: transfer.destinationBucket,
            key: transfer.destinationKey,
          },
        ),
      );
    } catch (error) {
      throw placementError(transfer.destinationKey, error);
    }

    return row;
  });
  sendJson(route.res, 200, {
    message: "Successfully moved",
    Id: moved.id,
    Key: transfer.destinationKey,
  });
}

// Copies an object. The caller needs select on the source and insert (with
// x-upsert: true, insert and update) permission on the destination.
export async function copyObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const transfer = readTransfer(body);
  const upsert = route.req.headers["x-upsert"] === "true";
  const copyMetadata = body.copyMetadata !== false;
  const overrides =
    typeof body.metadata === "object" && body.metadata !== null
      ? (body.metadata as Record<string, unknown>)
      : {};
  const row = await services.db.transaction(caller, async (tx) => {
    const source = await selectSource(tx, transfer);
    const id = await insertObjectRow(
      tx,
      {
        bucketId: transfer.destinationBucket,
        key: transfer.destinationKey,
        upsert,
        owner: caller.sub,
      },
      randomUUID(),
    );
    const metadata = {
      ...(source.metadata ?? {}),
      ...(copyMetadata ? {} : overrides),
      lastModified: new Date().toISOString(),
    };
    await tx.actAs(SERVICE_CALLER);
    const updated = await tx.query<ObjectRow>(
      `update storage.objects set metadata = $2, user_metadata = $3
       where id = $1
       returning ${OBJECT_COLUMNS}`,
      [id, metadata, source.user_metadata],
    );
    const staged = await services.files.stageCopy(
      transfer.bucketId,
      transfer.sourceKey,
    );
    try {
      tx.track(
        await services.files.place(
          staged,
          transfer.destinationBucket,
          transfer.destinationKey,
        ),
      );
    } catch (error) {
      await services.files.discard(staged);
      throw placementError(transfer.destinationKey, error);
    }

    return updated.rows[0] as ObjectRow;
  });
  sendJson(route.res, 200, {
    Id: row.id,
    Key: `${transfer.destinationBucket}/${transfer.destinationKey}`,
    ...row,
  });
}

function readExpiresIn(body: Record<string, unknown>): number {
  const expiresIn = body.expiresIn;
  if (expiresIn === undefined) {
    throw badRequest("body must have required property 'expiresIn'");
  }
  if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn)) {
    throw badRequest("body/expiresIn must be integer");
  }
  if (expiresIn < 1) {
    throw badRequest("body/expiresIn must be >= 1");
  }

  return expiresIn;
}

// Creates a signed download URL for an object the caller may read.
export async function signObjectUrl(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const expiresIn = readExpiresIn(body);
  mustBeValidKey(route.key);
  await findObject(services, caller, route.bucketId, route.key);
  const url = `${route.bucketId}/${route.key}`;
  const token = await services.tokens.sign({ url }, expiresIn);
  sendJson(route.res, 200, {
    signedURL: `/object/sign/${url}?token=${token}`,
  });
}

// Creates signed download URLs for several objects; each path the caller
// cannot read gets an error entry instead.
export async function signObjectUrls(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const expiresIn = readExpiresIn(body);
  const paths = body.paths;
  if (
    !Array.isArray(paths) ||
    paths.length === 0 ||
    !paths.every((entry) => typeof entry === "string")
  ) {
    throw badRequest("body/paths must be a non-empty array of strings");
  }
  const visible = await services.db.transaction(caller, async (tx) => {
    const result = await tx.query<{ name: string }>(
      `select name from storage.objects
       where bucket_id = $1 and name = any($2::text[])`,
      [route.bucketId, paths],
    );

    return new Set(result.rows.map((row) => row.name));
  });
  const entries = [];
  for (const entry of paths as string[]) {
    if (!visible.has(entry)) {
      entries.push({
        error:
          "Either the object does not exist or you do not have access to it",
        path: entry,
        signedURL: null,
      });
      continue;
    }
    const url = `${route.bucketId}/${entry}`;
    const token = await services.tokens.sign({ url }, expiresIn);
    entries.push({
      error: null,
      path: entry,
      signedURL: `/object/sign/${url}?token=${token}`,
    });
  }
  sendJson(route.res, 200, entries);
}

// Creates a signed upload URL after checking, with a rolled-back insert,
// that the caller may create the object.
export async function signUploadUrl(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  mustBeValidBucketName(route.bucketId);
  mustBeValidKey(route.key);
  const upsert = route.req.headers["x-upsert"] === "true";
  await services.db.testPermission(caller, (tx) =>
    insertObjectRow(
      tx,
      { bucketId: route.bucketId, key: route.key, upsert, owner: caller.sub },
      randomUUID(),
    ),
  );
  const url = `${route.bucketId}/${route.key}`;
  const token = await services.tokens.sign(
    { owner: caller.sub, url, upsert },
    SIGNED_UPLOAD_URL_EXPIRY_S,
  );
  sendJson(route.res, 200, {
    url: `/object/upload/sign/${url}?token=${token}`,
    token,
  });
}

// Stores an upload sent to a signed upload URL. The token stands for the
// permission checked when it was made, so the row is written by the service
// role with the owner and upsert choice the token holds.
export async function uploadToSignedUrl(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const token = route.query.get("token");
  if (!token) {
    throw badRequest("querystring must have required property 'token'");
  }
  let claims: Record<string, unknown>;
  try {
    claims = await services.tokens.verify(token);
  } catch (error) {
    throw errors.invalidJwt((error as Error).message);
  }
  if (claims.url !== `${route.bucketId}/${route.key}`) {
    throw errors.invalidSignature();
  }
  const owner = typeof claims.owner === "string" ? claims.owner : undefined;
  const id = await storeUpload(services, route.req, SERVICE_CALLER, {
    bucketId: route.bucketId,
    key: route.key,
    upsert: claims.upsert === true,
    owner,
  });
  sendJson(route.res, 200, {
    Id: id,
    Key: `${route.bucketId}/${route.key}`,
  });
}

function integerField(
  value: unknown,
  name: string,
  minimum: number,
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw badRequest(`body/${name} must be integer`);
  }
  if (value < minimum) {
    throw badRequest(`body/${name} must be >= ${minimum}`);
  }

  return value;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
