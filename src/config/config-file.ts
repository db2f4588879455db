// The config file (YAML), checked against its schema with errors that name the line. Pure: the text
// comes in, a typed config or a ConfigFileError comes out.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parseSeconds } from '../core/duration-text.js';
import { ConfigFileError } from '../core/errors.js';
import { MAX_TTL_SECONDS } from '../core/holder.js';
import { parseImageRef } from '../core/image-ref.js';
import { PROFILE_NAMES, type ProfileName } from '../core/profiles.js';

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
}

const KEYS = ['defaultImage', 'defaultProfile', 'ttl', 'audit', 'mirrors', 'devTags'] as const;
const HINT = 'settings: defaultImage, defaultProfile, ttl (e.g. 30m, 8h, 0 for no limit), audit (true or false), mirrors (from/to, each ending in /*), devTags (tag/dev, one * each); see "cg-debug config" and the README';

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
      default:
        fail(line, `unknown setting ${JSON.stringify(key)} (known: ${KEYS.join(', ')})`);
    }
  }
  return config;
}
