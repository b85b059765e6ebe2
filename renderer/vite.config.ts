import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built into dist/renderer, which `pantau serve` (and later the desktop window) serves.
// Relative asset paths, so the same build loads from http://127.0.0.1 and from a file inside the app.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
});
