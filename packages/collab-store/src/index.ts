/**
 * @layerwise/collab-store — Node-only storage of live models, shared by the collab server and
 * the web server so there is one implementation: the per-project write-ahead log of Yjs updates
 * (append, consistent load, compaction into Project.ydocState), the locked write path of the
 * server-side writers, and the Redis messages between them.
 */
export {
  appendUpdate,
  applyStoredState,
  encodeStoredState,
  loadStoredState,
  mergeAll,
  ProjectUnavailableError,
  type TAppended,
  type TLogEntry,
  type TSql,
  type TStoredState,
} from "./log";
export { createLogAppender, type TLogAppender } from "./appender";
export { compactLog, type TCompactResult } from "./compact";
export { writeModelChange, type TModelWrite, type TServerWriter } from "./write";
export {
  MEMBERS_CHANNEL,
  decodeChannelMessage,
  encodeChannelMessage,
  parseMemberChange,
  publishMemberChange,
  projectChannel,
  type TChannelMessage,
  type TMemberChange,
  type TPublisher,
} from "./channel";
