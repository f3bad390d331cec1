// The dashboard's build: web/ → web/dist, served by the service at / (src/dashboard/dashboard-assets.ts).
// React's JSX is compiled by Vite itself (no plugin needed for a production build).
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" for React Server Components; meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // Same-origin API in development: `npx vite web` proxies /api to a running service.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
