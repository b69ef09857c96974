// bench/run.ts still imports the digest card from here; it lives in src/cards/ now (see README).
export { digestCard } from "../cards/digestCard";
