import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { formatImageRef, parseImageRef, shortDigest } from '../../src/core/image-ref.js';
import type { ImageRef } from '../../src/core/image-ref.js';

const D = `sha256:${'a1'.repeat(32)}`;

describe('parseImageRef', () => {
  it.each<{ name: string; input: string; want: ImageRef }>([
    { name: 'docker hub official image', input: 'nginx', want: { registry: 'docker.io', repository: 'library/nginx' } },
    { name: 'official image with tag', input: 'nginx:1.25', want: { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' } },
    { name: 'docker hub user image', input: 'user/app', want: { registry: 'docker.io', repository: 'user/app' } },
    { name: 'explicit docker.io official', input: 'docker.io/nginx:latest', want: { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' } },
    { name: 'explicit docker.io library', input: 'docker.io/library/nginx', want: { registry: 'docker.io', repository: 'library/nginx' } },
    { name: 'index.docker.io normalized', input: 'index.docker.io/user/app:v1', want: { registry: 'docker.io', repository: 'user/app', tag: 'v1' } },
    { name: 'index.docker.io official', input: 'index.docker.io/redis', want: { registry: 'docker.io', repository: 'library/redis' } },
    { name: 'cgr.dev no tag', input: 'cgr.dev/chainguard/python', want: { registry: 'cgr.dev', repository: 'chainguard/python' } },
    { name: 'cgr.dev tag with dots', input: 'cgr.dev/chainguard/python:3.12', want: { registry: 'cgr.dev', repository: 'chainguard/python', tag: '3.12' } },
    { name: 'tag with -r suffix', input: 'cgr.dev/acme.com/nginx:v1.2.3-r1', want: { registry: 'cgr.dev', repository: 'acme.com/nginx', tag: 'v1.2.3-r1' } },
    { name: 'digest only', input: `cgr.dev/chainguard/static@${D}`, want: { registry: 'cgr.dev', repository: 'chainguard/static', digest: D } },
    { name: 'tag and digest', input: `cgr.dev/chainguard/static:latest@${D}`, want: { registry: 'cgr.dev', repository: 'chainguard/static', tag: 'latest', digest: D } },
    { name: 'registry with port', input: '127.0.0.1:5000/app:1.0', want: { registry: '127.0.0.1:5000', repository: 'app', tag: '1.0' } },
    { name: 'registry with port, no tag', input: 'registry.local:5000/team/app', want: { registry: 'registry.local:5000', repository: 'team/app' } },
    { name: 'registry with port and digest', input: `reg:5000/a/b@${D}`, want: { registry: 'reg:5000', repository: 'a/b', digest: D } },
    { name: 'localhost registry', input: 'localhost/x', want: { registry: 'localhost', repository: 'x' } },
    { name: 'localhost with port', input: 'localhost:5000/x:dev', want: { registry: 'localhost:5000', repository: 'x', tag: 'dev' } },
    { name: 'bare localhost is a docker hub name', input: 'localhost', want: { registry: 'docker.io', repository: 'library/localhost' } },
    { name: 'nested path', input: 'gcr.io/distroless/static-debian12:nonroot', want: { registry: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot' } },
    { name: 'deeply nested path', input: 'us-docker.pkg.dev/proj/repo/team/app:2', want: { registry: 'us-docker.pkg.dev', repository: 'proj/repo/team/app', tag: '2' } },
    { name: 'separators in path', input: 'quay.io/a_b/c__d/e--f.g:T_1', want: { registry: 'quay.io', repository: 'a_b/c__d/e--f.g', tag: 'T_1' } },
    { name: 'upper-case registry host is fine', input: 'Registry.Example.com/app', want: { registry: 'Registry.Example.com', repository: 'app' } },
    { name: 'IPv6 registry', input: '[::1]:5000/app:1', want: { registry: '[::1]:5000', repository: 'app', tag: '1' } },
    { name: 'upper-case tag allowed', input: 'app:V1', want: { registry: 'docker.io', repository: 'library/app', tag: 'V1' } },
    { name: 'longest tag', input: `app:${'t'.repeat(128)}`, want: { registry: 'docker.io', repository: 'library/app', tag: 't'.repeat(128) } },
  ])('$name', ({ input, want }) => {
    expect(parseImageRef(input)).toEqual(want);
  });

  it.each<{ name: string; input: string; want: RegExp }>([
    { name: 'empty', input: '', want: /it is empty/ },
    { name: 'whitespace inside', input: 'cgr.dev/chainguard/python :3.12', want: /whitespace/ },
    { name: 'leading space', input: ' nginx', want: /whitespace/ },
    { name: 'trailing newline', input: 'nginx\n', want: /whitespace/ },
    { name: 'upper-case repository', input: 'cgr.dev/Chainguard/python', want: /lower case/ },
    { name: 'upper-case docker hub name', input: 'Nginx', want: /lower case/ },
    { name: 'tag with bad char', input: 'nginx:1.2+3', want: /bad tag "1.2\+3"/ },
    { name: 'tag starting with dot', input: 'nginx:.1', want: /bad tag/ },
    { name: 'tag starting with dash', input: 'nginx:-1', want: /bad tag/ },
    { name: 'empty tag', input: 'nginx:', want: /bad tag ""/ },
    { name: 'tag too long', input: `nginx:${'t'.repeat(129)}`, want: /bad tag/ },
    { name: 'short digest', input: 'nginx@sha256:abc', want: /malformed digest/ },
    { name: 'upper-case digest', input: `nginx@sha256:${'A'.repeat(64)}`, want: /malformed digest/ },
    { name: 'other digest algorithm', input: `nginx@md5:${'a'.repeat(32)}`, want: /malformed digest/ },
    { name: 'empty digest', input: 'nginx@', want: /malformed digest/ },
    { name: 'two digests', input: `nginx@${D}@${D}`, want: /malformed digest/ },
    { name: 'tag only', input: ':latest', want: /repository name is empty/ },
    { name: 'empty path component', input: 'cgr.dev//python', want: /empty path component/ },
    { name: 'trailing slash', input: 'cgr.dev/chainguard/', want: /empty path component/ },
    { name: 'bad path component', input: 'cgr.dev/chainguard/-python', want: /bad repository path component "-python"/ },
    { name: 'bad registry host', input: 'bad_host.io/app', want: /bad registry host/ },
    { name: 'bad registry port', input: 'host:abc/app', want: /bad registry host/ },
    { name: 'name too long', input: `a/${'b'.repeat(260)}`, want: /longer than 255/ },
  ])('rejects $name', ({ input, want }) => {
    let thrown: unknown;
    try {
      parseImageRef(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    const error = thrown as UsageError;
    expect(error.message).toMatch(want);
    expect(error.message).toContain(JSON.stringify(input));
    expect(error.hint).toMatch(/^expected \[registry\[:port\]\/\]repository\[:tag\]\[@sha256:<64 hex>\]/);
  });
});

describe('formatImageRef', () => {
  it.each<{ name: string; input: ImageRef; want: string }>([
    { name: 'no tag', input: { registry: 'cgr.dev', repository: 'chainguard/python' }, want: 'cgr.dev/chainguard/python' },
    { name: 'tag', input: { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' }, want: 'docker.io/library/nginx:1.25' },
    { name: 'digest', input: { registry: 'reg:5000', repository: 'a', digest: D }, want: `reg:5000/a@${D}` },
    { name: 'tag and digest', input: { registry: 'cgr.dev', repository: 'x/y', tag: 't', digest: D }, want: `cgr.dev/x/y:t@${D}` },
  ])('$name', ({ input, want }) => {
    expect(formatImageRef(input)).toBe(want);
  });

  it.each([
    'nginx', 'user/app:1', `cgr.dev/chainguard/static:latest@${D}`, 'localhost:5000/x', '127.0.0.1:5000/a/b/c:v1.2.3-r1',
  ])('round-trips %s to its fully qualified form', (input) => {
    const once = formatImageRef(parseImageRef(input));
    expect(formatImageRef(parseImageRef(once))).toBe(once);
    expect(parseImageRef(once)).toEqual(parseImageRef(input));
  });
});

describe('shortDigest', () => {
  it('keeps the algorithm and 12 hex digits', () => {
    expect(shortDigest(D)).toBe('sha256:a1a1a1a1a1a1');
  });
});
