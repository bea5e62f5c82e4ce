// Lint rules, including the folder fences of DESIGN.md ("fences are lint errors, not wishes").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const cytoscapeOnlyInAdapter = {
  // the packages, not the adapter folder that is named after them
  regex: '^cytoscape(-[\\w-]+)?$',
  message: 'Only src/adapters/cytoscape/** may import cytoscape (DESIGN.md fences).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [cytoscapeOnlyInAdapter] }],
    },
  },
  {
    // src/core is pure TypeScript: it runs in a worker and in Node.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          cytoscapeOnlyInAdapter,
          { group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*'], message: 'src/core must not import UI or state libraries.' },
          { group: ['**/ui/**', '**/state/**', '**/adapters/**', '**/workers/**', '**/cli/**', '**/scenarios/**'],
            message: 'src/core imports only src/core/** and its libraries.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'src/core runs in Node and workers: no window.' },
        { name: 'document', message: 'src/core runs in Node and workers: no document.' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [cytoscapeOnlyInAdapter,
          { group: ['**/adapters/cytoscape/canvas*'], message: 'ui/** never holds a cy reference; use the adapter component.' }],
      }],
    },
  },
  {
    files: ['src/adapters/cytoscape/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
