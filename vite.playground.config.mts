import { defineConfig } from 'vite';

// Builds the playground (GraphiQL and its Monaco workers) into dist/playground, served at /playground/.
export default defineConfig({
  root: 'playground',
  base: '/playground/',
  logLevel: 'warn',
  build: {
    outDir: '../dist/playground',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      // framer-motion's "use client" directives mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
