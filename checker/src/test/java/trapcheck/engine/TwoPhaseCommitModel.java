package trapcheck.engine;

import java.util.List;

/**
 * Fixture: Stateright's {@code examples/2pc.rs} (Gray and Lamport's two-phase commit: a transaction
 * manager and {@code n} resource managers), packed into one word.
 *
 * <p>Bits 0-1: TM state (0 init, 1 committed, 2 aborted); bit 2: Commit message sent; bit 3: Abort
 * message sent; then 4 bits per RM r at 4 + 4r: RM state (2 bits: 0 working, 1 prepared,
 * 2 committed, 3 aborted), TM has seen r prepared (bit 2), Prepared{r} message sent (bit 3). The
 * RMs are interchangeable; the representative sorts their nibbles.
 *
 * <p>Actions, as in 2pc.rs: TmRcvPrepared(r) [0, n), TmCommit n, TmAbort n+1, RmPrepare(r),
 * RmChooseToAbort(r), RmRcvCommitMsg(r), RmRcvAbortMsg(r) in blocks of n from n+2.
 * Property 0 "consistent" (no RM aborted while another committed) always holds; with
 * {@code commitIsBug} property 1 "never-commits" breaks when an RM commits, first after 2n+2 steps.
 */
final class TwoPhaseCommitModel implements Model {
    private static final int WORKING = 0, PREPARED = 1, COMMITTED = 2, ABORTED = 3;
    private final int n;
    private final boolean commitIsBug;

    TwoPhaseCommitModel(int n, boolean commitIsBug) {
        if (n < 1 || n > 15) {
            throw new IllegalArgumentException("1..15 resource managers fit one word");
        }
        this.n = n;
        this.commitIsBug = commitIsBug;
    }

    @Override
    public int stateWords() {
        return 1;
    }

    @Override
    public int actionCount() {
        return 5 * n + 2;
    }

    @Override
    public String actionName(int a) {
        if (a < n) {
            return "TmRcvPrepared" + a;
        }
        if (a == n) {
            return "TmCommit";
        }
        if (a == n + 1) {
            return "TmAbort";
        }
        String[] names = {"RmPrepare", "RmChooseToAbort", "RmRcvCommitMsg", "RmRcvAbortMsg"};
        return names[(a - n - 2) / n] + (a - n - 2) % n;
    }

    @Override
    public List<Property> properties() {
        return List.of(new Property("consistent", "no RM aborted while another committed"),
                new Property("never-commits", "no RM ever commits (a planted bug)"));
    }

    @Override
    public List<long[]> initialStates() {
        return List.of(new long[] {0});
    }

    @Override
    public boolean hasSymmetry() {
        return true;
    }

    private static int tm(long s) {
        return (int) (s & 3);
    }

    private static int rm(long s, int r) {
        return (int) (s >>> (4 + 4 * r)) & 3;
    }

    private static boolean bit(long s, int r, int b) {
        return ((s >>> (4 + 4 * r + b)) & 1) != 0;
    }

    private static long withRm(long s, int r, int state) {
        int shift = 4 + 4 * r;
        return (s & ~(3L << shift)) | ((long) state << shift);
    }

    private long violations(long s) {
        boolean aborted = false, committed = false;
        for (int r = 0; r < n; r++) {
            aborted |= rm(s, r) == ABORTED;
            committed |= rm(s, r) == COMMITTED;
        }
        long mask = aborted && committed ? 1 : 0;
        if (commitIsBug && committed) {
            mask |= 2;
        }
        return mask;
    }

    @Override
    public Worker newWorker() {
        return new Worker() {
            private final long[] scratch = new long[1];

            @Override
            public long check(long[] state) {
                return violations(state[0]);
            }

            @Override
            public void successors(long[] state, Successors sink) {
                for (int a = 0; a < 5 * n + 2; a++) {
                    long broke = apply(state, a, scratch);
                    if (broke != NOT_ENABLED) {
                        sink.accept(a, scratch, broke);
                    }
                }
            }

            @Override
            public long apply(long[] state, int a, long[] next) {
                long s = state[0];
                long t;
                if (a < n) {
                    if (tm(s) != 0 || !bit(s, a, 3)) {
                        return NOT_ENABLED;
                    }
                    t = s | (1L << (4 + 4 * a + 2));
                } else if (a == n) {
                    if (tm(s) != 0) {
                        return NOT_ENABLED;
                    }
                    for (int r = 0; r < n; r++) {
                        if (!bit(s, r, 2)) {
                            return NOT_ENABLED;
                        }
                    }
                    t = (s & ~3L) | 1 | 4;
                } else if (a == n + 1) {
                    if (tm(s) != 0) {
                        return NOT_ENABLED;
                    }
                    t = (s & ~3L) | 2 | 8;
                } else {
                    int kind = (a - n - 2) / n;
                    int r = (a - n - 2) % n;
                    switch (kind) {
                        case 0 -> {
                            if (rm(s, r) != WORKING) {
                                return NOT_ENABLED;
                            }
                            t = withRm(s, r, PREPARED) | (1L << (4 + 4 * r + 3));
                        }
                        case 1 -> {
                            if (rm(s, r) != WORKING) {
                                return NOT_ENABLED;
                            }
                            t = withRm(s, r, ABORTED);
                        }
                        case 2 -> {
                            if ((s & 4) == 0) {
                                return NOT_ENABLED;
                            }
                            t = withRm(s, r, COMMITTED);
                        }
                        default -> {
                            if ((s & 8) == 0) {
                                return NOT_ENABLED;
                            }
                            t = withRm(s, r, ABORTED);
                        }
                    }
                }
                next[0] = t;
                return violations(t);
            }

            @Override
            public void representative(long[] state, long[] out) {
                long s = state[0];
                int[] nibbles = new int[n];
                for (int r = 0; r < n; r++) {
                    nibbles[r] = (int) (s >>> (4 + 4 * r)) & 15;
                }
                java.util.Arrays.sort(nibbles);
                long rep = s & 15;
                for (int r = 0; r < n; r++) {
                    rep |= (long) nibbles[r] << (4 + 4 * r);
                }
                out[0] = rep;
            }
        };
    }
}
