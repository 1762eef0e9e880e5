package trapcheck.engine;

/** Receives periodic progress of a long exploration (like TLC's progress line). */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void progress(Progress p);

    /**
     * @param depth        current BFS level (or DFS depth)
     * @param distinct     distinct states found so far
     * @param generated    transitions generated so far
     * @param queue        states waiting to be expanded
     * @param statesPerSecond distinct states per second since the start
     * @param heapUsedBytes   JVM heap in use
     * @param seconds      seconds since the start
     */
    record Progress(int depth, long distinct, long generated, long queue, double statesPerSecond,
                    long heapUsedBytes, double seconds) {
    }
}
