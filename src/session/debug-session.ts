// A debug session in three steps shared by plain mode and the TUI: plan (read-only), start (add the
// holder container), connect (exec a shell or a command into it; attach where exec is forbidden). Each
// step reports progress as Step events through deps.onStep; only connect, once the shell has the
// terminal, writes to it (a line break before a lost connection's error). One module per step:
// plan-debug.ts, start-debug.ts, connect-debug.ts; the shapes they pass along are in debug-types.ts.
export type { DebugPlan, DebugRequest, DebugWhere, EarlyExec, SessionDeps, StartedDebug, StartOptions, TargetPlan } from './debug-types.js';
export { planDebug, planTarget } from './plan-debug.js';
export { startDebug } from './start-debug.js';
export { connectDebug } from './connect-debug.js';
