// The asciicast v2 format (asciinema's): a JSON header line, then one JSON array per event,
// `[seconds, code, data]`, newline-delimited. Pure: the writer at the edge owns the file and the clock.

/** `o`: what the terminal showed; `i`: what was typed; `r`: the terminal was resized to `COLSxROWS`. */
export type CastEventCode = 'o' | 'i' | 'r';

export interface CastHeaderInput {
  width: number;
  height: number;
  /** When the recording started, in milliseconds since the epoch. */
  startedAtMs: number;
  /** The local TERM and SHELL, when known: players use TERM to pick a terminal emulation. */
  env: { TERM?: string | undefined; SHELL?: string | undefined };
  title: string;
  /** For a recorded `-- COMMAND`: the command line. */
  command?: string;
}

/** Terminal sizes outside this range are no size a terminal reports: the player's default is used instead. */
const MAX_DIMENSION = 10_000;
export const DEFAULT_CAST_SIZE = { width: 80, height: 24 } as const;

/** The header line (with its newline): version 2, the terminal's size, start time and env. */
export function castHeader(input: CastHeaderInput): string {
  const env = Object.fromEntries(
    (['SHELL', 'TERM'] as const).flatMap((name) => {
      const value = input.env[name];
      return value === undefined || value === '' ? [] : [[name, value]];
    }),
  );
  const header = {
    version: 2,
    width: dimension(input.width, DEFAULT_CAST_SIZE.width),
    height: dimension(input.height, DEFAULT_CAST_SIZE.height),
    timestamp: Math.floor(input.startedAtMs / 1000),
    ...(Object.keys(env).length > 0 ? { env } : {}),
    title: input.title,
    ...(input.command === undefined ? {} : { command: input.command }),
  };
  return `${JSON.stringify(header)}\n`;
}

/** One event line (with its newline); time in seconds since the start, to the microsecond as asciinema writes it. */
export function castEvent(elapsedMs: number, code: CastEventCode, data: string): string {
  const seconds = Math.max(0, Math.round(elapsedMs * 1000) / 1_000_000);
  return `${JSON.stringify([seconds, code, data])}\n`;
}

/** The data of a resize event: `COLSxROWS`. */
export function castSize(width: number, height: number): string {
  return `${dimension(width, DEFAULT_CAST_SIZE.width)}x${dimension(height, DEFAULT_CAST_SIZE.height)}`;
}

function dimension(value: number, fallback: number): number {
  return Number.isInteger(value) && value > 0 && value <= MAX_DIMENSION ? value : fallback;
}
