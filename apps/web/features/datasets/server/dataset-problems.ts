/** One precise complaint about an uploaded dataset: which file (path inside the zip) and why. */
export interface TDatasetProblem {
  path: string;
  message: string;
}

/** Most problems one report lists; a zip with thousands of bad files names the first ones. */
export const MAX_REPORTED_PROBLEMS = 200;
