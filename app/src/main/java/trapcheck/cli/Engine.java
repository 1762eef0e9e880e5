package trapcheck.cli;

import trapcheck.engine.Explorer;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Result;

/** The exploration the CLI runs: {@link Explorer#explore} in production, a stand-in in tests. */
@FunctionalInterface
public interface Engine {

    Result explore(Model model, Options options);

    /** The engine of this module. */
    static Engine standard() {
        return Explorer::explore;
    }
}
