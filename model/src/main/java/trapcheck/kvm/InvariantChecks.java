package trapcheck.kvm;

import java.lang.reflect.Method;
import java.util.List;
import trapcheck.kvm.spec.AuthClass;

/**
 * The invariants one spec checks, and the events of a thread step dispatched to them. Each event
 * returns the mask of the invariants the step breaks, over the model's properties: bit i is the
 * i-th selected invariant. An event goes only to the checks that override its method, so the hot
 * loop pays nothing for an event no selected invariant judges.
 */
final class InvariantChecks {
    /** The moments a check can judge, each one method of {@link InvariantCheck}. */
    enum Event {
        LOADED("loaded"), ENTERED("entered"), UNDEFINED("undefined"), EXECUTES("executes"), TRAPPED("trapped"),
        PUT("put"), UNDEF_INJECTED("undefInjected"), CPU_STATE("cpuState");

        /** The name of its method in {@link InvariantCheck}. */
        final String method;

        Event(String method) {
            this.method = method;
        }
    }

    private static final AuthClass[] CLASSES = AuthClass.values();

    /** The selected checks, in catalogue order; check i is property i. */
    final List<InvariantCheck> selected;
    /** By event ordinal: the selected checks that judge it. */
    private final InvariantCheck[][] judging;
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
        judging = new InvariantCheck[Event.values().length][];
        for (Event e : Event.values()) {
            judging[e.ordinal()] = selected.stream().filter(c -> overrides(c, e)).toArray(InvariantCheck[]::new);
        }
    }

    /** Gives every check the finished layout. */
    void bind(StateLayout layout) {
        for (InvariantCheck c : selected) {
            c.layout = layout;
        }
    }

    long loaded(long[] s, int p, int g, StepObserver observer) {
        return fire(Event.LOADED, s, p, g, null, 0, observer);
    }

    long entered(long[] s, int p, int g, StepObserver observer) {
        return fire(Event.ENTERED, s, p, g, null, 0, observer);
    }

    long undefined(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        return fire(Event.UNDEFINED, s, p, g, insn, 0, observer);
    }

    long executes(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        return fire(Event.EXECUTES, s, p, g, insn, 0, observer);
    }

    long trapped(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        return fire(Event.TRAPPED, s, p, g, insn, 0, observer);
    }

    long put(long[] s, int p, int g, StepObserver observer) {
        return fire(Event.PUT, s, p, g, null, 0, observer);
    }

    long undefInjected(long[] s, int p, int g, AuthClass trapped, int kind, StepObserver observer) {
        return fire(Event.UNDEF_INJECTED, s, p, g, null, trapped.ordinal() + AuthClass.values().length * kind, observer);
    }

    /** The state properties of pCPU p. */
    long cpuState(long[] s, int p, boolean returnedToUser, StepObserver observer) {
        return fire(Event.CPU_STATE, s, p, -1, null, returnedToUser ? 1 : 0, observer);
    }

    /** The state properties of every pCPU (an initial state, or a state checked on its own). */
    long state(long[] s, StepObserver observer) {
        long broken = 0;
        for (int p = 0; p < cpus; p++) {
            broken |= cpuState(s, p, false, observer);
        }
        return broken;
    }

    /** {@code arg}: the trapped class's ordinal plus the class count times the trap kind for UNDEF_INJECTED, 1 if returned to user for CPU_STATE. */
    private long fire(Event e, long[] s, int p, int g, World.GuestInsn insn, int arg, StepObserver observer) {
        long broken = 0;
        for (InvariantCheck c : judging[e.ordinal()]) {
            boolean breaks = switch (e) {
                case LOADED -> c.loaded(s, p, g, observer);
                case ENTERED -> c.entered(s, p, g, observer);
                case UNDEFINED -> c.undefined(s, p, g, insn, observer);
                case EXECUTES -> c.executes(s, p, g, insn, observer);
                case TRAPPED -> c.trapped(s, p, g, insn, observer);
                case PUT -> c.put(s, p, g, observer);
                case UNDEF_INJECTED -> c.undefInjected(s, p, g, CLASSES[arg % CLASSES.length], arg / CLASSES.length,
                        observer);
                case CPU_STATE -> c.cpuState(s, p, arg != 0, observer);
            };
            if (breaks) {
                broken |= c.bit;
            }
        }
        return broken;
    }

    /** Whether a check's class (or a superclass below InvariantCheck) declares the event's method. */
    static boolean overrides(InvariantCheck c, Event e) {
        for (Class<?> k = c.getClass(); k != InvariantCheck.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(e.method)) {
                    return true;
                }
            }
        }
        return false;
    }
}
