export { encodeLines, decodeText, type Encoding } from './codec';
export { RunStorage, StorageError, checkRunRecord, type WriteBatch } from './runStorage';
export {
  CHUNK_FORMAT,
  DB_NAME,
  EVENT_CHUNK,
  RUN_FORMAT,
  SCHEMA_VERSION,
  STORES,
  upgradeSchema,
  type EventChunkRecord,
  type RunRecord,
  type SnapshotRecord,
} from './schema';
