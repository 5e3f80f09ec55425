import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for the server, applied as `main.ts` starts, before the app is loaded.
 *
 * Allocation-site pretenuring is off. When most objects from one allocation site survive a
 * young-generation collection, V8 starts allocating that site's objects straight in the old
 * generation, which only a full collection frees. Under a steady load of small requests some
 * sites get there, and from then on whatever their objects point to survives every young
 * collection too: during a PostgreSQL backup delete beside 200 small deletes a second, about
 * 2 MB of dead backup pages were promoted at each one, the old generation grew from 32 to 80-105
 * MB and the process's RSS by 50-85 MB. With pretenuring off, the same run grew the old
 * generation by 14 MB (README, "Where the gateway's memory goes"). A server's objects mostly die
 * with their request, which is what the young generation is for.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
