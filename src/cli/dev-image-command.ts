import { sanitizeText, terminalSafeJson } from '../core/sanitize.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import { imageToRun, resolveAppDevImage } from '../registry/resolve-dev-image.js';
import type { Options } from './options.js';

/**
 * `cg-debug dev-image IMAGE`: stdout's first line is exactly what the debug container would run (pinned
 * where the registry answered a digest); rule and warnings on stderr.
 */
export async function runDevImage(
  options: Extract<Options, { kind: 'dev-image' }>,
  io: Pick<TerminalIO, 'stdout' | 'stderr'>,
  signal: AbortSignal,
): Promise<number> {
  const chosen = await resolveAppDevImage(
    { image: options.image, mapping: options.mapping },
    { offline: options.offline, signal, auth: hostRegistryAuth(process.env) },
  );
  if (options.json) {
    // The parsed reference is internal; the document carries what a script needs.
    const { image, rule, confidence, verified, digest, pinned, match, reason, warnings } = chosen;
    const run = imageToRun(chosen);
    io.stdout.write(`${terminalSafeJson(JSON.stringify({ run, image, rule, confidence, verified, digest, pinned, match, reason, warnings }, null, 2))}\n`);
    return 0;
  }
  // Reasons and warnings quote the app image and registry answers: sanitized like every other sink.
  io.stdout.write(`${sanitizeText(imageToRun(chosen))}\n`);
  if (!options.quiet) {
    io.stderr.write(`rule: ${chosen.rule} (${sanitizeText(chosen.reason)}); confidence: ${chosen.confidence}; ${chosen.verified}\n`);
    if (chosen.match) io.stderr.write(`match: ${chosen.match.quality}: ${sanitizeText(chosen.match.reason)}\n`);
    if (chosen.pinned) io.stderr.write(`pinned: ${sanitizeText(chosen.pinned)}\n`);
  }
  for (const warning of chosen.warnings) io.stderr.write(`warning: ${sanitizeText(warning)}\n`);
  return 0;
}
