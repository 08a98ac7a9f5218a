export { createPrismaClient } from "./client";
export type { PrismaClient } from "./client";
export { hashPassword, verifyPassword } from "./password";
export { appendRunEvent } from "./run-events";
export type * from "../generated/client/models";
export type {
  Dataset,
  DatasetSource,
  Invite,
  Membership,
  Project,
  ProjectVersion,
  Role,
  Run,
  RunEpoch,
  RunEvent,
  RunStatus,
  Team,
  User,
  VersionKind,
} from "../generated/client/client";
