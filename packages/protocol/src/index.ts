export {
  COLLAB_CLOSE,
  COLLAB_PROTOCOL_VERSION,
  COLLAB_TOKEN_MAX_TTL_S,
  ZAwarenessState,
  ZCollabTokenClaims,
  ZRole,
} from "./collab";
export type { TAwarenessState, TCollabTokenClaims, TRole } from "./collab";
export {
  TRAINING_PROTOCOL_VERSION,
  TRAINING_QUEUE,
  ZTrainJob,
  ZTrainingEvent,
  runChannel,
} from "./training";
export type { TTrainJob, TTrainingEvent } from "./training";
