package trapcheck.engine;

/** The highest heap use seen; sampled at level boundaries and by the progress thread. */
final class HeapSampler {
    private volatile long peak;

    long sample() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        if (used > peak) {
            peak = used;
        }
        return used;
    }

    long peak() {
        return peak;
    }
}
