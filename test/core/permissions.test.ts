import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, missingPermissionsError, permissionName, permissionsMarkdown, sessionVerdict, type SessionMode } from '../../src/core/permissions.js';

const byName = (names: string[]) => (p: (typeof PERMISSIONS)[number]) => (names.includes(permissionName(p)) ? false : true);
const SHELL: SessionMode = { commandMode: false, reuse: false };
const COPY: SessionMode = { commandMode: false, reuse: false, copy: true };

describe('sessionVerdict', () => {
  it.each<{ name: string; input: { denied: string[]; mode: SessionMode }; want: { connectBy: string; missing: string[]; without?: string[] } }>([
    { name: 'everything allowed', input: { denied: [], mode: SHELL }, want: { connectBy: 'exec', missing: [] } },
    { name: 'no get on exec: a shell attaches', input: { denied: ['get pods/exec'], mode: SHELL }, want: { connectBy: 'attach', missing: [] } },
    { name: 'no get on exec: a command cannot run', input: { denied: ['get pods/exec'], mode: { commandMode: true, reuse: false } }, want: { connectBy: 'none', missing: ['get pods/exec'] } },
    { name: 'neither exec nor attach', input: { denied: ['create pods/exec', 'get pods/attach'], mode: SHELL }, want: { connectBy: 'none', missing: ['create pods/exec', 'get pods/attach'] } },
    { name: 'no attach while exec works', input: { denied: ['create pods/attach'], mode: SHELL }, want: { connectBy: 'exec', missing: [] } },
    { name: 'no patch nor watch', input: { denied: ['watch pods', 'patch pods/ephemeralcontainers'], mode: SHELL }, want: { connectBy: 'exec', missing: ['patch pods/ephemeralcontainers', 'watch pods'] } },
    { name: 'reusing needs neither patch nor watch', input: { denied: ['watch pods', 'patch pods/ephemeralcontainers'], mode: { commandMode: false, reuse: true } }, want: { connectBy: 'exec', missing: [] } },
    { name: 'the pod itself unreadable', input: { denied: ['get pods'], mode: SHELL }, want: { connectBy: 'exec', missing: ['get pods'] } },
    { name: 'the namespace unreadable: optional', input: { denied: ['get namespaces'], mode: SHELL }, want: { connectBy: 'exec', missing: [] } },
    { name: 'a container never needs create nor delete pods', input: { denied: ['create pods', 'delete pods'], mode: SHELL }, want: { connectBy: 'exec', missing: [] } },
    { name: 'copy: everything allowed', input: { denied: [], mode: COPY }, want: { connectBy: 'exec', missing: [] } },
    { name: 'copy: no patch needed', input: { denied: ['patch pods/ephemeralcontainers'], mode: COPY }, want: { connectBy: 'exec', missing: [] } },
    { name: 'copy: a shell never attaches', input: { denied: ['get pods/exec'], mode: COPY }, want: { connectBy: 'none', missing: ['get pods/exec'] } },
    { name: 'copy: no create names the delete too', input: { denied: ['create pods', 'delete pods'], mode: COPY }, want: { connectBy: 'exec', missing: ['create pods', 'delete pods'] } },
    { name: 'copy: no delete only is done without', input: { denied: ['delete pods'], mode: COPY }, want: { connectBy: 'exec', missing: [], without: ['delete pods'] } },
    { name: 'copy reused: neither create nor delete', input: { denied: ['create pods', 'delete pods'], mode: { ...COPY, reuse: true } }, want: { connectBy: 'exec', missing: [] } },
    { name: 'copy reused: still followed until it runs', input: { denied: ['watch pods'], mode: { ...COPY, reuse: true } }, want: { connectBy: 'exec', missing: ['watch pods'] } },
    {
      name: 'copy: every missing row in one verdict',
      input: { denied: ['create pods', 'create pods/exec', 'list pods'], mode: COPY },
      want: { connectBy: 'none', missing: ['create pods', 'create pods/exec', 'list pods'] },
    },
  ])('$name', ({ input, want }) => {
    const verdict = sessionVerdict(byName(input.denied), input.mode);
    expect({ connectBy: verdict.connectBy, missing: verdict.missing.map(permissionName), without: verdict.without.map(permissionName) }).toEqual({ without: [], ...want });
  });

  it('an unknown answer counts as allowed: the step itself then tells', () => {
    expect(sessionVerdict(() => undefined, SHELL)).toEqual({ connectBy: 'exec', missing: [], without: [] });
    expect(sessionVerdict(() => undefined, COPY)).toEqual({ connectBy: 'exec', missing: [], without: [] });
  });
});

describe('missingPermissionsError', () => {
  // In the order given, as the verdict orders them.
  const rows = (names: string[]) => names.flatMap((name) => PERMISSIONS.filter((p) => permissionName(p) === name));
  it.each([
    { name: 'one row', input: ['patch pods/ephemeralcontainers'], want: { message: 'cannot patch pods/ephemeralcontainers in namespace shop', resource: 'pods/ephemeralcontainers' } },
    { name: 'both exec verbs, and attach', input: ['create pods/exec', 'get pods/exec', 'create pods/attach'], want: { message: 'cannot create and get pods/exec (nor pods/attach) in namespace shop', resource: 'pods/exec' } },
    { name: 'follow', input: ['list pods', 'watch pods'], want: { message: 'cannot list and watch pods in namespace shop', resource: 'pods' } },
    {
      name: 'a copy: create and delete are two acts',
      input: ['create pods', 'delete pods'],
      copy: true,
      want: { message: 'cannot create pods, nor delete pods in namespace shop: a copy of the pod needs them', resource: 'pods' },
    },
    {
      name: 'a copy: exec and follow',
      input: ['get pods/exec', 'watch pods'],
      copy: true,
      want: { message: 'cannot get pods/exec, nor watch pods in namespace shop: a copy of the pod needs them', resource: 'pods/exec' },
    },
  ])('$name', ({ input, copy, want }) => {
    const error = missingPermissionsError('shop', rows(input), undefined, { copy });
    expect({ message: error.message, resource: error.permission.resource }).toEqual(want);
    for (const name of input) expect(error.hint).toContain(`kubectl auth can-i ${name} -n shop`);
  });
});

describe('the README lists the table', () => {
  it('the block between the permissions markers equals the table', () => {
    const files = ['README.md', ...(existsSync('docs') ? readdirSync('docs', { withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.md')).map((d) => `docs/${d.name}`) : [])];
    const blocks = files.flatMap((file) => {
      const match = /<!-- permissions:start -->\n([\s\S]*?)\n<!-- permissions:end -->/.exec(readFileSync(file, 'utf8'));
      return match ? [match[1]] : [];
    });
    expect(blocks).toEqual([permissionsMarkdown()]);
  });
});
