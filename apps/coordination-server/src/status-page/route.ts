import { join } from 'node:path';
import express, { type Router } from 'express';

/**
 * The page's files. `npm run build` copies this `assets/` folder beside the bundle's `main.js`,
 * and this module is bundled into that file, so `__dirname/assets` holds them in both cases.
 */
export const STATUS_PAGE_ASSETS = join(__dirname, 'assets');

/**
 * The page may load its own script and style and talk to this server, nothing else: no inline
 * script, no other origin, no framing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `GET /status/`: the live status page (plain HTML, CSS and one script; see docs/operations.md).
 * The files are public — they hold no data; the page asks for a token when the server has
 * authentication on, and reads everything through `/rpc` and `/events` with it. `GET /` leads there.
 */
export function statusPageRoutes(assets: string = STATUS_PAGE_ASSETS): Router {
  const router = express.Router();
  router.get('/', (_req, res) => res.redirect(302, '/status/'));
  router.use(
    '/status',
    express.static(assets, {
      index: 'index.html',
      // Small files that change with each build: always revalidate.
      cacheControl: true,
      maxAge: 0,
      setHeaders: (res) => {
        res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
      },
    }),
  );
  return router;
}
