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
  CANCEL_CHANNEL,
  DISPATCH_CHANNEL,
  RUN_ARTIFACTS,
  RUN_STATUSES,
  RUN_TASKS,
  TRAINING_PROTOCOL_VERSION,
  TRAINING_QUEUE,
  ZRunBest,
  ZRunConfig,
  ZRunConfigInput,
  ZRunEventMessage,
  ZRunInput,
  ZRunSpec,
  ZRunStatus,
  ZRunTask,
  ZTrainJob,
  ZTrainingEvent,
  runChannel,
} from "./training";
export type {
  TRunArtifact,
  TRunBest,
  TRunConfig,
  TRunConfigInput,
  TRunEventMessage,
  TRunInput,
  TRunSpec,
  TRunStatus,
  TRunTask,
  TTrainJob,
  TTrainingEvent,
} from "./training";
export { runSettingsFromModel } from "./run-settings";
export type { TModelNodes, TRunSettings } from "./run-settings";
