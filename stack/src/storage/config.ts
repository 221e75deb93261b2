// The [storage] section of supabase/config.toml, as the Supabase CLI reads
// it: the project-wide upload limit and buckets declared under
// [storage.buckets.<id>], which the CLI creates when the local stack starts.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { SERVICE_CALLER, type StorageDatabase } from "./db.ts";
import { StorageError } from "./errors.ts";
import {
  mustBeValidBucketName,
  mustBeValidMimeTypeList,
  parseConfigSize,
} from "./limits.ts";

// The Supabase CLI's default for `[storage] file_size_limit`.
const DEFAULT_FILE_SIZE_LIMIT = "50MiB";

export type ConfiguredBucket = {
  id: string;
  public: boolean;
  fileSizeLimitBytes: number | null;
  allowedMimeTypes: string[] | null;
};

export type StorageConfig = {
  fileSizeLimitBytes: number;
  buckets: ConfiguredBucket[];
};

type StorageSection = {
  file_size_limit?: unknown;
  buckets?: Record<string, Record<string, unknown>>;
};

export async function readStorageConfig(
  rootDir: string,
): Promise<StorageConfig> {
  const file = path.join(rootDir, "supabase", "config.toml");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return parseStorageConfig("", file);
  }

  return parseStorageConfig(text, file);
}

// Parses config.toml text. `source` names the file in error messages.
export function parseStorageConfig(
  text: string,
  source: string,
): StorageConfig {
  const section = ((parseToml(text) as { storage?: StorageSection }).storage ??
    {}) as StorageSection;
  const fail = (message: string): never => {
    throw new Error(`${source}: ${message}`);
  };
  const size = (value: unknown, setting: string): number => {
    if (typeof value !== "string" && typeof value !== "number") {
      return fail(`${setting} must be a size such as "50MiB"`);
    }

    return parseConfigSize(String(value));
  };
  const fileSizeLimitBytes = size(
    section.file_size_limit ?? DEFAULT_FILE_SIZE_LIMIT,
    "[storage] file_size_limit",
  );
  const buckets = Object.entries(section.buckets ?? {}).map(
    ([id, settings]): ConfiguredBucket => {
      const setting = `[storage.buckets.${id}]`;
      try {
        mustBeValidBucketName(id);
        const mimeTypes = settings.allowed_mime_types;
        if (
          mimeTypes !== undefined &&
          (!Array.isArray(mimeTypes) ||
            !mimeTypes.every((entry) => typeof entry === "string"))
        ) {
          fail(`${setting} allowed_mime_types must be a list of strings`);
        }
        const allowedMimeTypes = (mimeTypes as string[] | undefined) ?? null;
        if (allowedMimeTypes) {
          mustBeValidMimeTypeList(allowedMimeTypes);
        }

        const bucketLimit =
          settings.file_size_limit === undefined
            ? null
            : size(settings.file_size_limit, `${setting} file_size_limit`);
        if (bucketLimit !== null && bucketLimit > fileSizeLimitBytes) {
          fail(`${setting} file_size_limit exceeds [storage] file_size_limit`);
        }

        return {
          id,
          public: settings.public === true,
          fileSizeLimitBytes: bucketLimit,
          allowedMimeTypes,
        };
      } catch (error) {
        if (error instanceof StorageError) {
          fail(`${setting}: ${error.message}`);
        }
        throw error;
      }
    },
  );

  return { fileSizeLimitBytes, buckets };
}

// Creates the configured buckets, or updates their settings when they
// exist, as the Supabase CLI does on start. Objects of other buckets and
// the objects in these buckets are left as they are.
// NOTE: `objects_path`, which the CLI uploads with `supabase seed buckets`,
// is not read here.
export async function applyConfiguredBuckets(
  db: StorageDatabase,
  config: StorageConfig,
): Promise<void> {
  await db.transaction(SERVICE_CALLER, async (tx) => {
    for (const bucket of config.buckets) {
      await tx.query(
        `insert into storage.buckets
           (id, name, public, file_size_limit, allowed_mime_types)
         values ($1, $1, $2, $3, $4)
         on conflict (id) do update
         set public = excluded.public,
             file_size_limit = excluded.file_size_limit,
             allowed_mime_types = excluded.allowed_mime_types,
             updated_at = now()`,
        [
          bucket.id,
          bucket.public,
          bucket.fileSizeLimitBytes,
          bucket.allowedMimeTypes,
        ],
      );
    }
  });
}
