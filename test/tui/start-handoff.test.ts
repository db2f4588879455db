import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/core/steps.js';
import { startHandoff } from '../../src/tui/start-handoff.js';

const step = (message: string): Step => ({ id: 'wait', status: 'info', message, at: 0 });

function setup() {
  const screen: string[] = [];
  const printer: string[] = [];
  const screenSignal = new AbortController();
  const runSignal = new AbortController();
  const handoff = startHandoff((s) => screen.push(s.message), screenSignal.signal, runSignal.signal);
  return { screen, printer, screenSignal, runSignal, handoff, print: (s: Step) => printer.push(s.message) };
}

describe('startHandoff', () => {
  it('before the picker settles: steps on the screen, and leaving the screen aborts the start', () => {
    const t = setup();
    t.handoff.onStep(step('adding'));
    t.screenSignal.abort();
    expect(t.screen).toEqual(['adding']);
    expect(t.handoff.signal.aborted).toBe(true);
  });

  it('settled: the screen closing no longer aborts it; steps wait for the printer, then go to it in order', () => {
    const t = setup();
    t.handoff.onStep(step('adding'));
    t.handoff.hold();
    t.screenSignal.abort();
    t.handoff.onStep(step('ContainerCreating'));
    expect(t.handoff.signal.aborted).toBe(false);
    expect(t.printer).toEqual([]);
    t.handoff.release(t.print);
    t.handoff.onStep(step('running'));
    expect(t.screen).toEqual(['adding']);
    expect(t.printer).toEqual(['ContainerCreating', 'running']);
  });

  it("the run's signal (Ctrl-C) ends it before and after the hand-over", () => {
    for (const settled of [false, true]) {
      const t = setup();
      if (settled) t.handoff.hold();
      t.runSignal.abort();
      expect(t.handoff.signal.aborted).toBe(true);
    }
  });

  it('a screen already gone: aborted from the start', () => {
    const screenSignal = new AbortController();
    screenSignal.abort();
    expect(startHandoff(() => undefined, screenSignal.signal, new AbortController().signal).signal.aborted).toBe(true);
  });
});
