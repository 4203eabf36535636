import { defineConfig } from 'vite';

// The build lands in the server's wwwroot, which is what it serves at /.
export default defineConfig({
  build: {
    outDir: '../server/GradientWeb.Server/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      // @microsoft/signalr ships /*#__PURE__*/ comments in places rollup ignores; harmless, and not ours to fix.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/train': 'http://localhost:5080',
      '/jobs': 'http://localhost:5080',
      '/hubs': { target: 'http://localhost:5080', ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
