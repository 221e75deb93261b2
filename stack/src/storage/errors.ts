// Errors of the storage API in Supabase Storage's shape. The body contains
// the logical status as a string in `statusCode`, while the HTTP status is
// 400 for every client error and 500 for server errors, as storage-api
// sends them.
import type { DatabaseError } from "pg";

export enum StorageErrorCode {
  NoSuchBucket = "NoSuchBucket",
  NoSuchKey = "NoSuchKey",
  InvalidJWT = "InvalidJWT",
  InvalidRequest = "InvalidRequest",
  InvalidKey = "InvalidKey",
  InvalidBucketName = "InvalidBucketName",
  InvalidMimeType = "InvalidMimeType",
  InvalidSignature = "InvalidSignature",
  EntityTooLarge = "EntityTooLarge",
  KeyAlreadyExists = "KeyAlreadyExists",
  BucketAlreadyExists = "BucketAlreadyExists",
  ResourceAlreadyExists = "ResourceAlreadyExists",
  ResourceNotEmpty = "ResourceNotEmpty",
  AccessDenied = "AccessDenied",
  ExpiredToken = "ExpiredToken",
  DatabaseError = "DatabaseError",
  InternalError = "InternalError",
}

export type StorageErrorBody = {
  statusCode: string;
  code: StorageErrorCode;
  error: string;
  message: string;
};

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly statusCode: number,
    message: string,
    readonly errorName: string = code,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return this.statusCode >= 500 ? 500 : 400;
  }

  toBody(): StorageErrorBody {
    return {
      statusCode: String(this.statusCode),
      code: this.code,
      error: this.errorName,
      message: this.message,
    };
  }
}

const C = StorageErrorCode;

export const errors = {
  noSuchBucket: () =>
    new StorageError(
      C.NoSuchBucket,
      404,
      "Bucket not found",
      "Bucket not found",
    ),
  noSuchKey: () =>
    new StorageError(C.NoSuchKey, 404, "Object not found", "not_found"),
  invalidKey: (key: string) =>
    new StorageError(C.InvalidKey, 400, `Invalid key: ${key}`),
  invalidBucketName: () =>
    new StorageError(
      C.InvalidBucketName,
      400,
      "Bucket name invalid",
      "Invalid Input",
    ),
  invalidMimeType: (mimeType: string) =>
    new StorageError(
      C.InvalidMimeType,
      415,
      `mime type ${mimeType} is not supported`,
      "invalid_mime_type",
    ),
  entityTooLarge: () =>
    new StorageError(
      C.EntityTooLarge,
      413,
      "The object exceeded the maximum allowed size",
      "Payload too large",
    ),
  keyAlreadyExists: () =>
    new StorageError(
      C.KeyAlreadyExists,
      409,
      "The resource already exists",
      "Duplicate",
    ),
  bucketAlreadyExists: () =>
    new StorageError(
      C.BucketAlreadyExists,
      409,
      "The resource already exists",
      "Duplicate",
    ),
  resourceAlreadyExists: () =>
    new StorageError(
      C.ResourceAlreadyExists,
      409,
      "The resource already exists",
      "Duplicate",
    ),
  bucketNotEmpty: () =>
    new StorageError(
      C.ResourceNotEmpty,
      409,
      "The bucket you tried to delete is not empty",
    ),
  accessDenied: (message: string) =>
    new StorageError(C.AccessDenied, 403, message, "Unauthorized"),
  invalidJwt: (message: string) => new StorageError(C.InvalidJWT, 400, message),
  invalidSignature: () =>
    new StorageError(C.InvalidSignature, 400, "Invalid signature"),
  expiredSignature: () =>
    new StorageError(C.ExpiredToken, 400, "The provided token has expired."),
  invalidRequest: (message: string) =>
    new StorageError(C.InvalidRequest, 400, message),
  internal: (message = "Internal server error") =>
    new StorageError(C.InternalError, 500, message),
};

// Maps a Postgres error raised by a statement on storage tables to the error
// storage-api returns for it.
export function fromDatabaseError(error: DatabaseError): StorageError {
  switch (error.code) {
    case "42501":
      return errors.accessDenied("new row violates row-level security policy");
    case "23505":
      return errors.resourceAlreadyExists();
    case "23503":
      return new StorageError(
        C.InvalidRequest,
        404,
        "The related resource does not exist",
      );
    default:
      return new StorageError(C.DatabaseError, 500, error.message);
  }
}

export function isDatabaseError(error: unknown): error is DatabaseError {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    "severity" in error
  );
}
