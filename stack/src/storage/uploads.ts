// Uploads: POST and PUT on /object/<bucket>/<key> and uploads to signed
// upload URLs. The row is written as the caller, so that the insert (or, for
// an upsert, insert and update) policies on storage.objects decide, and the
// bytes are moved into place in the same transaction.
import { createHash, randomUUID } from "node:crypto";
import type http from "node:http";
import { readUpload } from "./body.ts";
import type { BucketRow, ObjectMetadata, StorageServices } from "./context.ts";
import { type Caller, SERVICE_CALLER, type Transaction } from "./db.ts";
import { errors, StorageError, StorageErrorCode } from "./errors.ts";
import {
  isUuid,
  mustBeAllowedMimeType,
  mustBeValidBucketName,
  mustBeValidKey,
} from "./limits.ts";

const EMPTY_FOLDER_PLACEHOLDER = ".emptyFolderPlaceholder";

export type UploadTarget = {
  bucketId: string;
  key: string;
  upsert: boolean;
  // The owner to record: the caller's `sub`, unless a signed upload URL
  // names another.
  owner?: string;
};

export async function findBucketAsService(
  services: StorageServices,
  bucketId: string,
): Promise<BucketRow> {
  const row = await services.db.transaction(SERVICE_CALLER, async (tx) => {
    const result = await tx.query<BucketRow>(
      `select id, name, owner, public, file_size_limit, allowed_mime_types,
              created_at, updated_at
       from storage.buckets where id = $1`,
      [bucketId],
    );

    return result.rows[0];
  });
  if (!row) {
    throw errors.noSuchBucket();
  }

  return row;
}

// Inserts the object's row as the caller with the columns storage-api
// checks policies against: bucket, name, owner and version, no metadata yet.
export async function insertObjectRow(
  tx: Transaction,
  target: UploadTarget,
  version: string,
): Promise<string> {
  const owner = target.owner;
  const values = [
    target.bucketId,
    target.key,
    owner && isUuid(owner) ? owner : null,
    owner ?? null,
    version,
  ];
  const updates = ["version = excluded.version", "updated_at = now()"];
  if (owner !== undefined) {
    updates.push("owner_id = excluded.owner_id");
    if (isUuid(owner)) {
      updates.push("owner = excluded.owner");
    }
  }
  const conflict = target.upsert
    ? `on conflict (name, bucket_id) do update set ${updates.join(", ")}`
    : "";
  try {
    const result = await tx.query<{ id: string }>(
      `insert into storage.objects (bucket_id, name, owner, owner_id, version)
       values ($1, $2, $3, $4, $5)
       ${conflict}
       returning id`,
      values,
    );
    const row = result.rows[0];
    if (!row) {
      throw errors.internal("insert into storage.objects returned no row");
    }

    return row.id;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "23505") {
      throw errors.keyAlreadyExists();
    }
    throw error;
  }
}

export function metadataOf(
  bytes: Uint8Array,
  mimeType: string,
  cacheControl: string,
): ObjectMetadata {
  return {
    eTag: `"${createHash("md5").update(bytes).digest("hex")}"`,
    size: bytes.length,
    mimetype: mimeType,
    cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: bytes.length,
    httpStatusCode: 200,
  };
}

// Stores an upload from `req` as `caller`. Returns the new row's id.
export async function storeUpload(
  services: StorageServices,
  req: http.IncomingMessage,
  caller: Caller,
  target: UploadTarget,
): Promise<string> {
  mustBeValidBucketName(target.bucketId);
  mustBeValidKey(target.key);
  services.files.objectPath(target.bucketId, target.key);
  const bucket = await findBucketAsService(services, target.bucketId);
  const bucketLimit =
    bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit);
  // The placeholder storage clients create for an empty folder stays empty.
  const maxBytes = target.key.endsWith(EMPTY_FOLDER_PLACEHOLDER)
    ? 0
    : Math.min(bucketLimit, services.globalFileSizeLimitBytes);
  const version = randomUUID();

  return services.db.transaction(caller, async (tx) => {
    const id = await insertObjectRow(tx, target, version);
    const upload = await readUpload(req, maxBytes);
    const allowed = bucket.allowed_mime_types ?? [];
    if (allowed.length > 0 && !target.key.endsWith(EMPTY_FOLDER_PLACEHOLDER)) {
      mustBeAllowedMimeType(upload.mimeType, allowed);
    }
    const metadata = metadataOf(
      upload.bytes,
      upload.mimeType,
      upload.cacheControl,
    );
    // The metadata is recorded by the service, as storage-api records it
    // after the policy check, so no update policy is needed for a new row.
    await tx.actAs(SERVICE_CALLER);
    await tx.query(
      `update storage.objects
       set metadata = $2, user_metadata = $3
       where id = $1`,
      [id, metadata, upload.userMetadata ?? null],
    );
    const staged = await services.files.stageBytes(upload.bytes);
    try {
      tx.track(await services.files.place(staged, target.bucketId, target.key));
    } catch (error) {
      await services.files.discard(staged);
      throw placementError(target.key, error);
    }

    return id;
  });
}

// A file that cannot be placed, such as a key "a/b" below an existing
// object "a" or a key segment longer than the file system allows, is
// reported as an invalid key instead of a server error.
export function placementError(key: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST") {
    return new StorageError(
      StorageErrorCode.InvalidKey,
      400,
      `Invalid key: ${key} conflicts with another object's path`,
    );
  }
  if (code === "ENAMETOOLONG") {
    return new StorageError(
      StorageErrorCode.InvalidKey,
      400,
      `Invalid key: ${key} has a folder or file name longer than 255 bytes`,
    );
  }

  return error;
}
