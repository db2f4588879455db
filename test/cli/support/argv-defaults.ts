// What toOptions makes of argv when no flag says otherwise, with HOME=/home/u: the request every
// options test expects (spread, with the fields its flags change) and the audit trail.
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';

export const BASE_REQUEST = {
  profile: 'auto',
  asRoot: false,
  forceNew: false,
  timeoutMs: 120_000,
  ttlSeconds: 3600,
  offline: false,
  mapping: DEFAULT_IMAGE_MAPPING,
};

export const AUDIT = { auditLog: '/home/u/.local/state/cg-debug/audit.jsonl' };
