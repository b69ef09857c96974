import { resolve } from "node:path";
import { prewarmTableServerProcess } from "./storage/tableServerProcess";

/**
 * The first import of the composition root and of the CLI. When this process is the bot (`node
 * dist/src/index.js`, as `npm start` and the container run it) or a CLI command (`plan-tracker
 * status`: every command but help and the version opens the store), and the environment names no
 * Azure store, the embedded store's process is started now, before this process loads its own
 * modules: it loads Azurite (the slowest part of a cold start) meanwhile, and waits until
 * `openApp` has taken the store's lock and gives it the port and data folder. If this process
 * does not host the store after all (another process does, or a .env file names Azure), `openApp`
 * stops it unused; until it is taken it does not keep this process running. Imported anywhere
 * else (tests, tools), this does nothing.
 */
const entry = require.main?.filename;
const isBot = entry === resolve(__dirname, "index.js");
const isCli = entry === resolve(__dirname, "..", "..", "bin", "plan-tracker.js");
const OFFLINE_ARGUMENTS = new Set(["help", "-h", "--help", "-V", "--version"]);
const cliOpensStore = (args: string[]) => args.length > 0 && !args.some((arg) => OFFLINE_ARGUMENTS.has(arg));

if ((isBot || (isCli && cliOpensStore(process.argv.slice(2)))) && !process.env.AZURE_TABLES_CONNECTION_STRING && !process.env.AZURE_TABLES_ENDPOINT) prewarmTableServerProcess();
