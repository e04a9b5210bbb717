import { defineConfig } from 'vite';

// The client is built into dist/client and served by the game server on the same port.
export default defineConfig({
  root: 'client',
  publicDir: false,
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev:client` serves the client with hot reload and forwards the rest to the game server
    proxy: {
      '/api': 'http://127.0.0.1:2567',
      '/matchmake': 'http://127.0.0.1:2567',
    },
  },
});
