// The one writer every command prints through. Whatever a command prints may quote a cluster, a registry
// or a pod (names, images, messages, versions), so the writer makes it terminal-safe itself: a new
// command is safe without remembering to sanitize. eslint forbids writing to stdout or stderr directly in
// command modules (src/cli/*-command.ts), so every line goes through here.
import { Writable } from 'node:stream';
import { sanitizeText, terminalSafeJson, terminalSafeYaml } from '../core/sanitize.js';

export interface Output {
  /** Lines for people on stdout (tables, reports): every line sanitized, the line breaks kept. */
  text(text: string): void;
  /** A document on stdout for scripts: JSON with every control a terminal could act on escaped. */
  json(value: unknown): void;
  /** A YAML document on stdout (from a dumper that escapes controls): bidi overrides removed. */
  yaml(text: string): void;
  /** Progress, warnings and summaries on stderr, sanitized like text(). */
  note(text: string): void;
  /** A status line on stderr redrawn in place (cp's progress): the line sanitized, '' clears it. */
  redraw(line: string): void;
  /** Text cg-debug wrote itself and must not change (a completion script): written as it is. */
  own(text: string): void;
  /**
   * Bytes the user asked for as they are (`cp POD:PATH -`, a tar stream): a Writable that honours
   * stdout's backpressure without ending it, and drops the rest once the reader goes away (`| head`).
   */
  bytes(): Writable;
}

/** Every line of `text` through sanitizeText; `\n` kept. */
export function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitizeText).join('\n');
}

export function output(io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Output {
  return {
    text: (text) => void io.stdout.write(sanitizeLines(text)),
    json: (value) => void io.stdout.write(`${terminalSafeJson(JSON.stringify(value, null, 2))}\n`),
    yaml: (text) => void io.stdout.write(terminalSafeYaml(text)),
    note: (text) => void io.stderr.write(sanitizeLines(text)),
    // Carriage return and erase-line are cg-debug's own; the line itself may quote a path.
    redraw: (line) => void io.stderr.write(`\r\u001b[2K${sanitizeText(line)}`),
    own: (text) => void io.stdout.write(text),
    bytes: () => stdoutSink(io.stdout),
  };
}

function stdoutSink(stdout: NodeJS.WritableStream): Writable {
  let closed = false;
  stdout.once('error', () => (closed = true));
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (closed || stdout.write(chunk)) {
        callback();
        return;
      }
      const resume = () => {
        stdout.removeListener('drain', resume);
        stdout.removeListener('error', resume);
        callback();
      };
      stdout.once('drain', resume);
      stdout.once('error', resume);
    },
  });
}
