/** A queued run waiting for a slot, oldest first. */
export interface TWaitingRun {
  id: string;
  teamId: string;
  queuedAt: Date;
}

/**
 * Chooses which waiting runs get the `free` slots: each slot goes to the team with the fewest
 * runs in flight (running or handed to the queue), ties to the team whose oldest waiting run is
 * oldest, and no team past `perTeamLimit`. So one team's hundred queued runs cannot starve
 * another team's one. `inFlight` is per team; `waiting` is sorted by queuedAt.
 */
export function pickFairly(
  waiting: readonly TWaitingRun[],
  inFlight: ReadonlyMap<string, number>,
  free: number,
  perTeamLimit: number,
): TWaitingRun[] {
  const byTeam = new Map<string, TWaitingRun[]>();
  for (const run of waiting) {
    const list = byTeam.get(run.teamId) ?? [];
    list.push(run);
    byTeam.set(run.teamId, list);
  }
  const counts = new Map(inFlight);
  const picked: TWaitingRun[] = [];
  while (picked.length < free) {
    let best: { team: string; count: number; oldest: number } | null = null;
    for (const [team, list] of byTeam) {
      const count = counts.get(team) ?? 0;
      if (list.length === 0 || count >= perTeamLimit) continue;
      const oldest = list[0]!.queuedAt.getTime();
      if (!best || count < best.count || (count === best.count && oldest < best.oldest))
        best = { team, count, oldest };
    }
    if (!best) break;
    picked.push(byTeam.get(best.team)!.shift()!);
    counts.set(best.team, best.count + 1);
  }
  return picked;
}
