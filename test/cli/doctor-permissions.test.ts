// doctor and the session judge permissions by one table and one rule: for a role missing each permission
// of core/permissions.ts in turn, `doctor` passes exactly when the session's preflight lets a shell plan
// through. The fake API plays the role: denied access reviews, and 403 for the requests they govern.
import { describe, expect, it } from 'vitest';
import { doctorChecks } from '../../src/cli/doctor-command.js';
import type { Options } from '../../src/cli/options.js';
import { doctorExitCode } from '../../src/core/doctor.js';
import { PERMISSIONS, permissionName } from '../../src/core/permissions.js';
import { planDebug } from '../../src/session/debug-session.js';
import { APP, REQUEST, fakeApis } from '../session/support/web-pod.js';

type DoctorOptions = Extract<Options, { kind: 'doctor' }>;

const startApi = fakeApis();

const roles = [
  { name: 'every permission', forbid: [] as string[] },
  ...PERMISSIONS.map((p) => ({ name: `without ${permissionName(p)}`, forbid: [permissionName(p)] })),
  // A shell falls back to attach without exec: only a role that can do neither is refused.
  { name: 'without get on pods/exec and pods/attach', forbid: ['get pods/exec', 'get pods/attach'] },
];

describe('doctor agrees with the session preflight', () => {
  it.each(roles)('$name', async ({ forbid }) => {
    const api = await startApi({ pod: APP, forbid });
    const signal = new AbortController().signal;
    const deps = { kube: api.kube, onStep: () => undefined, signal, random: () => 0.5, now: () => 0 };
    const planned = await planDebug(deps, REQUEST, { pod: { kind: 'pod', name: 'web' } }).then(
      () => 'plan',
      (error: unknown) => (error as Error).constructor.name,
    );
    const options: DoctorOptions = { kind: 'doctor', connection: {}, mapping: REQUEST.mapping };
    const { checks } = await doctorChecks(options, signal, () => api.kube);
    const doctor = doctorExitCode(checks, 1) === 0 ? 'pass' : 'fail';
    // A plan refused for a permission is refused as forbidden, never for another reason.
    expect([planned, doctor]).toEqual(planned === 'plan' ? ['plan', 'pass'] : ['ForbiddenError', 'fail']);
    expect(api.log.filter((r) => r.startsWith('PATCH'))).toEqual([]);
  });
});
