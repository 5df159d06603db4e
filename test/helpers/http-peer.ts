/** A tiny HTTP peer on 127.0.0.1 (port 0) whose routes tests define; the only address tests talk to. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type PeerHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface Peer {
  url: (path: string) => string;
  port: number;
  /** Requests seen, as "METHOD path". */
  seen: { method: string; path: string; host: string; userAgent: string }[];
  route: (path: string, handler: PeerHandler) => void;
  html: (path: string, body: string, status?: number) => void;
  close: () => Promise<void>;
}

export async function startPeer(): Promise<Peer> {
  const routes = new Map<string, PeerHandler>();
  const seen: Peer['seen'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ method: req.method ?? '', path, host: req.headers.host ?? '', userAgent: req.headers['user-agent'] ?? '' });
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    seen,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, handler) => void routes.set(path, handler),
    html: (path, body, status = 200) =>
      void routes.set(path, (_req, res) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
