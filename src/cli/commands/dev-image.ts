import { imageMappingOf } from '../../config/effective-config.js';
import type { ImageMapping } from '../../core/dev-image.js';
import { UsageError } from '../../core/errors.js';
import { parseImageRef } from '../../core/image-ref.js';
import type { Command, OutputFormat } from '../command.js';
import { outputOf, settingsOf } from '../option-parts.js';

export interface DevImageOptions {
  kind: 'dev-image';
  image: string;
  offline: boolean;
  output?: OutputFormat;
  quiet: boolean;
  mapping: ImageMapping;
}

export const devImageCommand: Command<DevImageOptions> = {
  name: 'dev-image',
  summary: 'print the debug image cg-debug would use for IMAGE',
  usage: ['dev-image IMAGE [--offline] [-o json|yaml]'],
  overview: [['dev-image IMAGE [--offline] [-o json|yaml]', 'print the debug image cg-debug would use for IMAGE']],
  description: 'The rule used and how sure it is go to stderr (unless -q); -o prints them all as a document.',
  flags: ['offline', 'output', 'quiet'],
  outputs: ['json', 'yaml'],
  examples: [
    ['the -dev sibling of an image, checked on its registry', 'dev-image cgr.dev/chainguard/nginx:1.27'],
    ['by name only, no registry call', 'dev-image cgr.dev/chainguard/python:3.12 --offline'],
  ],
  args: ['none'],
  options: ({ flags, positionals }, env) => {
    const image = positionals[1];
    if (image === undefined || positionals.length > 2) {
      throw new UsageError('dev-image takes exactly one image', { hint: 'cg-debug dev-image cgr.dev/chainguard/nginx:1.27' });
    }
    parseImageRef(image);
    const output = outputOf(flags, 'dev-image', devImageCommand.outputs);
    return {
      kind: 'dev-image',
      image,
      offline: flags.offline ?? false,
      ...(output ? { output } : {}),
      quiet: flags.quiet ?? false,
      mapping: imageMappingOf(settingsOf(flags, env)),
    };
  },
  run: async (options, { out, signal }) => (await import('../dev-image-command.js')).runDevImage(options, out, signal),
};
