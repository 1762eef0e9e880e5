package trapcheck.engine;

/** How the state space is walked. All strategies share one exploration loop. */
public enum Strategy {
    /** Level by level; the counterexample is a shortest one. Parallel with several threads. */
    BFS,
    /** Depth first; finds a counterexample fast, not a short one. */
    DFS,
    /**
     * Seeded random walks from the initial states; never proves anything holds. A walk computes the
     * successors of its state to choose one, then takes the chosen step with
     * {@link Model.Worker#apply}: an instrumented model sees the steps walks take as its apply calls.
     */
    SIMULATION
}
