/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // `npm run dev` talks to a local API (`kipni serve`, port 8000 by default).
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
  build: {
    manifest: true,
    // CSP forbids inline code: never inline assets as data: URLs into scripts or styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
