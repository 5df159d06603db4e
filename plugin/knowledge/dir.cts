/**
 * The knowledge folder: prior.json and letters.json sit beside it, in the sources and in both builds.
 * CommonJS on purpose (as admin/dir.cts): `__dirname` is right in the ESM and the CommonJS build alike.
 */
export const KNOWLEDGE_DIR: string = __dirname;
