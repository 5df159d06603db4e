/**
 * doorkeep/admin: the moderation admin and the public pages, built on the public API of a Doorkeep
 * instance (dk and its documented seam, dk.adminAccess), as any host code could build its own.
 *
 *   app.use('/admin', admin(doorkeep));
 *   app.use('/doorkeep', publicPages(doorkeep));
 *   app.locals.doorkeepNotice = () => notice(doorkeep);
 */
export { createAdminRouter as admin, type AdminRouterOptions } from './router.js';
export { createPublicRouter as publicPages, renderNotice as notice } from './public.js';
