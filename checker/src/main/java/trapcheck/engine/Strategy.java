package trapcheck.engine;

/** How the state space is walked. All strategies share one exploration loop. */
public enum Strategy {
    /** Level by level; the counterexample is a shortest one. Parallel with several threads. */
    BFS,
    /** Depth first; finds a counterexample fast, not a short one. */
    DFS,
    /** Seeded random walks from the initial states; never proves anything holds. */
    SIMULATION
}
