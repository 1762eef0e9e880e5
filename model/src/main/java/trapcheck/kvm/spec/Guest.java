package trapcheck.kvm.spec;

import java.util.List;
import java.util.Set;

/**
 * What guests may do.
 *
 * @param actions        guest instructions modelled (all by default)
 * @param keys           key registers modelled, in {@link Key} order; ops naming others skip them
 * @param keyVersions    distinct values a guest may write to a key, per key (at least 1)
 * @param signedPointers track, per guest key, the version an outstanding signed pointer was signed
 *                       under and check it on auth (default false: it multiplies the state space)
 */
public record Guest(Set<GuestAction> actions, List<Key> keys, int keyVersions, boolean signedPointers) {
    public Guest {
        actions = Set.copyOf(actions);
        keys = List.copyOf(keys);
    }
}
