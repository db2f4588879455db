import type { Output } from './output.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import { imageToRun, resolveAppDevImage } from '../registry/resolve-dev-image.js';
import type { Options } from './options.js';

/**
 * `cg-debug dev-image IMAGE`: stdout's first line is exactly what the debug container would run (pinned
 * where the registry answered a digest); rule and warnings on stderr.
 */
export async function runDevImage(
  options: Extract<Options, { kind: 'dev-image' }>,
  out: Output,
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
    out.json({ run, image, rule, confidence, verified, digest, pinned, match, reason, warnings });
    return 0;
  }
  // Reasons and warnings quote the app image and registry answers: the writer sanitizes them.
  out.text(`${imageToRun(chosen)}\n`);
  if (!options.quiet) {
    out.note(`rule: ${chosen.rule} (${chosen.reason}); confidence: ${chosen.confidence}; ${chosen.verified}\n`);
    if (chosen.match) out.note(`match: ${chosen.match.quality}: ${chosen.match.reason}\n`);
    if (chosen.pinned) out.note(`pinned: ${chosen.pinned}\n`);
  }
  for (const warning of chosen.warnings) out.note(`warning: ${warning}\n`);
  return 0;
}
