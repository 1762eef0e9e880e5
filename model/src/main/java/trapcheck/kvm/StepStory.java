package trapcheck.kvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.SourcePos;
import trapcheck.spi.Evidence;
import trapcheck.spi.SourceLocation;
import trapcheck.spi.StepDetail;

import static trapcheck.kvm.StateLayout.LOC_HANDLER;

/**
 * What a step of a {@link KvmModel} did, for counterexamples: each op a hook ran (one line per key a
 * key op moved, so that a missing op is a missing line), every field it wrote and where the value came
 * from, the fields the step's label already tells, which fields show a broken invariant, and the
 * structured readings of keys (owner, version) and trap bits. It re-runs the step with an observer;
 * the exploration never pays for it.
 */
final class StepStory {
    private final KvmModel model;
    private final World world;
    private final StateLayout layout;
    private final Path specFile;

    StepStory(KvmModel model, Path specFile) {
        this.model = model;
        this.world = model.world;
        this.layout = model.layout;
        this.specFile = specFile;
    }

    StepDetail detail(long[] before, int a) {
        Recorder r = new Recorder();
        model.step(before, a, new long[layout.words], r);
        List<StepDetail.Effect> effects = new ArrayList<>();
        boolean handler = model.actions.kind[a] == Actions.HANDLER;
        long ops = r.effects.stream().filter(e -> e.op != null).map(e -> e.op).distinct().count();
        for (Recorder.Part e : r.effects) {
            // A handler step runs one op, which its label names already.
            String text = e.op == null || (handler && ops == 1) ? null : e.text;
            effects.add(new StepDetail.Effect(text, e.op == null ? null : location(e.op.pos()), e.moves));
        }
        return new StepDetail(effects, toldByLabel(before, a));
    }

    /** The fields whose change the label of action a says: where the thread is, what runs where. */
    private Set<String> toldByLabel(long[] before, int a) {
        Set<String> told = new LinkedHashSet<>();
        int t = model.actions.thread[a];
        int g = world.threadVcpu(t);
        int kind = model.actions.kind[a];
        int p = kind == Actions.SWITCH_IN ? model.actions.cpu[a] : model.steps.cpuOf(before, t);
        if (p >= 0) {
            told.add(world.cpuNames[p] + ".mode");
        }
        if ((kind == Actions.SWITCH_IN || kind == Actions.PREEMPT) && p >= 0) {
            told.add(world.cpuNames[p] + ".runs");
        }
        if (g >= 0) {
            String v = world.vcpuNames[g];
            if (kind == Actions.SWITCH_IN || kind == Actions.PREEMPT) {
                told.add(v + ".on");
            }
            long[] after = new long[layout.words];
            model.step(before, a, after, null);
            // Where the thread is: the label says it, except where a handler's last step returns to KVM_RUN.
            if (kind != Actions.HANDLER || layout.vcpuLoc[g].get(after) >= LOC_HANDLER) {
                told.add(v + ".where");
            }
            if (kind == Actions.HANDLER) {
                told.add(v + ".op_target");
            }
        }
        return told;
    }

    Evidence evidence(long[] before, int a, long[] after, String invariantId) {
        Invariant inv = Invariant.byId(invariantId);
        Set<String> fields = new LinkedHashSet<>();
        boolean[] broken = new boolean[1];
        SourcePos[] undef = new SourcePos[1];
        StepObserver observer = new StepObserver() {
            @Override
            public void broken(Invariant i, String why) {
                broken[0] |= i == inv;
            }

            @Override
            public void shows(Invariant i, String... f) {
                if (i == inv) {
                    fields.addAll(List.of(f));
                }
            }

            @Override
            public void op(HookProgram prog, int i) {
                if (prog.op[i] instanceof Op.Simple sm && sm.kind() == Op.Simple.Kind.INJECT_UNDEF) {
                    undef[0] = sm.pos();
                }
            }
        };
        if (before == null) {
            model.checks.state(after, observer);
        } else {
            model.step(before, a, new long[layout.words], observer);
        }
        if (fields.isEmpty() && broken[0]) {
            // No field holds it (a feature the ID registers contradict): the step itself, at an injected UNDEF.
            return new Evidence(List.of(), undef[0] == null ? null : location(undef[0]));
        }
        return new Evidence(List.copyOf(fields), null);
    }

    /** Keys as {owner, version} (version only for a guest's key), trap bits as {API, APK} booleans. */
    Map<String, Map<String, Object>> structured(long[] s) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int p = 0; p < world.cpus; p++) {
            out.put(StateView.cpuHcr(world, p), bits(layout.cpuApi[p].bit(s), layout.cpuApk[p].bit(s)));
            for (int k = 0; k < world.keys.length; k++) {
                out.put(StateView.register(world, p, k), key(layout.cpuReg[p][k].get(s)));
            }
            for (int k = 0; k < world.keys.length; k++) {
                out.put(StateView.hostContext(world, p, k), key(layout.cpuHostCtx[p][k].get(s)));
            }
        }
        for (int g = 0; g < world.vcpus; g++) {
            out.put(StateView.vcpuHcr(world, g), bits(layout.vcpuApi[g].bit(s), layout.vcpuApk[g].bit(s)));
            for (int k = 0; k < world.keys.length; k++) {
                out.put(StateView.saveArea(world, g, k), key(layout.vcpuSave[g][k].get(s)));
            }
        }
        return out;
    }

    private Map<String, Object> key(int value) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (value == 0) {
            m.put("owner", "nobody");
        } else if (world.otherKeyTask(value) >= 0 || world.vmmKeyVm(value) >= 0) {
            m.put("owner", world.keyName(value));
        } else {
            m.put("owner", world.vcpuNames[world.guestKeyVcpu(value)]);
            m.put("version", world.guestKeyVersion(value));
        }
        return m;
    }

    private static Map<String, Object> bits(boolean api, boolean apk) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("API", api);
        m.put("APK", apk);
        return m;
    }

    private SourceLocation location(SourcePos pos) {
        if (pos == null || pos.line() <= 0) {
            return null;
        }
        Path file = pos.file() != null ? pos.file() : specFile;
        return file == null ? null : new SourceLocation(file, pos.line(), pos.column());
    }

    /** Records the parts of one step as the interpreter and the thread steps report them. */
    private final class Recorder implements StepObserver {
        /** One op of a hook (one key of a key op), or what the model did by itself (op null). */
        private final class Part {
            final Op op;
            final String text;
            final List<StepDetail.Move> moves = new ArrayList<>();

            Part(Op op, String text) {
                this.op = op;
                this.text = text;
            }
        }

        final List<Part> effects = new ArrayList<>();
        private Part current;
        private HookProgram program;
        private int instruction;

        @Override
        public void op(HookProgram prog, int i) {
            program = prog;
            instruction = i;
            current = null;
            // A key op that moves keys gets a part per key (keyMoved); any other op one part.
            if (!(prog.op[i] instanceof Op.KeyMove) || prog.keys[i].length == 0) {
                current = new Part(prog.op[i], prog.hook.word + ": " + prog.opText(i));
                effects.add(current);
            }
        }

        @Override
        public void keyMoved(Op.KeyMove.Kind kind, int k, int p, int hostCtxCpu, int g, long[] s) {
            String reg = StateView.register(world, p, k);
            String to;
            String from;
            String where;
            switch (kind) {
                case SAVE_HOST_KEYS -> {
                    to = StateView.hostContext(world, hostCtxCpu, k);
                    from = reg;
                    where = world.cpuNames[hostCtxCpu] + "'s host context";
                }
                case RESTORE_HOST_KEYS -> {
                    to = reg;
                    from = StateView.hostContext(world, hostCtxCpu, k);
                    where = reg;
                }
                case SAVE_GUEST_KEYS -> {
                    to = StateView.saveArea(world, g, k);
                    from = reg;
                    where = "save area";
                }
                default -> {
                    to = reg;
                    from = StateView.saveArea(world, g, k);
                    where = reg;
                }
            }
            int value = kind.save() ? layout.cpuReg[p][k].get(s)
                    : kind.hostContext() ? layout.cpuHostCtx[hostCtxCpu][k].get(s) : layout.vcpuSave[g][k].get(s);
            Op op = program == null ? null : program.op[instruction];
            String hook = program == null ? "" : program.hook.word + ": ";
            current = new Part(op, hook + kind.word() + "[" + world.keys[k] + "] " + world.keyName(value) + " -> "
                    + where);
            current.moves.add(new StepDetail.Move(to, from));
            effects.add(current);
        }

        @Override
        public void trapsActivated(int p, int g, long[] s) {
            String bits = StateView.bits(layout.vcpuApi[g].bit(s), layout.vcpuApk[g].bit(s));
            current = new Part(program.op[instruction], program.hook.word + ": " + program.opText(instruction) + " "
                    + bits + " -> " + StateView.cpuHcr(world, p));
            effects.set(effects.size() - 1, current); // replaces the op's part, which said less
            current.moves.add(new StepDetail.Move(StateView.cpuHcr(world, p), StateView.vcpuHcr(world, g)));
        }

        @Override
        public void made(String field) {
            part().moves.add(new StepDetail.Move(field, null));
        }

        @Override
        public void madeByModel(String field) {
            if (current == null || current.op != null) {
                current = new Part(null, null);
                effects.add(current);
            }
            current.moves.add(new StepDetail.Move(field, null));
        }

        private Part part() {
            if (current == null) {
                current = new Part(program == null ? null : program.op[instruction], null);
                effects.add(current);
            }
            return current;
        }
    }
}
