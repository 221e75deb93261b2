// Validation of bucket names, object keys, size limits and MIME types, with
// the rules of Supabase Storage.
import { errors } from "./errors.ts";

// Characters Supabase Storage accepts in keys: S3-safe ASCII punctuation,
// word characters and, as newer releases do, Unicode letters and digits.
const KEY_PATTERN = /^[\p{L}\p{M}\p{N}_/!\-.*'() &$@=;:+,?]+$/u;
const BUCKET_PATTERN = /^[\p{L}\p{M}\p{N}_!\-.*'() &$@=;:+,?]+$/u;

// Rejects keys that are invalid for Supabase Storage and, beyond its rules,
// every key with a ".", ".." or empty segment, because keys become file
// paths here and "a//b" would share the file of "a/b". storage-js removes
// empty segments before it sends a key, so its uploads are not affected.
export function mustBeValidKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw errors.invalidKey(key);
  }
  const segments = key.split("/");
  if (
    segments.some(
      (segment) => segment === "" || segment === "." || segment === "..",
    )
  ) {
    throw errors.invalidKey(key);
  }
}

export function mustBeValidBucketName(name: string): void {
  if (!BUCKET_PATTERN.test(name) || name === "." || name === "..") {
    throw errors.invalidBucketName();
  }
}

const STORAGE_API_UNITS: Record<string, number> = {
  B: 1,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
};

// Parses a bucket's file size limit as storage-api does: a byte count or a
// string such as "20MB" in decimal units.
export function parseBucketSizeLimit(value: number | string): number {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) {
      throw errors.invalidRequest(
        "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B",
      );
    }

    return value;
  }
  const match = /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(value.trim());
  if (!match) {
    throw errors.invalidRequest(
      "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B",
    );
  }
  const amount = Number.parseFloat(match[1] ?? "0");
  const unit = STORAGE_API_UNITS[(match[2] ?? "B").toUpperCase()] ?? 1;

  return Math.round(amount * unit);
}

const CONFIG_UNITS: Record<string, number> = {
  B: 1,
  K: 1024,
  KB: 1024,
  KIB: 1024,
  M: 1024 ** 2,
  MB: 1024 ** 2,
  MIB: 1024 ** 2,
  G: 1024 ** 3,
  GB: 1024 ** 3,
  GIB: 1024 ** 3,
};

// Parses `[storage] file_size_limit` of config.toml ("50MiB"). The Supabase
// CLI reads these sizes in binary units, so "50MB" is 50 * 1024^2 bytes too.
export function parseConfigSize(value: string): number {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = CONFIG_UNITS[(match?.[2] || "B").toUpperCase()];
  if (!match || unit === undefined) {
    throw new Error(
      `[storage] file_size_limit = "${value}" is not a size; ` +
        'use a value such as "50MiB".',
    );
  }

  return Math.floor(Number.parseFloat(match[1] ?? "0") * unit);
}

// Checks the entries of a bucket's allowed_mime_types when the bucket is
// created or updated.
export function mustBeValidMimeTypeList(mimeTypes: string[]): void {
  const pattern =
    /^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/;
  for (const type of mimeTypes) {
    if (type.length > 1000 || !pattern.test(type)) {
      throw errors.invalidMimeType(type);
    }
  }
}

// Checks an upload's MIME type against a bucket's allowed list, where
// "image/*" allows every image subtype. Like storage-api, the comparison is
// on the raw "type/subtype" text, so parameters such as ";charset=UTF-8"
// take part in it.
export function mustBeAllowedMimeType(
  mimeType: string,
  allowed: string[],
): void {
  const [type, subtype] = mimeType.split("/");
  if (subtype === undefined) {
    throw errors.invalidMimeType(mimeType);
  }
  for (const entry of allowed) {
    const [allowedType, allowedSubtype] = entry.split("/");
    if (
      allowedType === type &&
      (allowedSubtype === "*" || allowedSubtype === subtype)
    ) {
      return;
    }
  }
  throw errors.invalidMimeType(mimeType);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
    value,
  );
}
