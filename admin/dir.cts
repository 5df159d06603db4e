/**
 * The admin's own folder: views/ and assets/ sit beside it, in the sources and in both builds.
 * CommonJS on purpose: `__dirname` is right in the ESM and the CommonJS build alike, where
 * `import.meta.url` cannot be compiled to CommonJS.
 */
export const ADMIN_DIR: string = __dirname;
