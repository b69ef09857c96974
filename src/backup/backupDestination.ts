import { mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** What a backup needs of @azure/storage-blob's ContainerClient (structural: the composition root loads the SDK only when used). */
export interface BlobContainer {
  readonly url: string;
  getBlockBlobClient(name: string): { readonly url: string; uploadFile(file: string, options?: { blobHTTPHeaders?: { blobContentType?: string } }): Promise<unknown> };
}

/** Where the daily backups go. `write` hands the export a local file to write, then keeps it. */
export interface BackupDestination {
  describe(): string;
  write<T>(name: string, exportTo: (file: string) => Promise<T>): Promise<{ result: T; location: string; bytes: number }>;
}

/** A folder (the embedded store's DATA_DIR/backups): the export writes there directly. */
export function folderDestination(folder: string): BackupDestination {
  return {
    describe: () => `the folder ${folder}`,
    write: async (name, exportTo) => {
      await mkdir(folder, { recursive: true });
      const file = join(folder, name);
      const result = await exportTo(file);
      return { result, location: resolve(file), bytes: (await stat(file)).size };
    },
  };
}

/**
 * A blob container (in Azure, reached with the app's managed identity; the container's lifecycle
 * rule deletes backups after 35 days). The export is written to a temporary file and uploaded in
 * blocks, so memory stays flat.
 */
export function blobDestination(container: BlobContainer): BackupDestination {
  return {
    describe: () => `the blob container ${container.url}`,
    write: async (name, exportTo) => {
      const file = join(tmpdir(), `plan-tracker-${process.pid}-${name}`);
      try {
        const result = await exportTo(file);
        const bytes = (await stat(file)).size;
        const blob = container.getBlockBlobClient(name);
        await blob.uploadFile(file, { blobHTTPHeaders: { blobContentType: "application/gzip" } });
        return { result, location: blob.url, bytes };
      } finally {
        await rm(file, { force: true });
      }
    },
  };
}
