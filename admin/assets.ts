/** The admin's own stylesheet and script, served by the router (no CDN, nothing remote). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { ADMIN_DIR } from './dir.cjs';

const DIR = path.join(ADMIN_DIR, 'assets');

export function createAssetRoutes(): Router {
  const router = Router();
  const files = {
    '/assets/admin.css': { type: 'text/css', body: readFileSync(path.join(DIR, 'admin.css')) },
    '/assets/admin.js': { type: 'text/javascript', body: readFileSync(path.join(DIR, 'admin.js')) },
  };
  for (const [route, file] of Object.entries(files)) {
    router.get(route, (_req, res) => {
      res.set('Cache-Control', 'private, max-age=3600').type(file.type).send(file.body);
    });
  }
  return router;
}
