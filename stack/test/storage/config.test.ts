import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT_DIR } from "../../src/config.ts";
import {
  applyConfiguredBuckets,
  parseStorageConfig,
  readStorageConfig,
} from "../../src/storage/config.ts";
import { StorageDatabase } from "../../src/storage/db.ts";
import { serviceClient, uniqueName } from "./clients.ts";

const stack = inject("stack");
let db: StorageDatabase;
let service: SupabaseClient;

beforeAll(() => {
  db = new StorageDatabase(stack.AUTHENTICATOR_DB_URL);
  service = serviceClient(stack);
});

afterAll(async () => {
  await db.close();
});

describe("storage settings in config.toml", () => {
  it("reads the project's upload limit", async () => {
    const config = await readStorageConfig(ROOT_DIR);
    expect(config.fileSizeLimitBytes).toBe(50 * 1024 * 1024);
  });

  it("defaults the upload limit to 50MiB", () => {
    const config = parseStorageConfig("", "config.toml");
    expect(config.fileSizeLimitBytes).toBe(50 * 1024 * 1024);
    expect(config.buckets).toEqual([]);
  });

  it("creates and updates declared buckets", async () => {
    const id = uniqueName("declared");
    const first = parseStorageConfig(
      `[storage]
file_size_limit = "10MiB"

[storage.buckets.${id}]
public = true
file_size_limit = "1MiB"
allowed_mime_types = ["application/pdf", "image/*"]
`,
      "config.toml",
    );
    await applyConfiguredBuckets(db, first);
    const created = await service.storage.getBucket(id);
    expect(created.data).toMatchObject({
      id,
      public: true,
      file_size_limit: 1024 * 1024,
      allowed_mime_types: ["application/pdf", "image/*"],
    });

    const second = parseStorageConfig(
      `[storage.buckets.${id}]\npublic = false\n`,
      "config.toml",
    );
    await applyConfiguredBuckets(db, second);
    const updated = await service.storage.getBucket(id);
    expect(updated.data).toMatchObject({
      public: false,
      file_size_limit: null,
      allowed_mime_types: null,
    });
  });

  it("rejects invalid bucket declarations", () => {
    const cases: Array<[string, RegExp]> = [
      ['[storage]\nfile_size_limit = "lots"', /file_size_limit/],
      ['[storage.buckets."a/b"]\npublic = true', /Bucket name invalid/],
      [
        '[storage.buckets.docs]\nallowed_mime_types = "image/png"',
        /allowed_mime_types must be a list/,
      ],
      [
        '[storage]\nfile_size_limit = "1MiB"\n' +
          '[storage.buckets.docs]\nfile_size_limit = "2MiB"',
        /exceeds \[storage\] file_size_limit/,
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => parseStorageConfig(text, "config.toml")).toThrow(message);
    }
  });
});
