import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['app/**/*.test.ts', 'app/**/*.test.tsx', 'bench/**/*.test.ts'],
    setupFiles: ['app/test-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
