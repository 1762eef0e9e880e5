package trapcheck.engine;

/** A request from outside (a signal handler, a test) to stop an exploration early. Thread-safe. */
public final class StopSignal {
    private volatile String reason;

    /** Asks the exploration to stop; it ends {@link Verdict#INCOMPLETE} with this reason. */
    public void request(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    public boolean requested() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }
}
