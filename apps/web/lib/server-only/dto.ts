import type { Project, ProjectVersion } from "@layerwise/db";

/** A project as the API returns it (never the raw model bytes). */
export function projectDto(p: Project): {
  id: string;
  teamId: string;
  name: string;
  description: string;
  archived: boolean;
  updatedAt: Date;
} {
  return {
    id: p.id,
    teamId: p.teamId,
    name: p.name,
    description: p.description,
    archived: p.archivedAt !== null,
    updatedAt: p.updatedAt,
  };
}

/** A version as mutation responses return it (lists use TVersionRow). */
export function versionDto(v: ProjectVersion): {
  id: string;
  number: number;
  message: string;
  kind: string;
} {
  return { id: v.id, number: v.number, message: v.message, kind: v.kind };
}
