// The layers of src/, lowest first, and the one direction imports may take between them
// (docs/ARCHITECTURE.md, "Layout"). Biome's noImportCycles catches cycles between files; these
// rules catch cycles between folders, which grow one harmless-looking import at a time.
//
//   kernel      src/config.ts, errors.ts, logger.ts, paths.ts, validation.ts
//   db          src/db/          DataSource, migrations, group commit
//   auth        src/auth/        who is calling
//   http        src/http/        transport: server, security, metrics, rate limits
//   pagination  src/pagination/  cursors, PageInfo, keyset queries
//   graphql     src/graphql/     the GraphQL kit: context, cost, limits, errors, the HTTP handler
//   audit       src/audit/       the audit trail
//   threads     src/threads/     the domain: entities and reads at the top; delete/, trash/,
//                                backup/ and rest/ below it, backup/ the lowest of those
//   entry       src/app.ts, src/schema.ts, src/main.ts, src/cli/, src/playground/, src/rest/, src/web/
const FOLDERS = ['db', 'auth', 'http', 'pagination', 'graphql', 'audit', 'threads', 'cli', 'playground', 'rest', 'web'];

/** A rule that `folder` imports nothing from the folders listed (nor from the entry files). */
function below(folder, ...higher) {
  return {
    name: `${folder}-layer`,
    comment: `src/${folder}/ sits below ${higher.join(', ')} and the entry points: it must not import them.`,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: [`^src/(${higher.join('|')})/`, '^src/(app|schema|main)\\.ts$'] },
  };
}

const higherThan = (folder) => FOLDERS.slice(FOLDERS.indexOf(folder) + 1);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import cycles at run time. A cycle of type-only imports is erased by tsc (an entity and ' +
        'the entity on the other side of its relation name each other that way).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'kernel-imports-no-folder',
      comment: 'config, errors, logger, paths and validation are used everywhere and use nothing of src/.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '^src/(app|schema|main)\\.ts$' },
      to: { path: '^src/[^/]+/' },
    },
    below('db', ...higherThan('db')),
    // auth and http are siblings in spirit, but http checks tokens, so auth stays the lower one.
    below('auth', ...higherThan('auth')),
    below('http', ...higherThan('http')),
    below('pagination', ...higherThan('pagination')),
    below('graphql', ...higherThan('graphql')),
    below('audit', ...higherThan('audit')),
    below('threads', ...higherThan('threads')),
    {
      name: 'threads-top-is-below-its-concerns',
      comment: 'The top of src/threads/ (entities, inputs, reads) is what its sub-folders build on.',
      severity: 'error',
      from: { path: '^src/threads/[^/]+$' },
      to: { path: '^src/threads/(delete|trash|backup|rest|events)/' },
    },
    {
      name: 'threads-backup-is-below-delete-trash-rest',
      comment: 'Backups are written by deletes and expired by the purger; they know neither.',
      severity: 'error',
      from: { path: '^src/threads/backup/' },
      to: { path: '^src/threads/(delete|trash|rest)/' },
    },
    {
      name: 'threads-delete-and-trash-do-not-know-rest',
      comment: 'The REST shim calls the delete; nothing in the domain calls the REST shim.',
      severity: 'error',
      from: { path: '^src/threads/(delete|trash)/' },
      to: { path: '^src/threads/rest/' },
    },
    {
      name: 'entry-points-are-not-imported',
      comment: 'app.ts is built by main.ts and the CLIs only; main.ts is imported by nobody.',
      severity: 'error',
      from: { pathNot: '^src/(main\\.ts|cli/)' },
      to: { path: '^src/(app|main)\\.ts$' },
    },
    {
      name: 'src-uses-no-dev-dependencies',
      comment: 'What src/ imports must be installed by `npm ci --omit=dev` too.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
