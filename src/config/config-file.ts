// The config file (YAML), checked against its schema with errors that name the line. Pure: the text
// comes in, a typed config or a ConfigFileError comes out.
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type Node } from 'yaml';
import { parseSeconds } from '../core/duration-text.js';
import { ConfigFileError } from '../core/errors.js';
import { MAX_TTL_SECONDS } from '../core/holder.js';
import { parseImageRef } from '../core/image-ref.js';
import { PROFILE_NAMES, type ProfileName } from '../core/profiles.js';
import { checkCustomSpec, type CustomSpec } from '../core/custom-spec.js';
import { isDnsLabel } from '../core/kube-names.js';

/** A registry rewrite: images under `from` (a mirror) are mapped as if they were under `to`. */
export interface MirrorRule {
  /** `registry.corp/cgr/`, from `registry.corp/cgr/*` */
  from: string;
  /** `cgr.dev/`, from `cgr.dev/*` */
  to: string;
  line: number;
}

/** An extra dev-tag rule: a tag matching `tag` (one `*`) has the -dev tag `dev` (the same `*`). */
export interface DevTagRule {
  tag: string;
  dev: string;
  line: number;
}

export interface FileConfig {
  defaultImage?: { value: string; line: number };
  defaultProfile?: { value: ProfileName; line: number };
  /** The holder's time to live in seconds; 0: no limit. */
  ttl?: { value: number; line: number };
  /** false: no audit log line for any session. */
  audit?: { value: boolean; line: number };
  mirrors: MirrorRule[];
  devTags: DevTagRule[];
  /** A team's presets, picked with --profile NAME. */
  profiles?: Record<string, TeamProfile>;
}

/** A named preset from the config file: the flags it stands for (the command line's own still win). */
export interface TeamProfile {
  line: number;
  /** The security profile it builds on (default: the config's defaultProfile, else auto). */
  profile?: ProfileName;
  image?: string;
  ttl?: number;
  asRoot?: boolean;
  mountVolumes?: 'ro' | 'rw';
  /** --env KEY=VAL pairs. */
  env?: string[];
  /** A --custom partial container spec, inline. */
  custom?: CustomSpec;
}

/** Names a team profile cannot take: the built-in profiles, and kubectl's legacy. */
export const RESERVED_PROFILE_NAMES: readonly string[] = [...PROFILE_NAMES, 'legacy'];
const TEAM_PROFILE_FIELDS = ['profile', 'image', 'ttl', 'asRoot', 'mountVolumes', 'env', 'custom'];

const KEYS = ['defaultImage', 'defaultProfile', 'ttl', 'audit', 'mirrors', 'devTags', 'profiles'] as const;
const HINT = 'settings: defaultImage, defaultProfile, ttl (e.g. 30m, 8h, 0 for no limit), audit (true or false), mirrors (from/to, each ending in /*), devTags (tag/dev, one * each), profiles (NAME: profile, image, ttl, asRoot, mountVolumes, env, custom); see "cg-debug config" and the README';

/** Parses and checks a config file; every error is `FILE:LINE: problem` with the expected form as hint. */
// eslint-disable-next-line max-lines-per-function -- one check per setting in file order, sharing lineOf and fail; split, each part would need both passed in.
export function parseConfigFile(text: string, file: string): FileConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const fail = (line: number, problem: string): never => {
    throw new ConfigFileError(`${file}:${line}: ${problem}`, { hint: HINT });
  };
  const firstError = document.errors[0];
  if (firstError) fail(lineCounter.linePos(firstError.pos[0]).line, firstError.message.split('\n')[0] ?? 'not YAML');

  const config: FileConfig = { mirrors: [], devTags: [] };
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return config;
  if (!isMap(root)) return fail(lineOf(root), 'the config must be a mapping of settings');

  const text1 = (node: unknown, what: string): string => {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') return fail(lineOf(node as Node), `${what} must be a non-empty string`);
    return node.value;
  };
  const pattern = (node: unknown, what: string): string => {
    const value = text1(node, what);
    if (!value.endsWith('/*') || value.slice(0, -1).includes('*')) fail(lineOf(node as Node), `${what} ${JSON.stringify(value)} must be a path ending in /*, e.g. registry.corp/cgr/*`);
    return value.slice(0, -1);
  };

  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const line = lineOf(keyNode);
    const value = pair.value as Node | null;
    switch (key) {
      case 'defaultImage': {
        const image = text1(value, 'defaultImage');
        try {
          parseImageRef(image);
        } catch (error) {
          fail(lineOf(value), `defaultImage: ${(error as Error).message}`);
        }
        config.defaultImage = { value: image, line };
        break;
      }
      case 'defaultProfile': {
        const profile = text1(value, 'defaultProfile');
        if (!PROFILE_NAMES.includes(profile as ProfileName)) fail(lineOf(value), `defaultProfile ${JSON.stringify(profile)} is not one of ${PROFILE_NAMES.join(', ')}`);
        config.defaultProfile = { value: profile as ProfileName, line };
        break;
      }
      case 'ttl': {
        const text = isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number') ? String(value.value) : '';
        const seconds = parseSeconds(text);
        if (seconds === undefined || seconds > MAX_TTL_SECONDS) fail(lineOf(value ?? keyNode), `ttl ${JSON.stringify(text)} must be a duration up to 168h, e.g. 30m or 8h, or 0 for no limit`);
        config.ttl = { value: seconds ?? 0, line };
        break;
      }
      case 'audit': {
        if (!isScalar(value) || typeof value.value !== 'boolean') fail(lineOf(value ?? keyNode), 'audit must be true or false');
        config.audit = { value: (value as { value: boolean }).value, line };
        break;
      }
      case 'mirrors':
      case 'devTags': {
        if (!isSeq(value)) return fail(lineOf(value ?? keyNode), `${key} must be a list`);
        for (const item of value.items) {
          const itemLine = lineOf(item as Node);
          if (!isMap(item)) return fail(itemLine, `each ${key} entry must be a mapping`);
          const fields = key === 'mirrors' ? ['from', 'to'] : ['tag', 'dev'];
          const unknown = item.items.find((p) => !fields.includes(String((p.key as { value?: unknown }).value)));
          if (unknown) fail(lineOf(unknown.key as Node), `unknown field ${JSON.stringify(String((unknown.key as { value?: unknown }).value))} in ${key} (expected ${fields.join(' and ')})`);
          const [a = '', b = ''] = fields;
          if (!item.has(a) || !item.has(b)) fail(itemLine, `each ${key} entry needs ${a} and ${b}`);
          if (key === 'mirrors') {
            config.mirrors.push({ from: pattern(item.get(a, true), 'mirrors.from'), to: pattern(item.get(b, true), 'mirrors.to'), line: itemLine });
          } else {
            const tag = text1(item.get(a, true), 'devTags.tag');
            const dev = text1(item.get(b, true), 'devTags.dev');
            if (tag.split('*').length !== 2 || dev.split('*').length !== 2) fail(itemLine, 'devTags tag and dev each need exactly one *, e.g. tag: "*-slim", dev: "*-dev"');
            config.devTags.push({ tag, dev, line: itemLine });
          }
        }
        break;
      }
      case 'profiles': {
        if (!isMap(value)) return fail(lineOf(value ?? keyNode), 'profiles must be a mapping of NAME: settings');
        config.profiles = {};
        for (const item of value.items) {
          const nameNode = item.key as Node;
          const name = isScalar(nameNode) ? String(nameNode.value) : '';
          const at = lineOf(nameNode);
          if (!isDnsLabel(name)) fail(at, `profile name ${JSON.stringify(name)} must be a lower-case name (letters, digits, "-")`);
          if (RESERVED_PROFILE_NAMES.includes(name)) fail(at, `profile name ${JSON.stringify(name)} is a built-in profile's; choose another`);
          config.profiles[name] = teamProfile(item.value as Node | null, at, { text1, fail, lineOf });
        }
        break;
      }
      default:
        fail(line, `unknown setting ${JSON.stringify(key)} (known: ${KEYS.join(', ')})`);
    }
  }
  return config;
}

interface Readers {
  text1: (node: unknown, what: string) => string;
  fail: (line: number, problem: string) => never;
  lineOf: (node: Node | null | undefined) => number;
}

function teamProfile(node: Node | null, line: number, { text1, fail, lineOf }: Readers): TeamProfile {
  if (!isMap(node)) return fail(line, 'a profile is a mapping of profile, image, ttl, asRoot, mountVolumes, env, custom');
  const out: TeamProfile = { line };
  for (const pair of node.items) {
    const field = String((pair.key as { value?: unknown }).value);
    const value = pair.value as Node | null;
    const at = lineOf((value ?? pair.key) as Node);
    switch (field) {
      case 'profile': {
        const profile = text1(value, 'profile');
        if (!PROFILE_NAMES.includes(profile as ProfileName)) fail(at, `profile ${JSON.stringify(profile)} is not one of ${PROFILE_NAMES.join(', ')}`);
        out.profile = profile as ProfileName;
        break;
      }
      case 'image': {
        const image = text1(value, 'image');
        try {
          parseImageRef(image);
        } catch (error) {
          fail(at, `image: ${(error as Error).message}`);
        }
        out.image = image;
        break;
      }
      case 'ttl': {
        const text = isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number') ? String(value.value) : '';
        const seconds = parseSeconds(text);
        if (seconds === undefined || seconds > MAX_TTL_SECONDS) fail(at, `ttl ${JSON.stringify(text)} must be a duration up to 168h, or 0`);
        out.ttl = seconds ?? 0;
        break;
      }
      case 'asRoot':
        if (!isScalar(value) || typeof value.value !== 'boolean') fail(at, 'asRoot must be true or false');
        out.asRoot = (value as { value: boolean }).value;
        break;
      case 'mountVolumes': {
        const mode = text1(value, 'mountVolumes');
        if (mode !== 'ro' && mode !== 'rw') fail(at, 'mountVolumes must be ro or rw');
        out.mountVolumes = mode as 'ro' | 'rw';
        break;
      }
      case 'env':
        if (!isSeq(value)) return fail(at, 'env must be a list of KEY=VAL');
        out.env = value.items.map((item) => text1(item, 'env'));
        break;
      case 'custom':
        try {
          out.custom = checkCustomSpec((value as Node | null)?.toJSON() as unknown, 'custom');
        } catch (error) {
          fail(at, (error as Error).message);
        }
        break;
      default:
        fail(lineOf(pair.key as Node), `unknown field ${JSON.stringify(field)} in a profile (known: ${TEAM_PROFILE_FIELDS.join(', ')})`);
    }
  }
  return out;
}

/** YAML (or JSON) text as plain data: --custom's file. Here so the YAML parser loads with this module only. */
export function parseYamlText(text: string): unknown {
  return parse(text);
}
