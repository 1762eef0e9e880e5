package trapcheck.kvm.spec;

import java.util.List;

/**
 * {@code check:}.
 *
 * @param invariants the invariant ids to check, in catalogue order; null for the default set
 *                   ({@code all}: every invariant, less api-apk-cleared-on-load when the policy is not lazy)
 * @param symmetry   identical pCPUs, vCPUs and VMs are interchangeable
 * @param maxDepth   0: unbounded
 */
public record CheckConfig(List<String> invariants, boolean symmetry, int maxDepth) {
    public CheckConfig {
        invariants = invariants == null ? null : List.copyOf(invariants);
    }
}
