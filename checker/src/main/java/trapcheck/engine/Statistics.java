package trapcheck.engine;

/**
 * What an exploration did.
 *
 * @param distinct                 distinct states stored (representatives with symmetry)
 * @param generated                transitions generated (successors computed, including ones already seen)
 * @param depth                    deepest level reached (BFS) or longest path (DFS)
 * @param seconds                  wall time of the exploration
 * @param threads                  worker threads used
 * @param actionFires              per action number: how many times it fired
 * @param collisionProbability     fingerprint mode: estimated probability that a collision hid a
 *                                 state (TLC's optimistic estimate); 0 in exact mode
 * @param seenBytes                bytes held by the seen-state storage at the end
 * @param peakHeapBytes            highest JVM heap use observed
 * @param fingerprintBits          fingerprint mode: the bits of each 64-bit fingerprint the seen set
 *                                 kept at the end (the collision estimate's F); 0 in exact mode
 * @param spilledStates            BFS: distinct states the seen set held on disk at the end, because
 *                                 they outgrew its share of the memory budget; 0 when all fit in memory
 * @param spilledBytes             BFS: the most bytes the spill files (seen-set runs, frontier levels)
 *                                 held on disk at once; the parent links and the fingerprint log, on
 *                                 disk in every run, are not counted
 * @param partialOrder             whether the run searched with partial-order reduction ({@code Options.reduces}):
 *                                 then distinct, generated, depth and actionFires are of the reduced state
 *                                 graph, not the full one (a violation's re-search without it reports false)
 * @param reducedStates            with partialOrder: the states expanded through an ample set only; 0 otherwise
 * @param spilledWindows           BFS: level windows whose candidates went to disk because a level's
 *                                 table did not fit (LevelWindows); 0 when every level fitted
 */
public record Statistics(long distinct, long generated, int depth, double seconds, int threads, long[] actionFires,
                         double collisionProbability, long seenBytes, long peakHeapBytes,
                         int fingerprintBits, long spilledStates, long spilledBytes, boolean partialOrder,
                         long reducedStates, long spilledWindows) {

    /** Statistics of a run without partial-order reduction. */
    public Statistics(long distinct, long generated, int depth, double seconds, int threads, long[] actionFires,
                      double collisionProbability, long seenBytes, long peakHeapBytes, int fingerprintBits,
                      long spilledStates, long spilledBytes) {
        this(distinct, generated, depth, seconds, threads, actionFires, collisionProbability, seenBytes,
                peakHeapBytes, fingerprintBits, spilledStates, spilledBytes, false, 0, 0);
    }

    /** Statistics of a run that spilled nothing to disk. */
    public Statistics(long distinct, long generated, int depth, double seconds, int threads, long[] actionFires,
                      double collisionProbability, long seenBytes, long peakHeapBytes, int fingerprintBits) {
        this(distinct, generated, depth, seconds, threads, actionFires, collisionProbability, seenBytes,
                peakHeapBytes, fingerprintBits, 0, 0);
    }

    public double statesPerSecond() {
        return seconds <= 0 ? distinct : distinct / seconds;
    }

    public double bytesPerState() {
        return distinct == 0 ? 0 : (double) seenBytes / distinct;
    }
}
