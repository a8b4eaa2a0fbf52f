// Lint config: typescript-eslint's type-aware recommended rules over the whole project.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// The boundaries of the target architecture (../shared/architecture.md, "Boundaries"), checked on
// every import of src/ (the paths are resolved, so `../../seeds` and `../../seeds/pilot` are both seen).
// - registry/ and casework/ never import each other: they meet through the supergraph (entity
//   keys) and the documented reference copy;
// - common/ and db/ import neither subgraph;
// - seeds/ and bench/ are leaves: they use src/, nothing in src/ imports them. The one exception
//   is the entry points, src/main.ts and src/cli.ts, which may import seeds/index.ts (and only it)
//   to hand the seeding to the bootstrap functions (src/seeding.ts holds its shape). They are where
//   the program is assembled; every module below them stays unaware of the seeds. The alternative,
//   entry points outside src/, would move `npm start`'s dist/src/main.js and every script with it.
const boundaries = [
  { target: './src/registry', from: './src/casework', message: 'registry and casework meet only through the supergraph and the reference copy.' },
  { target: './src/casework', from: './src/registry', message: 'registry and casework meet only through the supergraph and the reference copy.' },
  { target: ['./src/common', './src/db'], from: ['./src/registry', './src/casework', './src/gateway'], message: 'common/ and db/ import no subgraph.' },
  {
    target: ['./src/!(main|cli).ts', './src/*/**'],
    from: ['./seeds', './bench', './test'],
    message: 'seeds/, bench/ and test/ use src/, never the reverse (entry points: seeds/index.ts only).',
  },
  { target: ['./src/main.ts', './src/cli.ts'], from: './seeds', except: ['./index.ts'], message: 'an entry point reaches seeds/ only through seeds/index.ts.' },
  { target: ['./src/main.ts', './src/cli.ts'], from: ['./bench', './test'], message: 'bench/ and test/ are leaves.' },
  // Migrations are frozen history: they import no code (only @mikro-orm/migrations), not even
  // another migration's constant, so that a later change to src/ cannot rewrite what ran; values
  // they share with the application are copied. No code imports them but their lists (index.ts),
  // which the bootstrap functions hand to the migrator.
  {
    target: ['./src/**/migrations/**/Migration*.ts'],
    from: ['./src', './seeds', './bench', './test'],
    message: 'a migration imports no code: copy the value in.',
  },
  {
    target: ['./src/!(db)/**', './src/db/*.ts', './src/*.ts', './seeds/**', './bench/**', './test/**', './*.ts'],
    from: './src/db/migrations',
    except: ['./registry/index.ts', './casework/index.ts'],
    message: 'migrations are frozen history: import their list (migrations/<database>/index.ts), never a migration; constants live in src/.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.scratch/**', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaries }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // type-graphql resolver classes take decorated parameters they do not always read.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Build scripts (plain Node ESM, e.g. the esbuild bundling of the browser code): lint without types.
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false }, globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  {
    // Tests read untyped GraphQL JSON responses.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
