import pino, { type DestinationStream, type Logger } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured fields of a log line; `level` picks the level (default info). Values are written as JSON, so they cannot break the line. */
export interface LogFields {
  level?: LogLevel;
  [field: string]: unknown;
}

/** How Plan Tracker's parts log: a short fixed message, the variable parts as fields. */
export type LogFunction = (message: string, fields?: LogFields) => void;

/**
 * The bot's log: one JSON object per line on stdout (pino), which App Service, Container
 * Apps and any log shipper read as is. Every value is JSON-escaped, so a field taken from
 * a request (an activity id with a newline in it) cannot start a line of its own.
 */
export function createLogger(level: LogLevel = "info", destination?: DestinationStream): { logger: Logger; log: LogFunction } {
  const logger = pino(
    {
      base: { service: "plan-tracker" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      level,
    },
    destination,
  );
  const log: LogFunction = (message, fields) => {
    const { level = "info", ...rest } = fields ?? {};
    logger[level](rest, message);
  };
  return { logger, log };
}
