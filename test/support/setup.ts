import 'reflect-metadata';
// Request lines (info) from in-process servers would drown the test output; tests of the logs
// give their own logger. Spawned services log at info (test/support/built-service.ts).
process.env.LOG_LEVEL ??= 'warn';
