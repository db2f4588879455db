import type { EffectiveConfig } from '../config/effective-config.js';
import { formatSeconds } from '../core/duration-text.js';
import type { Options } from './options.js';
import type { Output } from './output.js';

/** `cg-debug config`: the effective settings and where each came from (default, FILE:LINE, env, flag). */
export function formatConfig(effective: EffectiveConfig): string {
  const { file } = effective;
  const lines = [
    `config file     ${file.path === undefined ? `(none: ${file.source}; set XDG_CONFIG_HOME or HOME)` : `${file.path}${file.found ? '' : ' (not found: defaults apply)'}  [${file.source}]`}`,
    `defaultImage    ${effective.defaultImage.value}  [${effective.defaultImage.source}]`,
    `defaultProfile  ${effective.defaultProfile.value}  [${effective.defaultProfile.source}]`,
    `ttl             ${effective.ttl.value === 0 ? '0 (no limit)' : formatSeconds(effective.ttl.value)}  [${effective.ttl.source}]`,
    `audit           ${effective.audit.value ? 'on' : 'off'}  [${effective.audit.source}]`,
    `audit log       ${effective.audit.path === undefined ? `(none: ${effective.audit.pathSource}; set XDG_STATE_HOME or HOME)` : `${effective.audit.path}  [${effective.audit.pathSource}]`}`,
    `mirrors         ${effective.mirrors.length === 0 ? '(none)  [default]' : ''}`,
    ...effective.mirrors.map((m) => `  ${m.from}* as ${m.to}*  [${m.source}]`),
    `devTags         ${effective.devTags.length === 0 ? '(none)  [default]' : ''}`,
    ...effective.devTags.map((r) => `  ${r.tag} -> ${r.dev}  [${r.source}]`),
  ];
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

export function runConfig(options: Extract<Options, { kind: 'config' }>, out: Output): number {
  if (options.json) out.json(options.effective);
  else out.text(formatConfig(options.effective));
  return 0;
}
