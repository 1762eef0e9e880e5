package trapcheck.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/*
 * A BFS level whose level table and discovery records do not fit in the memory budget (TLC's
 * external sort-merge of a level's successors, kept level-synchronous and deterministic).
 *
 * The level is expanded in windows: contiguous ranges of the frontier, each into a fresh level
 * table. When a window's table would have to grow past what the budget allows (`full`), the workers
 * stop at their next chunk boundary and the window is flushed: its winners (the records holding
 * their state's smallest key in the window) become one run on disk of records
 *   [fp, (exact mode) representative, discoverer key, concrete successor],
 * sorted by state (fp, then representative). Each run holds a state at most once, and every key of
 * a window is smaller than every key of the windows after it (they expand later frontier positions).
 *
 * At the end of the level, `merge` reads all runs and the seen set's run on disk (if it spilled) in
 * one forward pass: for each state, the first run holding it (the smallest window, so the smallest
 * key: the sequential BFS's discoverer) wins unless the seen set holds it on disk. A winner goes to
 * its window's bucket file, so each bucket holds the winners whose keys lie in its window's range.
 * `place` then reads the buckets in window order, sorts each by key (a bucket is at most a window,
 * which fitted in memory) and gives each winner the next position of the next frontier, its seen-set
 * entry and its parent link: the same frontier, links and counts as the in-memory level.
 *
 * The seen set is read-only during the whole level, so the windows see what one table would have
 * seen; a worker's RecentStates skips a concrete state it offered in an earlier window, which is
 * exact (that offer, with a smaller key, is in an earlier run).
 */
final class LevelWindows implements AutoCloseable {
    private final int words;
    private final boolean exact;
    /** Longs a state is compared by: the fingerprint, and in exact mode the representative. */
    private final int prefix;
    private final int stride;
    private final int actionCount;
    /** Tests: bytes a window may hold; 0: what the budget has left. */
    private final long shareBytes;
    private final MemoryBudget budget;
    private final RunControl control;
    private final Path dir;
    private final SpillMeter meter;
    private final List<SpillFile> runs = new ArrayList<>();
    private SpillFile[] buckets = new SpillFile[0];
    private long[] bucketCounts = new long[0];
    /** Entries of the flushed windows' tables: the max-states allowance they used. */
    private long flushedEntries;

    LevelWindows(int words, boolean exact, int actionCount, long shareBytes, MemoryBudget budget, RunControl control,
                 Path dir, SpillMeter meter) {
        this.words = words;
        this.exact = exact;
        this.prefix = exact ? 1 + words : 1;
        this.stride = prefix + 1 + words;
        this.actionCount = actionCount;
        this.shareBytes = shareBytes;
        this.budget = budget;
        this.control = control;
        this.dir = dir;
        this.meter = meter;
    }

    /** Whether part of the level is on disk: the level ends through merge and place. */
    boolean active() {
        return !runs.isEmpty();
    }

    long flushedEntries() {
        return flushedEntries;
    }

    /** Heap bytes per window entry besides its table slot: its discovery record and its flushed record. */
    private long entryBytes() {
        return 8L * (2 + words) + 8L * stride;
    }

    /**
     * Whether the window should go to disk now, at a chunk boundary: its table needs to grow, and its growth, its
     * records and their flush would take the budget past what the next level keeps free (an eighth of
     * it, for the next frontier).
     */
    boolean full(LevelTable table) {
        if (shareBytes > 0) {   // tests: a window of at most shareBytes, at least one candidate
            return table.count() > 0 && table.bytes() + table.count() * entryBytes() > shareBytes;
        }
        if (!table.needsGrowth()) {
            return false;
        }
        long need = 2 * table.bytes() + table.count() * entryBytes();
        return budget.used() + need + budget.limit() / 8 > budget.limit();
    }

    /** The capacity of a window's first table: {@code wanted}, or less if the budget has less room. */
    long capacity(long wanted, long least) {
        long room = shareBytes > 0 ? shareBytes : budget.limit() - budget.used() - budget.limit() / 8;
        long slotBytes = 8L * LevelTable.stride(words, exact);
        long fits = (long) (Math.max(0, room) / (slotBytes + LevelTable.GROW_AT * entryBytes()));
        return Math.max(least, Math.min(wanted, fits));
    }

    /**
     * Writes the window's winners as one sorted run and releases {@code table}; false when the run
     * stops (disk failure, no memory). {@code run} runs a task on every worker.
     */
    boolean flush(LevelTable table, LevelWorker[] workers, java.util.function.Consumer<IntConsumer> run) {
        long[] kept = new long[workers.length];
        run.accept(i -> kept[i] = workers[i].keepWindowWinners());
        flushedEntries += table.count();
        table.release();
        long total = 0;
        long[] offsets = new long[workers.length];
        for (int i = 0; i < workers.length; i++) {
            offsets[i] = total;
            total += kept[i];
        }
        if (total * stride > MemoryBudget.MAX_ARRAY) {
            control.stop(RunControl.MEMORY);
            return false;
        }
        long[] records = budget.allocate(total * stride);
        if (records == null) {
            return false;
        }
        try {
            run.accept(i -> workers[i].moveWindowWinners(records, offsets[i]));
            RecordSort.sortBy(records, (int) total, stride, 0, prefix);
            SpillFile file = new SpillFile(dir, "level-window", stride, meter);
            runs.add(file);
            try (SpillFile.Writer w = file.writer()) {
                w.put(records, 0, (int) total);
            }
            meter.addWindow();
            return true;
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("a level's candidates", dir, e));
            return false;
        } finally {
            budget.free(records);
        }
    }

    /**
     * The level's new states: merges the runs against each other and against {@code seen} (the seen
     * set's run on disk, records of {@code prefix} longs in RecordSort's order; null if none) into the
     * window buckets; returns how many, or -1 when the run stops (disk failure).
     */
    long merge(SpillFile.Reader seen) {
        int k = runs.size();
        int buffer = SpillFile.bufferFor(2 * k + 1);
        SpillFile.Reader[] in = new SpillFile.Reader[k];
        SpillFile.Writer[] out = new SpillFile.Writer[k];
        boolean[] live = new boolean[k];
        buckets = new SpillFile[k];
        bucketCounts = new long[k];
        long[] current = new long[prefix];
        long winners = 0;
        try {
            for (int i = 0; i < k; i++) {
                in[i] = runs.get(i).reader(0, buffer);
                live[i] = in[i].next();
                buckets[i] = new SpillFile(dir, "level-winners", stride, meter);
                out[i] = buckets[i].writer(buffer);
            }
            boolean seenLive = seen != null && seen.next();
            while (true) {
                int min = -1;
                for (int i = 0; i < k; i++) {
                    if (live[i] && (min < 0 || RecordSort.compare(in[i].record, 0, in[min].record, 0, prefix) < 0)) {
                        min = i;   // ties keep the smallest window: the smallest key
                    }
                }
                if (min < 0) {
                    break;
                }
                long[] record = in[min].record;
                System.arraycopy(record, 0, current, 0, prefix);
                int c = 1;
                while (seenLive && (c = RecordSort.compare(seen.record, 0, current, 0, prefix)) < 0) {
                    seenLive = seen.next();
                }
                if (!(seenLive && c == 0)) {
                    out[min].put(record, 0, 1);
                    bucketCounts[min]++;
                    winners++;
                }
                for (int i = min; i < k; i++) {   // the later windows' offers of the same state lose
                    if (live[i] && RecordSort.compare(in[i].record, 0, current, 0, prefix) == 0) {
                        live[i] = in[i].next();
                    }
                }
            }
            for (SpillFile.Writer w : out) {
                w.close();
            }
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("a level's candidates", dir, e));
            return -1;
        }
        for (SpillFile r : runs) {
            r.close();
        }
        runs.clear();
        return winners;
    }

    /**
     * Stores the merged winners: bucket by bucket, in key order, each at the next position of
     * {@code next} (whose first global index is {@code nextStart}), in the seen set, with its parent
     * link; false when the run stops (disk failure, no memory).
     */
    boolean place(Admission admission, Frontier.Next next, long levelStart, long nextStart) {
        ParentLinks.Writer links = admission.links().writer();
        long[] rep = exact ? new long[words] : null;
        long offset = 0;
        for (int b = 0; b < buckets.length; b++) {
            long n = bucketCounts[b];
            if (n == 0) {
                continue;
            }
            long[] records = n * stride > MemoryBudget.MAX_ARRAY ? null : budget.allocate(n * stride);
            if (records == null) {
                control.stop(RunControl.MEMORY);
                return false;
            }
            try {
                SpillFile.Reader in = buckets[b].reader(0);
                for (int i = 0; i < n; i++) {
                    in.next();
                    System.arraycopy(in.record, 0, records, i * stride, stride);
                }
                buckets[b].close();
                RecordSort.sortBy(records, (int) n, stride, prefix, 1);
                for (int i = 0; i < n; i++, offset++) {
                    int base = i * stride;
                    if (exact) {
                        System.arraycopy(records, base + 1, rep, 0, words);
                    }
                    admission.insertWinner(records[base], rep);
                    next.place(offset, records, base + prefix + 1);
                    long key = records[base + prefix];
                    links.put(nextStart + offset, ParentLinks.fromDiscoverer(levelStart, key, actionCount));
                }
            } catch (IOException e) {
                control.stop(RunControl.diskFailure("a level's new states", dir, e));
                return false;
            } finally {
                budget.free(records);
            }
        }
        links.flush();
        close();
        return true;
    }

    /** Deletes every file of the level (after place, or when the run stops); ready for the next level. */
    @Override
    public void close() {
        for (SpillFile r : runs) {
            r.close();
        }
        runs.clear();
        for (SpillFile b : buckets) {
            if (b != null) {
                b.close();
            }
        }
        buckets = new SpillFile[0];
        bucketCounts = new long[0];
        flushedEntries = 0;
    }
}
