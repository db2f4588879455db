// N15: a second Ctrl-C exits at once (main.ts), past every await: the run's audit line is still written
// from the process's exit path, with exit code 130, once the run had entered or added a container.
import { describe, expect, it } from 'vitest';
import { auditTrail, type AuditFacts } from '../../src/session/audit-trail.js';

const FACTS: AuditFacts = {
  action: 'shell',
  namespace: 'shop',
  pod: 'web',
  target: 'app',
  container: 'cg-debug-aaaaa',
  added: true,
  image: 'cgr.dev/chainguard/nginx:1.25-dev',
  imageDigest: null,
  profile: 'restricted',
  uid: 65532,
  exitCode: 130,
};

function harness() {
  const lines: string[] = [];
  const hooks: (() => void)[] = [];
  let unregistered = 0;
  const trail = auditTrail({
    clock: () => 1000,
    context: 'prod',
    whoAmI: async () => ({ name: 'jane', source: 'kubeconfig' }),
    appendAudit: (line) => lines.push(line),
    onExit: (flush) => {
      hooks.push(flush);
      return () => (unregistered += 1);
    },
  });
  const exit = () => hooks.forEach((h) => h());
  return { trail, lines, exit, unregistered: () => unregistered };
}

const sink = { onStep: () => undefined, now: () => 0 };

describe('the audit line on the exit path', () => {
  it('a run that entered its container is audited with 130 when the process exits first', async () => {
    const { trail, lines, exit } = harness();
    await Promise.resolve();
    trail.touching(FACTS, { entered: true });
    exit();
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([expect.objectContaining({ action: 'shell', pod: 'web', user: 'jane', exitCode: 130 })]);
    // The run's own write, should it still come, adds nothing: one run, one line.
    await trail.write(sink, { ...FACTS, exitCode: 0 });
    expect(lines).toHaveLength(1);
  });

  it('a run only planned (nothing added, nothing entered) leaves no line', () => {
    const { trail, lines, exit } = harness();
    trail.touching(FACTS, { entered: false });
    exit();
    expect(lines).toEqual([]);
  });

  it('a run that wrote its line unregisters the exit path', async () => {
    const { trail, lines, exit, unregistered } = harness();
    trail.touching(FACTS, { entered: true });
    await trail.write(sink, { ...FACTS, exitCode: 0 });
    exit();
    expect(lines.map((l) => (JSON.parse(l) as { exitCode: number }).exitCode)).toEqual([0]);
    expect(unregistered()).toBe(1);
  });
});
