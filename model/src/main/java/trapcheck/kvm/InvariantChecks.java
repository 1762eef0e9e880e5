package trapcheck.kvm;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Predicate;
import trapcheck.kvm.spec.AuthClass;

/**
 * The invariants one spec checks, and the events of a thread step dispatched to them. Each event
 * returns the mask of the invariants the step breaks, over the model's properties: bit i is the
 * i-th selected invariant. An event goes only to the checks that override it, so the hot loop
 * pays nothing for an event no selected invariant judges.
 */
final class InvariantChecks {
    /** The selected checks, in catalogue order; check i is property i. */
    final List<InvariantCheck> selected;
    private final InvariantCheck[] onLoaded;
    private final InvariantCheck[] onEntered;
    private final InvariantCheck[] onUndefined;
    private final InvariantCheck[] onExecutes;
    private final InvariantCheck[] onTrapped;
    private final InvariantCheck[] onPut;
    private final InvariantCheck[] onUndefInjected;
    private final InvariantCheck[] onCpuState;
    private final int cpus;

    InvariantChecks(List<InvariantCheck> selected, int cpus) {
        if (selected.size() > 63) {
            throw new IllegalArgumentException("at most 63 invariants fit a property mask");
        }
        this.selected = List.copyOf(selected);
        this.cpus = cpus;
        for (int i = 0; i < selected.size(); i++) {
            selected.get(i).bit = 1L << i;
        }
        onLoaded = overriding("loaded");
        onEntered = overriding("entered");
        onUndefined = overriding("undefined");
        onExecutes = overriding("executes");
        onTrapped = overriding("trapped");
        onPut = overriding("put");
        onUndefInjected = overriding("undefInjected");
        onCpuState = overriding("cpuState");
    }

    /** Gives every check the finished layout. */
    void bind(StateLayout layout) {
        for (InvariantCheck c : selected) {
            c.layout = layout;
        }
    }

    long loaded(long[] s, int p, int g, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onLoaded) {
            if (c.loaded(s, p, g, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    long entered(long[] s, int p, int g, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onEntered) {
            if (c.entered(s, p, g, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    long undefined(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onUndefined) {
            if (c.undefined(s, p, g, insn, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    long executes(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onExecutes) {
            if (c.executes(s, p, g, insn, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    long trapped(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onTrapped) {
            if (c.trapped(s, p, g, insn, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    long put(long[] s, int p, int g, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onPut) {
            if (c.put(s, p, g, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    long undefInjected(long[] s, int p, int g, AuthClass trapped, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onUndefInjected) {
            if (c.undefInjected(s, p, g, trapped, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    /** The state properties of pCPU p. */
    long cpuState(long[] s, int p, boolean returnedToUser, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : onCpuState) {
            if (c.cpuState(s, p, returnedToUser, observer)) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    /** The state properties of every pCPU (an initial state, or a state checked on its own). */
    long state(long[] s, StepObserver observer) {
        long broken = 0;
        for (int p = 0; p < cpus; p++) {
            broken |= cpuState(s, p, false, observer);
        }
        return broken;
    }

    private InvariantCheck[] overriding(String event) {
        return selected.stream().filter(overrides(event)).toArray(InvariantCheck[]::new);
    }

    /** Whether a check's class (or a superclass below InvariantCheck) declares the event method. */
    static Predicate<InvariantCheck> overrides(String event) {
        return c -> {
            for (Class<?> k = c.getClass(); k != InvariantCheck.class; k = k.getSuperclass()) {
                for (Method m : k.getDeclaredMethods()) {
                    if (m.getName().equals(event)) {
                        return true;
                    }
                }
            }
            return false;
        };
    }
}
