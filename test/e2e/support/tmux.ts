// A small driver for a real terminal: each session gets its own tmux server (own socket, no user
// config) running bash without the user's profile or rc files, into which commands are typed like a user would.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export interface TmuxOptions {
  cols?: number;
  rows?: number;
  /** Added to this process's environment for everything run in the session. */
  env?: Record<string, string>;
  cwd?: string;
}

const PROMPT = '__CG_E2E__$ ';
// tmux drops trailing blanks of each captured line, so the prompt's own space is not matched.
const PROMPT_RE = /^__CG_E2E__\$$/m;

export class TmuxTimeoutError extends Error {
  constructor(
    message: string,
    readonly screen: string,
  ) {
    super(`${message}\n--- screen ---\n${screen}\n--------------`);
    this.name = 'TmuxTimeoutError';
  }
}

export class TmuxSession {
  private runs = 0;
  private closed = false;

  private constructor(
    private readonly socket: string,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * Starts `command` (a shell command line) in a new detached session. The terminal's settings
   * are recorded first, so that `expectTerminalIntact()` can compare them after the program exits.
   */
  static async start(command: string, options: TmuxOptions = {}): Promise<TmuxSession> {
    const session = await TmuxSession.shell(options);
    await session.run(command);
    return session;
  }

  /** A session at an idle shell prompt. */
  static async shell(options: TmuxOptions = {}): Promise<TmuxSession> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-e2e-tmux-'));
    const socket = `cg-e2e-${process.pid}-${path.basename(dir)}`;
    // A fresh server per session inherits exactly this environment, whatever tmux runs elsewhere.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.env,
      TERM: 'xterm-256color',
      HISTFILE: '/dev/null',
    };
    delete env['TMUX'];
    const session = new TmuxSession(socket, dir, env);
    // bash resets an inherited PS1; an rc file of our own sets the known prompt and nothing else.
    writeFileSync(session.file('bashrc'), `PS1='${PROMPT}'\nunset PROMPT_COMMAND\n`);
    await session.tmux([
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(options.cols ?? 120),
      '-y',
      String(options.rows ?? 40),
      '-c',
      options.cwd ?? process.cwd(),
      `bash --noprofile --rcfile ${session.file('bashrc')}`,
    ]);
    await session.tmux(['set-option', '-g', 'history-limit', '5000']);
    await session.waitForText(PROMPT_RE, 10_000);
    return session;
  }

  /** Types `command` at the prompt; `exitCode()` then waits for it to finish. */
  async run(command: string): Promise<void> {
    this.runs += 1;
    await this.sendText(`stty -a > ${this.file('stty-before')}; clear\n`);
    await this.waitForText(/^__CG_E2E__\$$/, 10_000, { history: false });
    await this.sendText(`${command}; echo "__EXIT_${this.runs}:$?"\n`);
  }

  /** Keys in tmux's names: 'Enter', 'C-c', 'C-d', 'Up', 'Escape', 'q', ... */
  async sendKeys(...keys: string[]): Promise<void> {
    await this.tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** Literal text, typed as is ("\n" is Enter). */
  async sendText(text: string): Promise<void> {
    const parts = text.split('\n');
    for (const [i, part] of parts.entries()) {
      if (part !== '') await this.tmux(['send-keys', '-t', 'main', '-l', '--', part]);
      if (i < parts.length - 1) await this.sendKeys('Enter');
    }
  }

  /**
   * Appends every byte the pane's program writes to `file` from now on: what a terminal would act on,
   * stricter than the rendered screen (a title change or a clipboard write never shows on it).
   */
  async recordOutput(file: string): Promise<void> {
    await this.tmux(['pipe-pane', '-t', 'main', '-o', `cat >> '${file}'`]);
  }

  /** The visible screen; with `history`, the scrollback too. */
  async screen(options: { history?: boolean } = {}): Promise<string> {
    const range = options.history ? ['-S', '-'] : [];
    const { stdout } = await this.tmux(['capture-pane', '-p', '-J', '-t', 'main', ...range]);
    return stdout.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  }

  /** Polls the screen (and scrollback, unless `history: false`) until `pattern` matches. */
  async waitForText(
    pattern: RegExp,
    timeoutMs = 15_000,
    options: { history?: boolean } = {},
  ): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    for (;;) {
      text = await this.screen({ history: options.history ?? true });
      const match = text.match(pattern);
      if (match) return match;
      if (Date.now() > deadline) {
        throw new TmuxTimeoutError(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}`, text);
      }
      await sleep(100);
    }
  }

  /** Exit status of the command given to `start`/`run`, once it has finished. */
  async exitCode(timeoutMs = 30_000): Promise<number> {
    // Not anchored at the line start: a command line of exactly the terminal's width leaves tmux's wrap
    // flag on its row, and the joined capture (-J) then puts the marker on the command's line.
    const match = await this.waitForText(new RegExp(`__EXIT_${this.runs}:(\\d+)$`, 'm'), timeoutMs);
    await this.waitForText(PROMPT_RE, 5_000);
    return Number(match[1]);
  }

  /**
   * After the program exited: the terminal settings are what they were before it started (no
   * raw mode, echo on), and typed text echoes and runs at the shell prompt.
   */
  async expectTerminalIntact(): Promise<void> {
    await this.sendText(`stty -a > ${this.file('stty-after')}\n`);
    await this.sendText('echo "__TYPED_""OK"\n');
    await this.waitForText(/^__TYPED_OK$/m, 5_000).catch((error: unknown) => {
      throw new Error(`typed text did not echo and run after the program exited: ${String(error)}`);
    });
    await this.waitForText(/echo "__TYPED_""OK"/, 1_000).catch((error: unknown) => {
      throw new Error(`typed text was not echoed: ${String(error)}`);
    });
    const before = readFileSync(this.file('stty-before'), 'utf8').trim();
    const after = readFileSync(this.file('stty-after'), 'utf8').trim();
    if (before !== after) {
      throw new Error(`terminal settings changed:\n--- before ---\n${before}\n--- after ---\n${after}`);
    }
  }

  async kill(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tmux(['kill-server']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  private tmux(args: readonly string[]): Promise<{ stdout: string }> {
    return execa('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, extendEnv: false });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
