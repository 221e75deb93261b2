// Services and request data shared by the storage route handlers.
import type http from "node:http";
import type { Caller, StorageDatabase } from "./db.ts";
import type { ObjectFiles } from "./files.ts";
import type { TokenService } from "./tokens.ts";

export type StorageServices = {
  db: StorageDatabase;
  files: ObjectFiles;
  tokens: TokenService;
  // The project-wide upload limit, `[storage] file_size_limit`.
  globalFileSizeLimitBytes: number;
};

export type RouteRequest = {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  caller: () => Promise<Caller>;
  // Path parameters, already percent-decoded.
  bucketId: string;
  key: string;
  query: URLSearchParams;
};

export type BucketRow = {
  id: string;
  name: string;
  owner: string | null;
  public: boolean;
  file_size_limit: string | null;
  allowed_mime_types: string[] | null;
  created_at: Date;
  updated_at: Date;
};

// The metadata Supabase Storage keeps in storage.objects.metadata.
export type ObjectMetadata = {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
};

export type ObjectRow = {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date;
  metadata: ObjectMetadata | null;
  user_metadata: Record<string, unknown> | null;
};

export const OBJECT_COLUMNS =
  "id, bucket_id, name, owner, owner_id, version, created_at, updated_at, " +
  "last_accessed_at, metadata, user_metadata";
