// Move and copy of objects, within a bucket or between buckets. Both run as
// the caller and move or copy the bytes inside the same transaction.
import { randomUUID } from "node:crypto";
import { sendJson } from "../http.ts";
import { badRequest, parseUserMetadata, readJson } from "./body.ts";
import {
  OBJECT_COLUMNS,
  type ObjectRow,
  type RouteRequest,
  type StorageServices,
} from "./context.ts";
import { SERVICE_CALLER, type Transaction } from "./db.ts";
import { errors } from "./errors.ts";
import { isUuid, mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { insertObjectRow, placementError } from "./uploads.ts";

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
  // Without copyMetadata, user metadata comes from the x-metadata header,
  // base64-encoded JSON as for raw uploads.
  const header = route.req.headers["x-metadata"];
  const userMetadata =
    typeof header === "string"
      ? (parseUserMetadata(Buffer.from(header, "base64").toString("utf8")) ??
        null)
      : null;
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
      [id, metadata, copyMetadata ? source.user_metadata : userMetadata],
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
