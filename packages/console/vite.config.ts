import { defineConfig } from 'vite';

// The page is served at `/` and its files under `/console/` by `landcase start`. Preact's JSX
// through esbuild's automatic runtime: no plugin needed.
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 300,
  },
});
