import { defineConfig } from 'vite';

// Builds the thread management app (web/) into dist/web, served at / (assets under /assets/, hashed).
export default defineConfig({
  root: 'web',
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // No inline module preload polyfill script: the CSP allows scripts from this origin only.
    modulePreload: { polyfill: false },
    // One bundle of about 480 kB (React, Apollo Client, graphql-ws), cached for a year under its hash.
    chunkSizeWarningLimit: 1000,
  },
});
