import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// In development the Django/daphne server runs separately; /graphql (HTTP and WebSocket) is proxied
// to it. In production Django (WhiteNoise) serves dist/: index.html at /, assets under /assets/.
const backend = process.env.KSERP_BACKEND_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    // Rendering tests wait on timers and lazy imports; 5 s (the default) timed out on a loaded 2-core machine.
    testTimeout: 20000,
  },
});
