import type { DebugPlan } from '../../../src/session/debug-session.js';
import { makePod } from './pods.js';

/** A plan as planDebug would return it for `pod` in `namespace`, targeting `target`. */
export function makePlan(overrides: Partial<DebugPlan> = {}): DebugPlan {
  const pod = makePod({ name: 'web', namespace: 'shop' });
  return {
    pod,
    namespace: 'shop',
    podName: 'web',
    connectBy: 'exec',
    importEnv: false,
    target: {
      namespace: 'shop',
      pod: 'web',
      container: 'app',
      image: 'cgr.dev/chainguard/nginx:1.25',
      uid: 65532,
      gid: 65532,
      uidSource: 'image',
      readOnlyRootFilesystem: true,
      shareProcessNamespace: false,
      running: true,
    },
    image: {
      image: 'cgr.dev/chainguard/nginx:1.25-dev',
      ref: { registry: 'cgr.dev', repository: 'chainguard/nginx', tag: '1.25-dev' },
      rule: 'tag-dev',
      confidence: 'exact',
      reason: 'cgr.dev tag 1.25 -> 1.25-dev',
      warnings: [],
      verified: 'exists',
      conventional: true,
    },
    level: 'baseline',
    security: {
      profile: 'auto',
      applied: 'baseline',
      securityContext: { runAsUser: 65532 },
      uid: 65532,
      gid: 65532,
      abilities: {
        readAppFiles: 'yes',
        readAppFilesWhy: 'runs as the app user 65532',
        installPackages: 'no',
        installPackagesWhy: 'apk needs root and the namespace enforces baseline',
      },
      warnings: [],
    },
    container: { name: 'cg-debug-abcde', image: 'cgr.dev/chainguard/nginx:1.25-dev' },
    timeoutMs: 120_000,
    warnings: [],
    ...overrides,
  };
}
