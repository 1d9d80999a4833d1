import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // The dev server's dependency scan starts from index.html and does not follow the worker:
  // without its entry, the worker's imports are found late and the first page load reloads.
  optimizeDeps: { entries: ['index.html', 'app/worker/worker.ts'] },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['app/**/*.test.ts', 'app/**/*.test.tsx'],
    setupFiles: ['app/test-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
