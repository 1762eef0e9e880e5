package trapcheck.engine;

/**
 * Engine internals that are not part of a model check's meaning, fixed by default and varied by
 * tests (to force parallel phases on tiny models, or a checkpoint at every level).
 *
 * @param checkpointIntervalNanos least time between two level-boundary checkpoints
 * @param parallelThreshold       smallest frontier expanded by several threads
 * @param maxChunk                most frontier states a worker claims at once
 * @param minLevelCapacity        smallest capacity of a level table (tests make it tiny to force growth)
 */
record Tuning(long checkpointIntervalNanos, int parallelThreshold, int maxChunk, long minLevelCapacity) {
    static final Tuning DEFAULT = new Tuning(10_000_000_000L, 4096, 1024, 1024);
}
