#!/usr/bin/env node
// Serves the built app (dist/) on 127.0.0.1 and prints the URL. No dependencies.
//   PORT=4173 node scripts/serve.mjs
// A build for a base path is served under it:
//   BASE=/gradscope/ npm run build && BASE=/gradscope/ node scripts/serve.mjs
// DIST=other-dir serves another build folder.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)), process.env.DIST ?? 'dist');
/** The path the build expects to be served under (vite.config.ts's base), with both slashes. */
const base = `/${(process.env.BASE ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

if (!existsSync(join(root, 'index.html'))) {
  console.error('dist/index.html not found: run `npm run build` first (npm start does both).');
  process.exit(1);
}

/**
 * Node refuses request heads over 16 KB (HTTP 431) by default: a long shared link would
 * get a browser error page. Heads up to 256 KB are read (the app caps what it reads of
 * the query, and says so); a longer one gets a page that says why and links to the
 * default run.
 */
const MAX_HEADER_BYTES = 256 * 1024;
const TOO_LONG_PAGE = `<!doctype html><meta charset="utf-8"><title>Gradscope: link too long</title>
<body style="font:18px system-ui,sans-serif;max-width:36em;margin:3em auto;line-height:1.5">
<h1>This link is too long to open</h1>
<p>Its address is over ${MAX_HEADER_BYTES / 1024} KB, more than this server reads. A Gradscope link needs far less: it was probably pasted twice or edited by hand.</p>
<p><a href="/">Open the default run</a></p></body>`;

const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(base)) {
    // Outside the base path: the site's root (or the base without its slash) leads to the app.
    if (url.pathname === '/' || `${url.pathname}/` === base) res.writeHead(302, { Location: `${base}${url.search}` }).end();
    else res.writeHead(404).end();
    return;
  }
  let path = normalize(decodeURIComponent(`/${url.pathname.slice(base.length)}`)).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, path);
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Single-page app: every unknown path serves index.html (query strings carry the run).
    path = '/index.html';
    file = join(root, path);
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const immutable = path.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': type,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  createReadStream(file).pipe(res);
});

server.on('clientError', (error, socket) => {
  if (!socket.writable) return;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const body = Buffer.from(TOO_LONG_PAGE);
    socket.end(`HTTP/1.1 414 URI Too Long\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${TOO_LONG_PAGE}`);
    return;
  }
  socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
});

server.on('error', (error) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another one.` : error.message);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`Gradscope is running at http://${host}:${port}${base}`);
});
