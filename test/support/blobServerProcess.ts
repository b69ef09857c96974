import { fork } from "node:child_process";
import BlobConfiguration from "azurite/dist/src/blob/BlobConfiguration";
import BlobServer from "azurite/dist/src/blob/BlobServer";

/**
 * Azurite's blob service (in the azurite package), in memory on a free loopback port, in a child
 * process: like the table server, it cannot share a process with restify (which the bot tests load).
 */
const DEV_ACCOUNT = "devstoreaccount1";
const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface RunningBlobServer {
  connectionString: string;
  close(): Promise<void>;
}

export function startBlobServerProcess(): Promise<RunningBlobServer> {
  const child = fork(__filename, ["serve"], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the blob server process exited (${code}) before it started`)));
    child.once("message", (message: { ready: number }) => {
      child.removeAllListeners("exit");
      const exited = new Promise<void>((done) => child.once("exit", () => done()));
      resolve({
        connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${message.ready}/${DEV_ACCOUNT};`,
        close: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
  });
}

async function serve(): Promise<void> {
  const configuration = new BlobConfiguration("127.0.0.1", 0, undefined, "blob-metadata-in-memory", "blob-extents-in-memory", undefined, false, undefined, false, undefined, false, true, "", "", "", undefined, false, true);
  const server = new BlobServer(configuration);
  await server.start();
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
  process.once("disconnect", () => process.exit(0));
  process.send?.({ ready: Number(new URL(server.getHttpServerAddress()).port) });
}

if (require.main === module && process.argv[2] === "serve") void serve();
