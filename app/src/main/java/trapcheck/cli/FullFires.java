package trapcheck.cli;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicInteger;
import trapcheck.engine.ForwardingModel;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Statistics;
import trapcheck.engine.StopSignal;
import trapcheck.engine.Verdict;
import trapcheck.review.PartialOrderLabel;

/**
 * The action fire counts a "never fired" line and a vacuity verdict are read from, made safe under
 * partial-order reduction. Without symmetry a reduced search fires every action a full one fires
 * (ENGINE.md, "Partial order"); with symmetry only a symmetric counterpart of each is guaranteed, so
 * an action that never fired there may fire in a full search. Such actions are looked for by a full
 * search, which stops as soon as every one of them has fired: no claim reaches the report that a
 * full search refutes.
 */
final class FullFires {
    /** The stop reason of a full search that saw every suspect fire. */
    static final String ALL_FIRED = "every action that did not fire under partial-order reduction fired";

    private FullFires() {
    }

    /** Whether a complete hold with these statistics needs the full search before its never-fired claims. */
    static boolean needed(Model model, Options options, Statistics s) {
        if (!PartialOrderLabel.reduced(s) || !options.symmetry() || !model.hasSymmetry()
                || s.actionFires() == null) {
            return false;
        }
        for (long f : s.actionFires()) {
            if (f == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The confirmed fire counts and the seconds the full search took (part of the time a check reports).
     *
     * @param fires   the counts {@link #of} gives
     * @param seconds the full search's time
     */
    record Confirmed(long[] fires, double seconds) {
    }

    /**
     * The reduced search's fire counts with every action that never fired in it but fires in a full
     * search counted as fired (its count there, or 1 for one that fired before the search stopped).
     * A full search stopped by a limit or an interrupt only removes the claims it refuted.
     *
     * @param options the reduced search's options (their stop signal also ends this search)
     */
    static Confirmed of(Engine engine, Model model, Options options, long[] reducedFires) {
        long[] out = reducedFires.clone();
        AtomicLongArray fired = new AtomicLongArray(out.length);
        AtomicInteger left = new AtomicInteger();
        boolean[] suspect = new boolean[out.length];
        for (int a = 0; a < out.length; a++) {
            if (out[a] == 0) {
                suspect[a] = true;
                left.incrementAndGet();
            }
        }
        StopSignal stop = options.stop();
        Model watched = new ForwardingModel(model) {
            @Override
            public Worker newWorker() {
                Worker w = model.newWorker();
                return expandingThrough(w, (state, sink) -> w.successors(state, (action, next, violations) -> {
                    if (suspect[action] && fired.getAndIncrement(action) == 0 && left.decrementAndGet() == 0
                            && stop != null) {
                        stop.request(ALL_FIRED);
                    }
                    sink.accept(action, next, violations);
                }));
            }
        };
        long began = System.nanoTime();
        Result full = engine.explore(watched, options.withPartialOrder(false).withCheckpoint(null, null));
        double seconds = full.stats() != null ? full.stats().seconds() : (System.nanoTime() - began) / 1e9;
        for (int a = 0; a < out.length; a++) {
            if (suspect[a] && fired.get(a) > 0) {
                out[a] = full.verdict() == Verdict.HOLDS ? full.stats().actionFires()[a] : fired.get(a);
            }
        }
        return new Confirmed(out, seconds);
    }
}
