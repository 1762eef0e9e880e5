package trapcheck.kvm.spec;

import java.util.List;

/**
 * One edit of a spec's policy: a mutant (a mistake a kernel change could make) or a repair move.
 *
 * @param operator what kind of edit ({@link PolicyEdits#MUTATION_OPERATORS}, {@link PolicyEdits#REPAIR_MOVES})
 * @param at       where in the spec (or the base it extends) the edited thing stands
 * @param diff     the edit in one line: "trap.do[0].then[1]: save_host_keys -> (dropped)"
 * @param touched  what of the original policy the edit changes, moves or removes: an op by its
 *                 source path ({@link SourcePos#path()}), an if's branch by its path and " then" or
 *                 " else" (the coverage points of {@code trapcheck.kvm}'s compiled hooks): if none of
 *                 them ever runs, neither does the edit
 * @param policy   the edited policy
 */
public record PolicyEdit(String operator, SourcePos at, String diff, List<String> touched, Policy policy) {
    public PolicyEdit {
        touched = List.copyOf(touched);
    }
}
