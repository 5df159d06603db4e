import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDemoApp } from './app.js';

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const port = Number(process.env.PORT ?? 3000);
const dataFile = process.env.DOORKEEP_DATA || 'data/doorkeep.json';
let adminPassword = process.env.DOORKEEP_ADMIN_PASSWORD;
if (!adminPassword) {
  adminPassword = randomBytes(12).toString('base64url');
  console.log(`No DOORKEEP_ADMIN_PASSWORD set; the admin password for this run is: ${adminPassword}`);
}
mkdirSync(dirname(dataFile), { recursive: true });

const { app, doorkeep, close } = await createDemoApp({
  dataFile,
  adminPassword,
  fetchAllow: list(process.env.DOORKEEP_FETCH_ALLOW),
  apiKeys: list(process.env.DOORKEEP_API_KEYS),
  siteUrl: process.env.SITE_URL ?? `http://localhost:${port}`,
});

// Delivered contact messages and approved comments reach the host here (and by e-mail when DOORKEEP_MAIL_TO
// and DOORKEEP_SMTP_URL or DOORKEEP_SMTP_HOST are set; see the README's "Delivery" section).
doorkeep.on('delivered', ({ submission, cause, by }) => {
  const what = submission.type === 'contact-form' ? `message on "${submission.channel}"` : submission.type;
  console.log(`Delivered: ${what} ${submission.id} from ${submission.author.name || 'someone'} (${cause === 'verdict' ? 'on arrival' : `approved by ${by}`})`);
});
console.log(process.env.DOORKEEP_MAIL_TO
  ? `Delivered contact messages are mailed to ${process.env.DOORKEEP_MAIL_TO}.`
  : 'No DOORKEEP_MAIL_TO set: delivered messages are logged here, not mailed.');

const server = app.listen(port, () => {
  console.log(`Halla's notes (Doorkeep demo) on http://localhost:${port}/ — admin at /admin, data in ${dataFile}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void close().then(() => process.exit(0));
  });
}
