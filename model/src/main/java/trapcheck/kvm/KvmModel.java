package trapcheck.kvm;

import java.util.List;
import java.util.function.Function;
import trapcheck.engine.Model;
import trapcheck.engine.Property;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

/**
 * The KVM/arm64 ptrauth world of one spec as a {@link Model}: packed states ({@link StateLayout}),
 * one action per thread step ({@link Actions}, executed by {@link ThreadSteps}), the invariants the
 * spec selects as properties ({@link InvariantCatalogue}), and symmetry through {@link Canonicalizer}.
 */
public final class KvmModel implements Model {
    final World world;
    final CompiledPolicy policy;
    final StateLayout layout;
    final InvariantChecks checks;
    final ThreadSteps steps;
    final Actions actions;
    final KeySymmetry keySymmetry;
    final SignedPointers signed;
    final Footprints footprints;
    /**
     * At most one unparked pCPU: the thread running there, if any, is the only one that can move,
     * so its steps are every enabled step and an ample set of them would postpone nothing (the
     * states are better expanded in full: no proviso lookups, and they count as grounded).
     */
    private final boolean nothingToReduce;
    private final List<Invariant> selected;
    private final List<Property> properties;
    private final boolean symmetric;
    private final Spec spec;
    private String identity;

    public KvmModel(Spec spec) {
        this(spec, world -> InvariantCatalogue.selected(spec, world));
    }

    /** The spec's world checked for the given invariants instead of the spec's (tests bring their own). */
    KvmModel(Spec spec, Function<World, List<InvariantCheck>> invariants) {
        this.spec = spec;
        world = new World(spec);
        policy = new CompiledPolicy(spec.policy(), world);
        checks = new InvariantChecks(invariants.apply(world), world.cpus);
        boolean writes = spec.guest().actions().contains(GuestAction.KEY_WRITE) && world.keyVersions > 1;
        signed = new SignedPointers(spec, world, checks.selected);
        layout = new StateLayout(world, policy, writes, signed, checks.selected);
        checks.bind(layout);
        actions = new Actions(world);
        steps = new ThreadSteps(world, layout, policy, checks, actions, signed);
        footprints = new Footprints(world, layout, actions);
        nothingToReduce = world.cpus - Long.bitCount(world.parkedMask) <= 1;
        keySymmetry = new KeySymmetry(world, policy.programs(), policy.hostContextHandlers());
        selected = checks.selected.stream().map(c -> c.invariant).toList();
        properties = checks.selected.stream().map(c -> new Property(c.invariant.id(), c.definition)).toList();
        symmetric = spec.check().symmetry() && (Canonicalizer.hasSymmetry(world) || keySymmetry.any());
    }

    public List<Invariant> invariants() {
        return selected;
    }

    /** Bits of the packed state vector (before rounding up to words). */
    public int stateBits() {
        return layout.bits;
    }

    @Override
    public int stateWords() {
        return layout.words;
    }

    @Override
    public int actionCount() {
        return actions.count;
    }

    @Override
    public String actionName(int action) {
        return actions.name(world, action);
    }

    @Override
    public List<Property> properties() {
        return properties;
    }

    @Override
    public List<long[]> initialStates() {
        return List.of(steps.initialState());
    }

    @Override
    public boolean hasSymmetry() {
        return symmetric;
    }

    /** What the spec defines and the semantics' revision ({@link ModelIdentity}), computed on first use. */
    @Override
    public synchronized String identity() {
        if (identity == null) {
            identity = ModelIdentity.of(spec);
        }
        return identity;
    }

    @Override
    public Worker newWorker() {
        return new KvmWorker(this, null);
    }

    /** A worker that reports explanations, coverage and counters of every step to the observer. */
    Worker newWorker(StepObserver observer) {
        return new KvmWorker(this, observer);
    }

    /** A symmetry reducer for this model's states; one per thread (it keeps scratch). */
    Canonicalizer newCanonicalizer() {
        return new Canonicalizer(world, layout, keySymmetry);
    }

    /**
     * Applies action a to s, writing the successor to n; returns the mask of the properties the step
     * breaks, or {@link ThreadSteps#NOT_ENABLED}.
     */
    long step(long[] s, int a, long[] n, StepObserver observer) {
        return steps.step(s, a, steps.cpuOf(s, actions.thread[a]), n, observer);
    }

    /** An invariant's definition (a checked invariant's is its property's description). */
    String definitionOf(Invariant invariant) {
        return InvariantCatalogue.check(invariant, spec, world).definition;
    }

    /** Per-thread scratch and the engine's view of steps. */
    static final class KvmWorker implements Worker {
        private final KvmModel model;
        private final StepObserver observer;
        private final long[] next;
        private final int[] runningOn;
        /** ampleSets' qualifying threads and their enabled steps, in the order offered. */
        private final int[] candidate;
        private final int[] candidateSize;
        private final Canonicalizer canon;

        KvmWorker(KvmModel model, StepObserver observer) {
            this.model = model;
            this.observer = observer;
            this.next = new long[model.layout.words];
            this.runningOn = new int[model.world.threadCount()];
            this.candidate = new int[model.world.threadCount()];
            this.candidateSize = new int[model.world.threadCount()];
            this.canon = model.newCanonicalizer();
        }

        @Override
        public long check(long[] state) {
            return model.checks.state(state, observer);
        }

        /** Fills {@link #runningOn} (thread to pCPU, -1: nowhere); returns the mask of busy pCPUs. */
        private long findRunning(long[] state) {
            int[] on = runningOn;
            java.util.Arrays.fill(on, -1);
            StateLayout layout = model.layout;
            int cpus = model.world.cpus;
            long busy = model.world.parkedMask;   // a parked pCPU takes no thread
            for (int p = 0; p < cpus; p++) {
                int t = layout.cpuThread[p].get(state);
                if (t != 0) {
                    on[t] = p;
                    busy |= 1L << p;
                }
            }
            return busy;
        }

        @Override
        public void successors(long[] state, Successors sink) {
            successors(state, sink, findRunning(state), 0, model.actions.count);
        }

        /**
         * The enabled steps of each thread whose steps are an ample set ({@link Footprints}), fewest
         * first (a thread that branches less stores fewer states), thread order among equals.
         */
        @Override
        public void ampleSets(long[] state, AmpleSets sink) {
            if (model.nothingToReduce) {
                return;
            }
            long busy = findRunning(state);
            Footprints footprints = model.footprints;
            int n = 0;
            for (int t = 1; t < runningOn.length; t++) {
                int p = runningOn[t];
                if (p >= 0 && footprints.qualifies(state, t, p)) {
                    int size = model.steps.enabledCount(state, footprints.firstAction(t), footprints.endAction(t), p);
                    int i = n++;
                    for (; i > 0 && candidateSize[i - 1] > size; i--) {   // insertion: stable, fewest first
                        candidate[i] = candidate[i - 1];
                        candidateSize[i] = candidateSize[i - 1];
                    }
                    candidate[i] = t;
                    candidateSize[i] = size;
                }
            }
            for (int i = 0; i < n; i++) {
                int t = candidate[i];
                if (candidateSize[i] == 0) {
                    continue;
                }
                successors(state, sink, busy, footprints.firstAction(t), footprints.endAction(t));
                if (!sink.endSet()) {
                    return;
                }
            }
        }

        /** The enabled actions among [from, to), with {@link #runningOn} and the busy pCPUs filled in. */
        private void successors(long[] state, Successors sink, long busy, int from, int to) {
            int[] on = runningOn;
            Actions act = model.actions;
            for (int a = from; a < to; a++) {
                int p = on[act.thread[a]];
                if (act.kind[a] == Actions.SWITCH_IN) {
                    if (p >= 0 || (busy & (1L << act.cpu[a])) != 0) {
                        continue;
                    }
                } else if (p < 0) {
                    continue;
                }
                long broken = model.steps.step(state, a, p, next, observer);
                if (broken != ThreadSteps.NOT_ENABLED) {
                    sink.accept(a, next, broken);
                }
            }
        }

        @Override
        public long apply(long[] state, int action, long[] out) {
            long broken = model.step(state, action, out, observer);
            return broken == ThreadSteps.NOT_ENABLED ? NOT_ENABLED : broken;
        }

        @Override
        public void representative(long[] state, long[] out) {
            canon.canonicalize(state, out);
        }
    }
}
