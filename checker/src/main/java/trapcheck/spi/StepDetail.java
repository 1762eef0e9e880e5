package trapcheck.spi;

import java.util.List;
import java.util.Set;

/**
 * What one step did, part by part, in the model's words: the parts a story shows on lines of their own
 * (the ops of a hook the step ran as one), and for each part the fields it wrote and where each value
 * came from, so that a report can follow a value back through the fields it was copied from
 * (register, then a save area, then a register) to the step that put it where it does harm.
 *
 * @param effects     the parts of the step, in the order they happened
 * @param toldByLabel fields whose change the step's label already tells; a text story leaves their
 *                    lines out (the trace file and the HTML keep them)
 */
public record StepDetail(List<Effect> effects, Set<String> toldByLabel) {

    public static final StepDetail NONE = new StepDetail(List.of(), Set.of());

    public StepDetail {
        effects = List.copyOf(effects);
        toldByLabel = Set.copyOf(toldByLabel);
    }

    /**
     * One part of a step, e.g. one op of a hook on one key.
     *
     * @param text     one line in the model's words ("vcpu_put: save_guest_keys[APIA] v1 -> save area"),
     *                 or null when the step's label says it already (a step of one op)
     * @param location where the spec asks for it (a policy op), or null for what the model does by
     *                 itself (a context switch loading the task's keys)
     * @param moves    the fields it wrote, in order
     */
    public record Effect(String text, SourceLocation location, List<Move> moves) {
        public Effect {
            moves = List.copyOf(moves);
        }
    }

    /**
     * One field written: {@code to} took the value {@code from} held at that moment, or, with
     * {@code from} null, a value the step made (a constant, a fresh key). Both are names of fields of
     * {@link CheckTarget#render}.
     */
    public record Move(String to, String from) {
    }
}
