// The terminal a run reads and writes: the process's own streams, or a test's stand-ins. A type only, at
// the bottom of the layers, so every folder may name it without importing the code that uses it.

export interface TerminalIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}
