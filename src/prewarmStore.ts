import { resolve } from "node:path";
import { prewarmTableServerProcess } from "./storage/tableServerProcess";

/**
 * The composition root's first import. When this process is the bot (`node dist/src/index.js`,
 * as `npm start` and the container run it) and the environment names no Azure store, the
 * embedded store's process is started now, before the bot's own modules load: it loads Azurite
 * (the slowest part of a cold start) while this process loads the rest, and waits until
 * `openApp` has taken the store's lock and gives it the port and data folder. If the bot does
 * not host the store after all (another process does, or a .env file names Azure), the process
 * is stopped unused. Imported anywhere else (the CLI, tests), this does nothing.
 */
const isBotEntry = require.main !== undefined && require.main.filename === resolve(__dirname, "index.js");
if (isBotEntry && !process.env.AZURE_TABLES_CONNECTION_STRING && !process.env.AZURE_TABLES_ENDPOINT) prewarmTableServerProcess();
