package trapcheck.engine;

/*
 * The one way a state enters a search, whatever the strategy:
 *
 *   seen?        the seen set decides, by representative (known);
 *   limit        max-states: once that many states are stored, the next new one is refused and the
 *                run stops "max-states"; a run that is already stopping admits nothing more;
 *   insert       the seen set stores it, and it gets the next global index (the order of storing);
 *   parent link  the link file records how it was reached, for trace reconstruction.
 *
 * DFS, simulation and the initial states of every strategy take the four steps at once, on one
 * thread (admit, admitInitial: initial states are never refused by max-states, a run holds at least
 * them). BFS takes the same steps split by its level barrier, because a new state's discoverer is
 * the smallest key over the whole level: seen? while the level is expanded (known, any number of
 * threads), the limit and a provisional entry in the LevelTable (whose entry count is the allowance
 * handed out here), then, once the level's winners are known, the insert (reserve, insertWinner,
 * admitted) and the link of each winner at its index in the next frontier.
 *
 * Simulation keeps no links (a walk's trace is the walk itself): links is null there.
 */
final class Admission {
    /** admit: the state was stored before. */
    static final long KNOWN = -1;
    /** admit: the state is new but a limit (max-states, memory) refused it; the run is stopping. */
    static final long REFUSED = -2;

    private final long maxStates;
    private final RunControl control;
    private SeenSet seen;
    private ParentLinks links;

    Admission(SeenSet seen, ParentLinks links, long maxStates, RunControl control) {
        this.seen = seen;
        this.links = links;
        this.maxStates = maxStates;
        this.control = control;
    }

    SeenSet seen() {
        return seen;
    }

    /** The parent links; null in simulation. */
    ParentLinks links() {
        return links;
    }

    /** States stored so far. */
    long count() {
        return seen.count();
    }

    /** Seen? (read-only: safe on any number of threads while nothing is inserted). */
    boolean known(long fp, long[] rep) {
        return seen.contains(fp, rep);
    }

    /**
     * Whether the state is stored, in memory or on disk (known answers for memory only while a
     * spilled set's level is expanded), and grounded: SeenSet.storedKind, for partial order's
     * proviso, the same answer on every thread.
     */
    int storedKind(long fp, long[] rep) {
        return seen.storedKind(fp, rep);
    }

    /** Touches what known or insertWinner of fp reads first (SeenSet.prefetch); returns what it read. */
    long prefetch(long fp) {
        return seen.prefetch(fp);
    }

    /**
     * All four steps on one thread: the new state's global index, {@link #KNOWN} or {@link #REFUSED}.
     * {@code writer} is null when the search keeps no links.
     */
    long admit(long fp, long[] rep, ParentLinks.Writer writer, long link) {
        if (known(fp, rep)) {
            return KNOWN;
        }
        if (maxStates > 0 && seen.count() >= maxStates) {
            control.stop(RunControl.MAX_STATES);
            return REFUSED;
        }
        if (control.reason() != null) {
            return REFUSED;
        }
        return store(fp, rep, writer, link);
    }

    /** Initial state {@code ordinal}: its index, {@link #KNOWN} (a duplicate) or {@link #REFUSED} (memory). */
    long admitInitial(long fp, long[] rep, ParentLinks.Writer writer, int ordinal) {
        return known(fp, rep) ? KNOWN : store(fp, rep, writer, ParentLinks.initialLink(ordinal));
    }

    private long store(long fp, long[] rep, ParentLinks.Writer writer, long link) {
        if (!seen.ensureCapacity(seen.count() + 1)) {
            return REFUSED;
        }
        seen.insertNew(fp, rep);
        long index = seen.count();
        seen.addCount(1);
        if (writer != null) {
            writer.put(index, link);
        }
        return index;
    }

    /** BFS limit: how many new states a level may still take (the LevelTable's allowance). */
    long allowance() {
        return maxStates > 0 ? Math.max(0, maxStates - seen.count()) : Long.MAX_VALUE;
    }

    /**
     * BFS seen?, at the end of a level: marks known in {@code table} the candidates the seen set holds
     * on disk (contains only answered for memory); how many, or -1 if the run stops (I/O, memory).
     */
    long dropSpilled(LevelTable table) {
        return seen instanceof SpillingSeenSet s ? s.dropSpilled(table) : 0;
    }

    /** The seen set's states on disk, in order (LevelWindows.merge); null if none. */
    SpillFile.Reader spilledSeen() {
        return seen instanceof SpillingSeenSet s ? s.spilledRecords() : null;
    }

    /** BFS insert, first: room for a level's {@code winners}; false if the memory budget refused. */
    boolean reserve(long winners) {
        return seen.ensureCapacityBetweenLevels(seen.count() + winners);
    }

    /** BFS insert: one winner of the level; concurrent for distinct states, after {@link #reserve}. */
    void insertWinner(long fp, long[] rep) {
        seen.insertNew(fp, rep);
    }

    /** BFS insert, last: the level's {@code winners} are stored and take the next indices. */
    void admitted(long winners) {
        seen.addCount(winners);
        seen.endBatch();
    }

    /** Returns the seen set's memory and deletes the link file (before a resume, or at the end). */
    void release() {
        seen.release();
        if (links != null) {
            links.close();
        }
    }

    /** Takes the seen set and links of a checkpoint (BFS resume), after {@link #release}. */
    void restore(SeenSet restoredSeen, ParentLinks restoredLinks) {
        seen = restoredSeen;
        links = restoredLinks;
    }
}
