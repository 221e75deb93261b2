// The bytes of stored objects, one file per object at
// <dataDir>/storage/<bucket>/<key>. New bytes are first written to a staging
// folder beside it and moved into place only inside the database
// transaction that records them, with an undo step for a rollback.
import { randomUUID } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import {
  copyFile,
  mkdir,
  rename,
  rm,
  rmdir,
  stat,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { errors } from "./errors.ts";

// A change on disk made inside a transaction: `undo` restores the state
// before it, `finish` drops what was kept for the undo.
export type FileChange = {
  undo: () => Promise<void>;
  finish: () => Promise<void>;
};

export type StoredFile = {
  size: number;
  read: (range?: { start: number; end: number }) => ReadStream;
};

export class ObjectFiles {
  readonly root: string;
  private readonly staging: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "storage");
    this.staging = path.join(dataDir, "storage-staging");
  }

  async prepare(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await mkdir(this.staging, { recursive: true });
  }

  // Returns a bucket's folder, rejecting a bucket id that is not a single
  // folder name directly under the storage folder.
  bucketPath(bucketId: string): string {
    const folder = path.join(this.root, bucketId);
    const relative = path.relative(this.root, folder);
    if (
      relative === "" ||
      relative.startsWith("..") ||
      relative.includes(path.sep) ||
      path.isAbsolute(relative)
    ) {
      throw errors.invalidBucketName();
    }

    return folder;
  }

  // Returns the file of an object. A key that would resolve outside its
  // bucket's folder is rejected, whatever validation ran before.
  // NOTE: unlike Supabase's S3 backend, one file per key cannot hold both
  // "a" and "a/b", nor a key segment over 255 bytes. Such uploads are
  // rejected as invalid keys here but succeed on Supabase.
  objectPath(bucketId: string, key: string): string {
    const bucketDir = this.bucketPath(bucketId);
    const file = path.resolve(bucketDir, ...key.split("/"));
    const relative = path.relative(bucketDir, file);
    if (
      relative === "" ||
      relative.startsWith("..") ||
      path.isAbsolute(relative)
    ) {
      throw errors.invalidKey(key);
    }

    return file;
  }

  async stageBytes(bytes: Uint8Array): Promise<string> {
    const staged = path.join(this.staging, randomUUID());
    await writeFile(staged, bytes);

    return staged;
  }

  async stageCopy(bucketId: string, key: string): Promise<string> {
    const staged = path.join(this.staging, randomUUID());
    await copyFile(this.objectPath(bucketId, key), staged);

    return staged;
  }

  async discard(staged: string): Promise<void> {
    await rm(staged, { force: true });
  }

  // Moves staged bytes to an object's file. Bytes already there are kept
  // aside until `finish`, so that `undo` can put them back.
  async place(
    staged: string,
    bucketId: string,
    key: string,
  ): Promise<FileChange> {
    const target = this.objectPath(bucketId, key);
    await mkdir(path.dirname(target), { recursive: true });
    const kept = path.join(this.staging, `${randomUUID()}.previous`);
    const hadPrevious = await exists(target);
    if (hadPrevious) {
      await rename(target, kept);
    }
    await rename(staged, target);

    return {
      undo: async () => {
        await rm(target, { force: true });
        if (hadPrevious) {
          await rename(kept, target);
        }
      },
      finish: async () => {
        await rm(kept, { force: true });
      },
    };
  }

  async move(
    from: { bucketId: string; key: string },
    to: { bucketId: string; key: string },
  ): Promise<FileChange> {
    const source = this.objectPath(from.bucketId, from.key);
    const target = this.objectPath(to.bucketId, to.key);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(source, target);

    return {
      undo: async () => {
        await mkdir(path.dirname(source), { recursive: true });
        await rename(target, source);
      },
      finish: async () => {
        await this.pruneEmptyFolders(from.bucketId, source);
      },
    };
  }

  // Deletes an object's file. A file that is already gone is not an error.
  async remove(bucketId: string, key: string): Promise<void> {
    const file = this.objectPath(bucketId, key);
    await rm(file, { force: true });
    await this.pruneEmptyFolders(bucketId, file);
  }

  async removeBucket(bucketId: string): Promise<void> {
    await rm(this.bucketPath(bucketId), { recursive: true, force: true });
  }

  // Returns an object's size and a reader of its bytes, or undefined when
  // the file is missing. `read` takes an inclusive byte range.
  async open(bucketId: string, key: string): Promise<StoredFile | undefined> {
    const file = this.objectPath(bucketId, key);
    try {
      const info = await stat(file);

      return {
        size: info.size,
        read: (range) => createReadStream(file, range),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return undefined;
      }
      throw error;
    }
  }

  // Removes the folders an object's file leaves empty, up to its bucket's.
  private async pruneEmptyFolders(
    bucketId: string,
    file: string,
  ): Promise<void> {
    const bucketDir = this.bucketPath(bucketId);
    let folder = path.dirname(file);
    while (folder.startsWith(`${bucketDir}${path.sep}`)) {
      try {
        await rmdir(folder);
      } catch {
        return;
      }
      folder = path.dirname(folder);
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);

    return true;
  } catch {
    return false;
  }
}
