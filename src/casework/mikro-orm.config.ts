// For the MikroORM CLI only, to generate casework migrations against a scratch database:
//   npm run build && npx mikro-orm migration:create --config dist/src/casework/mikro-orm.config.js
// The running service applies the committed migrations at start (bootstrap.ts).
import 'reflect-metadata';
import path from 'node:path';
import { findProjectRoot } from '../config';
import { caseworkMigrations } from '../db/migrations/casework';
import { ormOptions } from '../db/orm';
import { caseworkEntities } from './entities';

const folder = path.join(findProjectRoot(), 'src', 'db', 'migrations', 'casework');
const options = ormOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ksr_casework_migrations', caseworkEntities, caseworkMigrations);
export default {
  ...options,
  migrations: { ...options.migrations, path: folder, pathTs: folder, emit: 'ts' as const },
};
