// For the MikroORM CLI only (`npm run migration:create`): the running service builds its own
// options in src/db/orm.ts and applies the committed migrations at start.
import 'reflect-metadata';
import { ormOptions } from './src/db/orm';
import { registryEntities } from './src/registry/entities';
import { registryMigrations } from './src/db/migrations/registry';

const options = ormOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ksr_migrations', registryEntities, registryMigrations);
export default {
  ...options,
  migrations: { ...options.migrations, path: './src/db/migrations/registry', pathTs: './src/db/migrations/registry', emit: 'ts' as const },
};
