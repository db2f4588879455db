// A real audit log in a new temp dir for jane in context prod, and its lines as written.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAuditLine } from '../../../src/record/audit-log.js';
import { auditTrail, type AuditDeps, type AuditTrail } from '../../../src/session/audit-trail.js';

/** The log's lines, parsed; none when the file was never created. */
export function auditLines(log: string): Record<string, unknown>[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
}

/** Audit deps appending to `log` (the clock stands at 0 unless given). */
export function auditTo(log: string, clock: () => number = () => 0): AuditDeps {
  return {
    clock,
    context: 'prod',
    whoAmI: () => Promise.resolve({ name: 'jane', source: 'SelfSubjectReview' }),
    appendAudit: (line) => appendAuditLine(log, line),
  };
}

/** A trail writing to a log in a new temp dir. */
export function tempAudit(): { trail: AuditTrail; lines: () => Record<string, unknown>[] } {
  const log = join(mkdtempSync(join(tmpdir(), 'cg-audit-')), 'state', 'audit.jsonl');
  return { trail: auditTrail(auditTo(log)), lines: () => auditLines(log) };
}
