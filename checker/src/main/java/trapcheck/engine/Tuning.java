package trapcheck.engine;

/**
 * Engine internals that are not part of a model check's meaning, fixed by default and varied by
 * tests (to force parallel phases on tiny models, or a checkpoint at every level).
 *
 * @param checkpointIntervalNanos least time between two level-boundary checkpoints
 * @param parallelThreshold       smallest frontier expanded by several threads
 * @param maxChunk                most frontier states a worker claims at once
 * @param minLevelCapacity        smallest capacity of a level table (tests make it tiny to force growth)
 * @param seenShareBytes          heap bytes a BFS seen set keeps in memory before it spills to disk; 0: its
 *                                share of the memory budget (tests make it tiny to spill at every level)
 * @param spillPieceRecords       records sorted at once when a seen set spills; 0: as many as the memory
 *                                the spill frees (tests make it tiny to merge many pieces)
 * @param frontierShareBytes      bytes past which a BFS level goes to disk; 0: its share of the memory budget
 * @param windowShareBytes        bytes a BFS level's table and discovery records may hold before that part of
 *                                the level goes to disk as a sorted run (LevelWindows); 0: its share of the
 *                                memory budget (tests make it tiny to cut every level into many windows)
 */
record Tuning(long checkpointIntervalNanos, int parallelThreshold, int maxChunk, long minLevelCapacity,
              long seenShareBytes, int spillPieceRecords, long frontierShareBytes, long windowShareBytes) {
    static final Tuning DEFAULT = new Tuning(10_000_000_000L, 4096, 1024, 1024);

    Tuning(long checkpointIntervalNanos, int parallelThreshold, int maxChunk, long minLevelCapacity) {
        this(checkpointIntervalNanos, parallelThreshold, maxChunk, minLevelCapacity, 0, 0, 0, 0);
    }

    /** This tuning with the seen set spilling past {@code shareBytes}, sorting {@code pieceRecords} at once. */
    Tuning withSpill(long shareBytes, int pieceRecords) {
        return withSpill(shareBytes, pieceRecords, frontierShareBytes);
    }

    /**
     * This tuning with the seen set spilling past {@code shareBytes} (sorting {@code pieceRecords} at
     * once) and levels going to disk past {@code frontierBytes}.
     */
    Tuning withSpill(long shareBytes, int pieceRecords, long frontierBytes) {
        return new Tuning(checkpointIntervalNanos, parallelThreshold, maxChunk, minLevelCapacity, shareBytes,
                pieceRecords, frontierBytes, windowShareBytes);
    }

    /** This tuning with a level's table and records going to disk past {@code windowBytes}. */
    Tuning withWindows(long windowBytes) {
        return new Tuning(checkpointIntervalNanos, parallelThreshold, maxChunk, minLevelCapacity, seenShareBytes,
                spillPieceRecords, frontierShareBytes, windowBytes);
    }
}
