// An API stand-in that takes connections and reads requests but never answers a byte: what only a
// deadline can end.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** The server, not yet listening, and how to close it with every connection it holds. */
export function silentServer(): { server: Server; close: () => void } {
  const sockets = new Set<Socket>();
  const server = createServer(() => undefined);
  server.on('connection', (socket) => sockets.add(socket));
  return {
    server,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
