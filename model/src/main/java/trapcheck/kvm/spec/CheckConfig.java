package trapcheck.kvm.spec;

import java.util.List;

/**
 * {@code check:}.
 *
 * @param invariants the invariant ids to check, in catalogue order; null for the default set
 *                   ({@code all}: every invariant, less api-apk-cleared-on-load when the policy is not lazy)
 * @param symmetry   identical pCPUs, vCPUs and VMs are interchangeable
 * @param maxDepth   0: unbounded
 * @param strict     a vacuous hold (a vCPU that asked for ptrauth never entered the guest) fails
 * @param apiApkListedAt where {@code invariants} lists api-apk-cleared-on-load, or null: on a
 *                   non-lazy policy it can never break, which deserves a warning (where it was
 *                   written, not what it says: no part of the model's identity)
 */
public record CheckConfig(List<String> invariants, boolean symmetry, int maxDepth, boolean strict,
                          SourcePos apiApkListedAt) {
    public CheckConfig {
        invariants = invariants == null ? null : List.copyOf(invariants);
    }

    /** Not strict. */
    public CheckConfig(List<String> invariants, boolean symmetry, int maxDepth) {
        this(invariants, symmetry, maxDepth, false, null);
    }
}
