import { defineConfig } from 'vite';

const API = 'http://localhost:5080';

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
  // `npm run dev` serves the page; every API path goes to the server (dotnet run listens on 5080).
  server: {
    proxy: {
      ...Object.fromEntries(['/train', '/jobs', '/datasets', '/presets', '/sweeps', '/engines', '/healthz', '/readyz', '/swagger'].map((path) => [path, API])),
      '/hubs': { target: API, ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
