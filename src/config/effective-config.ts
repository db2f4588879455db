// The effective configuration and where each value came from: flag > env > file > default. The merge is
// pure; loadConfigFile reads the file through the readFile it is given and loads the YAML parser.
import path from 'node:path';
import { DEFAULT_DEBUG_IMAGE, type DevTagMapping, type ImageMapping, type MirrorMapping } from '../core/dev-image.js';
import { ConfigFileError, UsageError } from '../core/errors.js';
import { DEFAULT_TTL_SECONDS } from '../core/holder.js';
import { parseImageRef } from '../core/image-ref.js';
import type { ProfileName } from '../core/profiles.js';
import type { FileConfig } from './config-file.js';

export interface ConfigEnv {
  CG_DEBUG_CONFIG?: string | undefined;
  XDG_CONFIG_HOME?: string | undefined;
  HOME?: string | undefined;
  CG_DEBUG_DEFAULT_IMAGE?: string | undefined;
  XDG_STATE_HOME?: string | undefined;
}

/** A value and where it came from: `default`, `FILE:LINE`, `env NAME` or `flag --NAME`. */
export interface Setting<T> {
  value: T;
  source: string;
}

export interface EffectiveConfig {
  /** The config file consulted, and whether it exists. */
  file: { path?: string; source: string; found: boolean };
  defaultImage: Setting<string>;
  defaultProfile: Setting<ProfileName>;
  /** The holder's time to live in seconds; 0: no limit. */
  ttl: Setting<number>;
  /** Whether every session appends a line to the audit log, and where that log is (no path: nowhere, pathSource says why). */
  audit: Setting<boolean> & { path?: string; pathSource: string };
  mirrors: (MirrorMapping & { source: string })[];
  devTags: (DevTagMapping & { source: string })[];
}

/** The config file as read: where, and its checked content. */
export interface LoadedConfig {
  file: EffectiveConfig['file'];
  config: FileConfig;
}

/** Why no config file is read: the default places need an absolute XDG_CONFIG_HOME or HOME. */
export const NO_CONFIG_FILE_PLACE = 'neither XDG_CONFIG_HOME nor HOME is an absolute path';

/**
 * $CG_DEBUG_CONFIG, else $XDG_CONFIG_HOME/cg-debug/config.yaml, else ~/.config/cg-debug/config.yaml. A
 * relative XDG_CONFIG_HOME or HOME is ignored (the XDG rule): settings must not change with the working
 * directory. With neither, no file is read (source says why). CG_DEBUG_CONFIG is taken as written.
 */
export function configFilePath(env: ConfigEnv): { path?: string; source: string } {
  if (env.CG_DEBUG_CONFIG) return { path: env.CG_DEBUG_CONFIG, source: 'env CG_DEBUG_CONFIG' };
  if (env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)) return { path: path.join(env.XDG_CONFIG_HOME, 'cg-debug', 'config.yaml'), source: 'env XDG_CONFIG_HOME' };
  if (env.HOME && path.isAbsolute(env.HOME)) return { path: path.join(env.HOME, '.config', 'cg-debug', 'config.yaml'), source: 'default' };
  return { source: NO_CONFIG_FILE_PLACE };
}

/** Why the audit log has no place to go, shown by `cg-debug config` and warned by each run it would audit. */
export const NO_AUDIT_LOG_PLACE = 'neither XDG_STATE_HOME nor HOME is an absolute path';

/**
 * $XDG_STATE_HOME/cg-debug/audit.jsonl, else ~/.local/state/cg-debug/audit.jsonl. A relative
 * XDG_STATE_HOME is ignored, as the XDG base directory specification asks, and so is a relative HOME:
 * a log under the working directory would scatter the trail over every directory cg-debug ran in.
 * With neither, there is no path (source says why).
 */
export function auditLogPath(env: ConfigEnv): { path?: string; source: string } {
  if (env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)) return { path: path.join(env.XDG_STATE_HOME, 'cg-debug', 'audit.jsonl'), source: 'env XDG_STATE_HOME' };
  if (env.HOME && path.isAbsolute(env.HOME)) return { path: path.join(env.HOME, '.local', 'state', 'cg-debug', 'audit.jsonl'), source: 'default' };
  return { source: NO_AUDIT_LOG_PLACE };
}

/**
 * Reads and checks the config file. A missing file is no config, unless CG_DEBUG_CONFIG named it.
 * `readFile` throws like fs.readFileSync (ENOENT when absent). The YAML parser is loaded only when there
 * is a file to parse: most runs have none, and every command (--help included) would otherwise pay for
 * evaluating it at start-up.
 */
export async function loadConfigFile(env: ConfigEnv, readFile: (file: string) => string): Promise<LoadedConfig> {
  const where = configFilePath(env);
  if (where.path === undefined) return { file: { ...where, found: false }, config: { mirrors: [], devTags: [] } };
  let text: string;
  try {
    text = readFile(where.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && where.source !== 'env CG_DEBUG_CONFIG') return { file: { ...where, found: false }, config: { mirrors: [], devTags: [] } };
    throw new ConfigFileError(`cannot read the config file ${where.path}: ${code ?? String(error)}`, {
      hint: where.source === 'env CG_DEBUG_CONFIG' ? 'CG_DEBUG_CONFIG names a file that must exist; unset it for the default' : 'check the file permissions',
      cause: error,
    });
  }
  const { parseConfigFile } = await import('./config-file.js');
  return { file: { ...where, found: true }, config: parseConfigFile(text, where.path) };
}

/** Combines flag, env, file and default for each setting, remembering where each value came from. */
export function effectiveConfig(
  loaded: LoadedConfig,
  env: ConfigEnv,
  flags: { profile?: string | undefined; ttlSeconds?: number | undefined },
): EffectiveConfig {
  const at = (line: number) => `${loaded.file.path}:${line}`;
  const { config } = loaded;
  const defaultImage: Setting<string> = env.CG_DEBUG_DEFAULT_IMAGE
    ? { value: env.CG_DEBUG_DEFAULT_IMAGE, source: 'env CG_DEBUG_DEFAULT_IMAGE' }
    : config.defaultImage
      ? { value: config.defaultImage.value, source: at(config.defaultImage.line) }
      : { value: DEFAULT_DEBUG_IMAGE, source: 'default' };
  const defaultProfile: Setting<ProfileName> = flags.profile
    ? { value: flags.profile as ProfileName, source: 'flag --profile' }
    : config.defaultProfile
      ? { value: config.defaultProfile.value, source: at(config.defaultProfile.line) }
      : { value: 'auto', source: 'default' };
  const ttl: Setting<number> =
    flags.ttlSeconds !== undefined
      ? { value: flags.ttlSeconds, source: 'flag --ttl' }
      : config.ttl
        ? { value: config.ttl.value, source: at(config.ttl.line) }
        : { value: DEFAULT_TTL_SECONDS, source: 'default' };
  const log = auditLogPath(env);
  const audit = config.audit ? { value: config.audit.value, source: at(config.audit.line) } : { value: true, source: 'default' };
  return {
    file: loaded.file,
    defaultImage,
    defaultProfile,
    ttl,
    audit: { ...audit, ...(log.path === undefined ? {} : { path: log.path }), pathSource: log.source },
    mirrors: config.mirrors.map((m) => ({ from: m.from, to: m.to, source: at(m.line) })),
    devTags: config.devTags.map((r) => ({ tag: r.tag, dev: r.dev, source: at(r.line) })),
  };
}

/**
 * The image mapping the settings describe, the one value every command hands to the -dev resolver.
 * The default image may come from the environment, unchecked so far: a bad one is refused here, named
 * by where it came from.
 */
export function imageMappingOf(effective: EffectiveConfig): ImageMapping {
  const { value, source } = effective.defaultImage;
  try {
    parseImageRef(value);
  } catch (error) {
    throw new UsageError(`${source === 'default' ? 'the default image' : source.replace(/^env /, '')} ${JSON.stringify(value)} is not an image reference`, {
      hint: 'set it to a full reference such as cgr.dev/chainguard/wolfi-base:latest, or unset it',
      cause: error,
    });
  }
  return {
    defaultImage: value,
    mirrors: effective.mirrors.map(({ from, to }) => ({ from, to })),
    devTags: effective.devTags.map(({ tag, dev }) => ({ tag, dev })),
  };
}
