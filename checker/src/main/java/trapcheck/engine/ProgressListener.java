package trapcheck.engine;

/** Receives periodic progress of a long exploration (like TLC's progress line). */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void progress(Progress p);

    /**
     * Something went wrong that does not change the result and does not stop the run (a checkpoint
     * that could not be written); one line, without a prefix. Called on a search thread.
     */
    default void warning(String message) {
    }

    /**
     * @param depth        current BFS level (or DFS depth)
     * @param distinct     distinct states found so far
     * @param generated    transitions generated so far
     * @param queue        states waiting to be expanded
     * @param statesPerSecond distinct states per second since the start
     * @param heapUsedBytes   JVM heap in use
     * @param seconds      seconds since the start
     * @param diskBytes    BFS: bytes the seen set and frontier hold in spill files now (0: all in memory)
     * @param diskStates   BFS: distinct states the seen set holds on disk now
     */
    record Progress(int depth, long distinct, long generated, long queue, double statesPerSecond,
                    long heapUsedBytes, double seconds, long diskBytes, long diskStates) {

        /** Progress of a search that holds nothing on disk. */
        public Progress(int depth, long distinct, long generated, long queue, double statesPerSecond,
                        long heapUsedBytes, double seconds) {
            this(depth, distinct, generated, queue, statesPerSecond, heapUsedBytes, seconds, 0, 0);
        }
    }
}
