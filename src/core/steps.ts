// Progress is data: every phase of a session reports Step events; plain mode prints them to stderr and
// the TUI draws them. Nothing in the session writes to the terminal before the shell has it.

export type StepId = 'pod' | 'image' | 'plan' | 'reuse' | 'patch' | 'wait' | 'attach' | 'stop' | 'record' | 'audit';

export interface Step {
  id: StepId;
  /** start: the phase began; done: it finished; info: detail (e.g. kubelet reason); warn: worth reading. */
  status: 'start' | 'done' | 'info' | 'warn';
  message: string;
  /** The kubelet's waiting reason when there is one, e.g. ContainerCreating or ErrImagePull. */
  reason?: string;
  /** Milliseconds since the session started. */
  at: number;
}

export type OnStep = (step: Step) => void;
