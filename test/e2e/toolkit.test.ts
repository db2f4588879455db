// The incident toolkit on the real cluster: cp out of a distroless image that has no tar (through a
// symlink that only resolves inside the target's root), cp into the debug container, packages, in a
// namespace that enforces Pod Security restricted, as the image's uid and as uid 1000.
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, commandLine, IMAGES, kubectl, kubectlJson, REPO_ROOT, restrictedPod, type ClusterInfo } from './support/cluster.js';
import { TmuxSession } from './support/tmux.js';

const NS = 'cg-toolkit';
const FILES = path.join(REPO_ROOT, 'test/cluster/images/files/toolkit');
/** /srv/release/numbers.txt in the toolkit image: `seq 1 200000`, about 1.2 MiB. */
const NUMBERS = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `${i + 1}\n`).join(''));

let cluster: ClusterInfo;
let work: string;

beforeAll(() => {
  cluster = inject('cluster');
  work = mkdtempSync(path.join(tmpdir(), 'cg-debug-toolkit-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function execOptions() {
  return {
    reject: false,
    env: { KUBECONFIG: cluster.kubeconfig, CG_DEBUG_DEFAULT_IMAGE: IMAGES.wolfiBase, NO_COLOR: '1' },
    timeout: 90_000,
    stdin: 'ignore' as const,
  };
}

function cgDebug(args: string[]) {
  const [node, ...rest] = cgDebugArgv(args);
  return execa(node as string, rest, execOptions());
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each([
  { pod: 'files', uid: 65532 },
  { pod: 'files-1000', uid: 1000 },
])('cp out of $pod (restricted namespace, uid $uid)', ({ pod, uid }) => {
  it('copies a file through an absolute symlink, byte-identical, with its mode and mtime', async () => {
    const dest = path.join(work, `${pod}-numbers.txt`);
    const run = await cgDebug(['cp', '-n', NS, `${pod}:/app/current/numbers.txt`, dest]);
    expect(run.stderr).toMatch(/\(\/srv\/release\/numbers\.txt in the target\) to .*numbers\.txt: .* in .* s/);
    expect(run.exitCode).toBe(0);
    expect(sha256(readFileSync(dest))).toBe(sha256(NUMBERS));
    const info = lstatSync(dest);
    expect(info.mode & 0o777).toBe(0o644);
    expect(info.mtimeMs).toBe(0);
    // The debug container runs as the app's user: that is what lets it read /proc/1/root.
    const json = await kubectlJson<{ spec: { ephemeralContainers?: { securityContext?: { runAsUser?: number } }[] } }>(
      ['get', 'pod', '-n', NS, pod],
      { kubeconfig: cluster.kubeconfig },
    );
    expect(json.spec.ephemeralContainers?.at(-1)?.securityContext?.runAsUser).toBe(uid);
  });

  it('copies a directory with its executable, its inner symlink kept as a link', async () => {
    const dest = path.join(work, `${pod}-release`);
    const run = await cgDebug(['cp', '-n', NS, `${pod}:/app/current`, dest]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(path.join(dest, 'report.txt'))).toEqual(readFileSync(path.join(FILES, 'report.txt')));
    expect(readFileSync(path.join(dest, 'bin/tool.sh'))).toEqual(readFileSync(path.join(FILES, 'tool.sh')));
    expect(lstatSync(path.join(dest, 'bin/tool.sh')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(path.join(dest, 'latest'))).toBe('report.txt');
    expect(sha256(readFileSync(path.join(dest, 'numbers.txt')))).toBe(sha256(NUMBERS));
  });
});

describe('cp', () => {
  it('reads from an image that has no tar: its only program is the app', async () => {
    const run = await cgDebug(['-n', NS, 'files', '--', 'ls', '/proc/1/root/usr/bin', '/proc/1/root/bin']);
    expect(run.stdout).toBe('/proc/1/root/usr/bin:\ncg-fixture-app');
    expect(run.stderr).toMatch(/\/proc\/1\/root\/bin.*No such file/);
  });

  // Through a real pipe to a reader that starts late, as `cg-debug cp POD:DIR - | tar x` on a busy machine.
  it('writes a tar stream with - that tar reads whole through a pipe', async () => {
    const argv = cgDebugArgv(['cp', '-n', NS, 'files:/app/current', '-']);
    const run = await execa('bash', ['-c', 'set -o pipefail; "$@" | { sleep 1; tar -tf -; }', 'bash', ...argv], execOptions());
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual(expect.arrayContaining(['./release/', './release/bin/tool.sh', './release/numbers.txt']));
  });

  it.each([
    { name: 'a local directory that does not exist', operands: (dir: string) => ['files:/app/current/numbers.txt', path.join(dir, 'missing/numbers.txt')], message: /missing: no such directory/ },
    { name: 'a local source that does not exist', operands: (dir: string) => [path.join(dir, 'nope'), 'files:'], message: /nope: no such file or directory/ },
  ])('refuses $name before a debug container is added', async ({ operands, message }) => {
    const dir = mkdtempSync(path.join(work, 'refuse-'));
    const containers = async () =>
      (await kubectlJson<{ spec: { ephemeralContainers?: { name: string }[] } }>(['get', 'pod', '-n', NS, 'files'], { kubeconfig: cluster.kubeconfig })).spec
        .ephemeralContainers?.map((c) => c.name);
    const before = await containers();
    const run = await cgDebug(['cp', '-n', NS, '--new', ...operands(dir)]);
    expect(run.exitCode, run.stderr).toBe(67);
    expect(run.stderr).toMatch(message);
    expect(await containers()).toEqual(before);
  });

  it.each([
    { name: 'a missing path', remote: '/app/current/nope', code: 67, message: /\/srv\/release\/nope does not exist in the target container/ },
    { name: 'a path the app user cannot read', remote: '/secret/key.txt', code: 76, message: /permission denied: the app's user cannot enter \/secret/ },
  ])('names $name, and leaves nothing behind', async ({ remote, code, message }) => {
    const dir = mkdtempSync(path.join(work, 'fail-'));
    const run = await cgDebug(['cp', '-n', NS, `files:${remote}`, path.join(dir, 'out')]);
    expect(run.exitCode).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("uploads into the debug container's own filesystem, says where, and leaves the target unchanged", async () => {
    const local = path.join(work, 'upload.txt');
    writeFileSync(local, 'cg-toolkit-upload\n');
    const before = await cgDebug(['-n', NS, 'files', '--', 'ls', '-a', '/proc/1/root/tmp']);
    const run = await cgDebug(['cp', '-n', NS, local, 'files:/tmp/uploaded.txt']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/copied .*upload\.txt to \/tmp\/uploaded\.txt in debug container cg-debug-[a-z0-9]{5} \(its own filesystem: app's files are unchanged\)/);
    expect((await cgDebug(['-n', NS, 'files', '--', 'cat', '/tmp/uploaded.txt'])).stdout).toBe('cg-toolkit-upload');
    const after = await cgDebug(['-n', NS, 'files', '--', 'ls', '-a', '/proc/1/root/tmp']);
    expect(after.stdout).toBe(before.stdout);
    expect(after.stdout).not.toMatch(/uploaded/);
  });

  it('refuses to upload under /proc before anything runs', async () => {
    const run = await cgDebug(['cp', '-n', NS, path.join(work, 'upload.txt'), 'files:/proc/1/root/tmp']);
    expect(run.exitCode).toBe(64);
    expect(run.stderr).toMatch(/never writes under \/proc/);
  });
});

describe('packages', () => {
  it("lists the image's packages from its SBOMs, marking versions the debug image has differently", async () => {
    const run = await cgDebug(['packages', '-n', NS, 'files']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ca-certificates-bundle +20241121-r1 +20241121-r1$/m);
    expect(run.stdout).toMatch(/^cg-fixture-app +1\.0-r0 +- +not in debug image$/m);
    expect(run.stdout).toMatch(/^glibc +2\.40-r1 +2\.40-r2 +differs$/m);
    expect(run.stderr).toMatch(/3 packages in .*toolkit:1\.0 \(from SPDX SBOMs\), 1 with another version/);
  });

  it('-o json', async () => {
    const run = await cgDebug(['packages', '-n', NS, 'files-1000', '-o', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { target: string; debug: string; rows: { name: string; status: string }[] };
    expect(doc.target).toBe('spdx');
    expect(doc.debug).toBe('apk');
    expect(doc.rows.map((r) => [r.name, r.status])).toEqual([
      ['ca-certificates-bundle', 'same'],
      ['cg-fixture-app', 'target-only'],
      ['glibc', 'differs'],
    ]);
  });

  it('says plainly when an image has no package database', async () => {
    // The plain app image has none; a pod of this test's own, so shared fixtures stay untouched.
    const name = `no-db-${process.pid}`;
    await kubectl(['apply', '-f', '-'], { kubeconfig: cluster.kubeconfig, input: JSON.stringify(restrictedPod(name, NS, IMAGES.app)) });
    try {
      await kubectl(['wait', '-n', NS, '--for=condition=Ready', `pod/${name}`, '--timeout=60s'], { kubeconfig: cluster.kubeconfig });
      const run = await cgDebug(['packages', '-n', NS, name]);
      expect(run.stderr).toMatch(/no package database in this image/);
      expect(run.exitCode).toBe(67);
    } finally {
      await kubectl(['delete', 'pod', '-n', NS, name, '--wait=false'], { kubeconfig: cluster.kubeconfig });
    }
  });
});

describe('--mount-volumes', () => {
  it("mounts the app's emptyDir read-only at its path, and its subPath mount through the whole volume", async () => {
    const read = await cgDebug([
      '-n', NS, 'files', '--mount-volumes', '--',
      'sh', '-c', 'cat /var/cache/app/seeded.txt /run/cg-debug/volumes/cache/state/last.txt; touch /var/cache/app/x',
    ]);
    expect(read.stderr).toMatch(/volumes: \/var\/cache\/app \(cache, read-only\); \/etc\/app-state -> \/run\/cg-debug\/volumes\/cache\/state \(subPath state of cache, read-only\)/);
    expect(read.stdout).toBe('cg-toolkit-seeded\ncg-toolkit-state');
    expect(read.stderr).toMatch(/Read-only file system/);
    expect(read.exitCode).toBe(1);
  });

  it('=rw writes where the app reads, and a session without it does not reuse that container', async () => {
    const write = await cgDebug(['-n', NS, 'files', '--mount-volumes=rw', '--', 'sh', '-c', 'echo from-debug > /var/cache/app/from-debug.txt']);
    expect(write.exitCode, write.stderr).toBe(0);
    const seen = await cgDebug(['-n', NS, 'files', '--', 'sh', '-c', 'cat /proc/1/root/var/cache/app/from-debug.txt; ls /var/cache/app 2>&1']);
    expect(seen.stdout).toMatch(/^from-debug\n.*No such file or directory/s);
  });
});

describe("the target's view", () => {
  const sessions: TmuxSession[] = [];
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.kill()));
  });

  async function shell(args: string[]): Promise<TmuxSession> {
    const session = await TmuxSession.start(commandLine(cgDebugArgv(args)), {
      env: { KUBECONFIG: cluster.kubeconfig, CG_DEBUG_DEFAULT_IMAGE: IMAGES.wolfiBase, NO_COLOR: '1' },
    });
    sessions.push(session);
    return session;
  }

  it("starts in the app's working directory with its command and image in the banner; --env imports its environment unprinted", async () => {
    const term = await shell(['-n', NS, 'files', '--env', '--new']);
    await term.waitForText(/^environment: the app's \(--env\)/m, 60_000);
    const banner = await term.screen({ history: true });
    expect(banner).toMatch(/^command: \/usr\/bin\/cg-fixture-app *$/m);
    expect(banner).toMatch(/^image: 127\.0\.0\.1:5000\/chainguard\/toolkit:1\.0@sha256:[0-9a-f]{64} *$/m);
    expect(banner).toMatch(/^working directory: \/app \(the shell starts in \/proc\/1\/root\/app: the app's own files\)/m);
    expect(banner).not.toMatch(/cg-toolkit-env-value/);
    // The app's PATH (and anything that could choose what the shell runs) stays out, and is named.
    expect(banner).toMatch(/^environment: not imported, since they could change what this shell runs:.* PATH/m);
    await term.sendText('pwd; echo "v=$CG_TOOLKIT_VAR"; ls\n');
    await term.waitForText(/^v=cg-toolkit-env-value *$/m);
    const screen = await term.screen({ history: true });
    expect(screen).toMatch(/^\/proc\/1\/root\/app *$/m);
    expect(screen).toMatch(/config\.txt +current/);
    await term.sendText('exit\n');
    expect(await term.exitCode()).toBe(0);
  });

  it('without --env a shell in the same debug container has no app variables', async () => {
    const term = await shell(['-n', NS, 'files']);
    await term.waitForText(/^packages: /m, 60_000);
    expect(await term.screen({ history: true })).toMatch(/reusing running debug container/);
    await term.sendText('echo "v=[$CG_TOOLKIT_VAR]"\n');
    await term.waitForText(/^v=\[\] *$/m);
    await term.sendText('exit\n');
    expect(await term.exitCode()).toBe(0);
  });
});
