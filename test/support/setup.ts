// Loaded before every test file (vitest setupFiles): type-graphql and TypeORM decorators need the
// Reflect metadata API before any decorated class is imported, whatever order a file imports in.
import 'reflect-metadata';
