export { createPrismaClient } from "./client";
export type { PrismaClient } from "./client";
export { hashPassword, verifyPassword } from "./password";
export { DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROJECT_NAME, DEMO_TEAM_NAME, seedDemo } from "./seed";
export type * from "../generated/client/models";
export type {
  Invite,
  Membership,
  Project,
  ProjectVersion,
  Role,
  Team,
  User,
  VersionKind,
} from "../generated/client/client";
