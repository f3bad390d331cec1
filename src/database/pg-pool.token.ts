/**
 * A plain node-postgres pool for the hot path: the journal's one-statement
 * writes, the per-symbol advisory locks and the instances' presence. Everything
 * else uses Prisma. (Its own file so that providers of this module can inject it.)
 */
export const PG_POOL = Symbol('PG_POOL');
