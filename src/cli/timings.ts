// CG_DEBUG_TIMINGS=1: direct mode also prints when each phase starts and ends, in milliseconds since
// the process started (performance.now()), one `cg-debug-timing MS PHASE STATUS` line each on stderr.
// `npm run bench` reads these lines for its per-phase breakdown.

export type TimingMark = (phase: string, status: string) => void;

/** A mark function when timings are on, else undefined. */
export function timingMarks(write: (line: string) => void, env: NodeJS.ProcessEnv = process.env): TimingMark | undefined {
  if (!env.CG_DEBUG_TIMINGS || env.CG_DEBUG_TIMINGS === '0') return undefined;
  return (phase, status) => write(`cg-debug-timing ${Math.round(performance.now())} ${phase} ${status}\n`);
}
