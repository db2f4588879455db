// Colors by role. With NO_COLOR every role maps to no color; emphasis then uses bold, underline and
// inverse, which NO_COLOR allows.

export type Tone = 'accent' | 'good' | 'warn' | 'bad' | 'muted' | 'match';

const COLORS: Record<Tone, string> = {
  accent: 'cyan',
  good: 'green',
  warn: 'yellow',
  bad: 'red',
  muted: 'gray',
  match: 'magenta',
};

export function toneColor(color: boolean, tone: Tone): string | undefined {
  return color ? COLORS[tone] : undefined;
}

/** NO_COLOR (https://no-color.org): set and non-empty disables color. */
export function colorEnabled(env: Record<string, string | undefined>): boolean {
  return (env.NO_COLOR ?? '') === '';
}
