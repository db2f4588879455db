import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appScript, commandLine, copyCommandPrefix, copyShellCommand, shellQuote } from '../../src/core/copy-shell.js';

const work = mkdtempSync(path.join(tmpdir(), 'cg-copy-shell-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('shellQuote', () => {
  it.each<{ name: string; input: string; want: string }>([
    { name: 'plain word', input: '/usr/bin/app', want: '/usr/bin/app' },
    { name: 'space', input: 'a b', want: "'a b'" },
    { name: 'single quote', input: "it's", want: "'it'\\''s'" },
    { name: 'command substitution', input: '$(id)', want: "'$(id)'" },
    { name: 'empty', input: '', want: "''" },
  ])('$name', ({ input, want }) => {
    expect(shellQuote(input)).toBe(want);
  });
});

describe('appScript', () => {
  it('builds the script from the argv and the working directory', () => {
    expect(appScript(['/usr/bin/app', '--config', '/etc/app conf'], '/app')).toBe("#!/bin/sh\ncd /app || exit 1\nexec /usr/bin/app --config '/etc/app conf' \"$@\"");
  });

  // The argv is the pod's, someone else's: each word must reach the program as it is, never as shell syntax.
  it.each<{ name: string; input: string[] }>([
    { name: 'metacharacters', input: ['a b', '$(touch pwned)', '`touch pwned`', "it's", ';touch pwned', '*', '\\n', ''] },
    { name: 'newlines', input: ['line\nnext', '$HOME'] },
  ])('runs the argv word for word under sh: $name', ({ input }) => {
    const dir = mkdtempSync(path.join(work, 'wd-'));
    const script = path.join(dir, 'app');
    writeFileSync(script, appScript(['printf', '[%s]', ...input], dir), { mode: 0o755 });
    const out = execFileSync('sh', [script, 'extra'], { cwd: '/', encoding: 'utf8' });
    expect(out).toBe([...input, 'extra'].map((w) => `[${w}]`).join(''));
    expect(execFileSync('ls', ['-A', dir], { encoding: 'utf8' })).toBe('app\n');
  });
});

describe('copy commands', () => {
  it('the shell gets the app script, the names and the command line as data, never in the script text', () => {
    const command = copyShellCommand({ copy: 'web-1-cg-aaaaa', original: 'web-1', container: 'app', argv: ['/app', '$(id)'], workingDir: '/w' });
    expect(command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command[2]).not.toContain('$(id)');
    expect(command.slice(3)).toEqual(['cg-debug', appScript(['/app', '$(id)'], '/w'), 'web-1-cg-aaaaa', 'web-1', 'app', commandLine(['/app', '$(id)'])]);
  });

  it('an unknown command gives no app script', () => {
    expect(copyShellCommand({ copy: 'c', original: 'o', container: 'app', argv: [], workingDir: '/' }).slice(4)).toEqual(['', 'c', 'o', 'app', '(unknown)']);
    expect(copyCommandPrefix({ argv: [], workingDir: '/' }).at(-1)).toBe('');
  });

  it('-- COMMAND runs with its own args after the prefix', () => {
    // No app script: nothing is written (with one, it would go to /cg-debug, the copy's own volume).
    const prefix = copyCommandPrefix({ argv: [], workingDir: '/' });
    const out = execFileSync(prefix[0] as string, [...prefix.slice(1), 'printf', '%s', 'ran'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(out).toBe('ran');
  });
});
