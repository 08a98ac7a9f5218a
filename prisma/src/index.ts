export { createPrismaClient } from "./client";
export type { PrismaClient } from "./client";
export { hashPassword, verifyPassword } from "./password";
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
