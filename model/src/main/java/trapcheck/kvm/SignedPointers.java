package trapcheck.kvm;

import java.util.ArrayList;
import java.util.List;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

/**
 * Which outstanding signed pointers are state, and how a token is packed. A token (per vCPU and
 * key, 0: none) records what an AUT must match for the pointer to authenticate: with
 * {@code guest.signed_pointers} the key version it was signed under; and the algorithm of the
 * pCPU where the PAC ran, whenever that can change a verdict: guest-keys-intact checked, the guest
 * signs and authenticates, and the online pCPUs implement the key's class with two or more
 * algorithms (a pointer signed under QARMA5 fails under QARMA3). Elsewhere no token is state, so a
 * uniform machine explores what it did before.
 */
final class SignedPointers {
    /** Tokens record the version (guest.signed_pointers, with sign among the guest's actions). */
    final boolean versions;
    /** [key index]: the algorithms a token tells apart (empty: the algorithm is not recorded). */
    private final Algorithm[][] algorithms;
    private final int keyVersions;

    SignedPointers(Spec spec, World world, List<InvariantCheck> checks) {
        java.util.Set<GuestAction> actions = spec.guest().actions();
        boolean signs = actions.contains(GuestAction.SIGN);
        versions = spec.guest().signedPointers() && signs;
        keyVersions = world.keyVersions;
        boolean judged = signs && actions.contains(GuestAction.AUTH)
                && checks.stream().anyMatch(c -> c.invariant == Invariant.GUEST_KEYS_INTACT);
        algorithms = new Algorithm[world.keys.length][];
        for (int k = 0; k < world.keys.length; k++) {
            int cls = world.keys[k].authClass().ordinal();
            List<Algorithm> seen = new ArrayList<>();
            for (int p = 0; p < world.cpus; p++) {
                Algorithm a = world.cpuAlg[p][cls];
                if (!world.parked[p] && a != Algorithm.NONE && !seen.contains(a)) {
                    seen.add(a);
                }
            }
            algorithms[k] = judged && seen.size() >= 2 ? seen.toArray(new Algorithm[0]) : new Algorithm[0];
        }
    }

    /** Whether key k's outstanding pointer is state at all. */
    boolean tracked(int k) {
        return versions || recordsAlgorithm(k);
    }

    boolean recordsAlgorithm(int k) {
        return algorithms[k].length > 0;
    }

    /** How many values key k's token takes (0 included). */
    int values(int k) {
        return 1 + (versions ? keyVersions : 1) * Math.max(1, algorithms[k].length);
    }

    /** The token of a pointer signed under {@code version} with {@code alg}. */
    int token(int k, int version, Algorithm alg) {
        int a = 0;
        for (int i = 0; i < algorithms[k].length; i++) {
            if (algorithms[k][i] == alg) {
                a = i;
            }
        }
        return 1 + (versions ? version : 0) * Math.max(1, algorithms[k].length) + a;
    }

    /** A token's version (0 when versions are not recorded). */
    int version(int k, int token) {
        return versions ? (token - 1) / Math.max(1, algorithms[k].length) : 0;
    }

    /** A token's algorithm, or null when the algorithm is not recorded. */
    Algorithm algorithm(int k, int token) {
        return recordsAlgorithm(k) ? algorithms[k][(token - 1) % algorithms[k].length] : null;
    }
}
