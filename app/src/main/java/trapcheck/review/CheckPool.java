package trapcheck.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.StopSignal;
import trapcheck.engine.Strategy;
import trapcheck.spi.CheckTarget;

/**
 * Runs the many small checks of {@code mutate}, {@code sweep} and {@code repair}: each a breadth-first
 * exploration on one thread with its own state budget, as many at once as there are threads, all
 * within one overall time limit and one stop signal (an interrupt). A job that has not started when
 * the time is up or a stop is requested is not run: its result is null. Progress (items done of all,
 * the rate) goes to a sink at most once a second.
 */
public final class CheckPool implements AutoCloseable {

    /**
     * @param threads      checks run at once
     * @param maxStates    the state budget of each check (0: none)
     * @param maxSeconds   the time limit of all the work (0: none)
     * @param stop         requested on an interrupt
     * @param partialOrder the checks ({@link #check}) reduce by partial order; other explorations never do
     */
    public record Limits(int threads, long maxStates, double maxSeconds, StopSignal stop, boolean partialOrder) {
    }

    /** Receives progress lines. */
    @FunctionalInterface
    public interface ProgressSink {
        ProgressSink NONE = line -> { };

        void progress(String line);
    }

    private final Reviewer.Exploration engine;
    private final Limits limits;
    private final ProgressSink progress;
    private final long start = System.nanoTime();
    private final ExecutorService executor;

    public CheckPool(Reviewer.Exploration engine, Limits limits, ProgressSink progress) {
        this.engine = engine;
        this.limits = limits;
        this.progress = progress;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(limits.threads(), r -> {
            Thread t = new Thread(r, "trapcheck-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Limits limits() {
        return limits;
    }

    /** Seconds since the pool was made. */
    public double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Whether no more work should start: the time is up or a stop was requested. */
    public boolean stopped() {
        return limits.stop().requested() || limits.maxSeconds() > 0 && seconds() >= limits.maxSeconds();
    }

    /** Why work stopped ("interrupted", "--max-seconds 60"), or null while it goes on. */
    public String stoppedBy() {
        if (limits.stop().requested()) {
            return limits.stop().reason();
        }
        return stopped() ? "--max-seconds " + fmt(limits.maxSeconds()) : null;
    }

    /**
     * A breadth-first check of the target's model, on this thread: with partial-order reduction when the
     * limits say so (the same verdict, violated properties and shortest counterexample as in full; the
     * counts are then of the reduced state space, {@code stats().partialOrder()}).
     */
    public Result check(CheckTarget target) {
        return engine.explore(target.model(), options(target.settings(), limits.stop())
                .withPartialOrder(limits.partialOrder()));
    }

    /**
     * A breadth-first exploration of a model with the target settings' symmetry and depth bound, in
     * full: coverage, goals and lockstep comparisons judge every state, which a reduced search skips.
     */
    public Result explore(Model model, CheckTarget.Settings settings) {
        return explore(model, settings, limits.stop());
    }

    /**
     * The same, stopped by {@code stop} instead of the pool's signal (for a run that ends itself once it
     * has seen what it looks for); it does not start when the pool is stopped.
     */
    public Result explore(Model model, CheckTarget.Settings settings, StopSignal stop) {
        return engine.explore(model, options(settings, stop));
    }

    private Options options(CheckTarget.Settings settings, StopSignal stop) {
        if (limits.stop().requested()) {
            stop.request(limits.stop().reason());
        }
        double left = limits.maxSeconds() > 0 ? Math.max(0.001, limits.maxSeconds() - seconds()) : 0;
        return Options.defaults().withStrategy(Strategy.BFS).withThreads(1)
                .withSymmetry(settings == null || settings.symmetry())
                .withLimits(limits.maxStates(), settings == null ? 0 : settings.maxDepth(), left, 0)
                .withStop(stop);
    }

    /**
     * Applies {@code job} to every item on the pool's threads; the results in item order, null for an
     * item not run because work stopped first.
     *
     * @param what what the items are, for progress lines ("mutants of v5.2-lazy-host-trap")
     */
    public <T, R> List<R> map(String what, List<T> items, Function<T, R> job) {
        AtomicInteger done = new AtomicInteger();
        long[] lastReport = {System.nanoTime()};
        double began = seconds();
        List<Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(executor.submit(() -> {
                if (stopped()) {
                    return null;
                }
                R r = job.apply(item);
                int d = done.incrementAndGet();
                report(what, d, items.size(), began, lastReport, false);
                return r;
            }));
        }
        List<R> out = new ArrayList<>();
        for (Future<R> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                limits.stop().request("interrupted");
                out.add(null);
            } catch (ExecutionException e) {
                futures.forEach(x -> x.cancel(true));
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
        report(what, done.get(), items.size(), began, lastReport, true);
        return out;
    }

    private void report(String what, int done, int total, double began, long[] last, boolean always) {
        long now = System.nanoTime();
        synchronized (last) {
            if (!always && now - last[0] < 1_000_000_000L) {
                return;
            }
            last[0] = now;
        }
        double elapsed = seconds() - began;
        progress.progress(String.format(Locale.ROOT, "%d/%d %s, %.1f/s, %.1f s", done, total, what,
                elapsed > 0 ? done / elapsed : 0.0, seconds()));
    }

    static String fmt(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
