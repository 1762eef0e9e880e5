package trapcheck.kvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import trapcheck.kvm.spec.Condition;
import trapcheck.kvm.spec.Key;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.SourcePos;

/**
 * A hook's op tree compiled once into a flat program (ops, conditional branches, jumps), so that
 * executing a hook walks int arrays instead of interpreting YAML structures, and so that a thread
 * stopped inside a host-context handler is described by one number: its position.
 *
 * <p>Positions. A host-context handler can be preempted before any op, after a key op resolved its
 * target, and between two keys. Each op therefore owns a run of positions: a host-key op with n keys
 * has n + 1 (before it; resolved with 0..n-1 keys moved), a guest-key op has n (its target does not
 * depend on the pCPU, so resolving it is not a separate step), any other op one. A branch whose
 * condition reads state that can change while the thread is preempted (vcpu_hcr.*, cpu_hcr.*,
 * and cpu_has_* when the online pCPUs differ in it) owns one position too: the thread can be
 * preempted before testing it, and tests it on the pCPU where it resumes. A condition that cannot
 * change (vcpu_has_ptrauth, requested_*, system_*) takes no position.
 */
final class HookProgram {
    static final int OP = 0;
    static final int BRANCH = 1;   // if !cond goto target
    static final int JUMP = 2;
    static final int END = 3;

    /** The hook it compiles (a trap handler's: the trap hook it belongs to). */
    final Hook hook;
    /** A trap handler in host context: it runs one step at a time and its positions are state. */
    final boolean hostContext;
    final int[] kind;
    final Op[] op;                // for OP
    final int[][] keys;           // for key ops: modelled key indices, in the order written
    final Condition[] condition;  // for BRANCH
    final int[] target;           // for BRANCH and JUMP
    final int[] firstPosition;    // for OP and a positioned BRANCH: its first handler position (numbered across the policy)
    final boolean[] positioned;   // for BRANCH: it owns a position (a host-context handler's mutable condition)
    final int positions;          // positions in all
    final int[] coverThen;        // for BRANCH: coverage point of the then path (else: +1); for OP: its point
    final String[] coverageNames; // names of this program's coverage points, from coverThen's first
    final String[] coveragePaths; // each point's op path, or an if's path and " then"/" else"; parallel to coverageNames

    private HookProgram(Hook hook, boolean hostContext, List<Instr> code, World world, int firstCoveragePoint,
                        int firstHandlerPosition) {
        this.hook = hook;
        this.hostContext = hostContext;
        int n = code.size() + 1;
        kind = new int[n];
        op = new Op[n];
        keys = new int[n][];
        condition = new Condition[n];
        target = new int[n];
        firstPosition = new int[n];
        coverThen = new int[n];
        positioned = new boolean[n];
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        int pos = firstHandlerPosition;
        for (int i = 0; i < code.size(); i++) {
            Instr in = code.get(i);
            kind[i] = in.kind;
            op[i] = in.op;
            condition[i] = in.condition;
            target[i] = in.target;
            if (in.kind == OP) {
                firstPosition[i] = pos;
                coverThen[i] = firstCoveragePoint + names.size();
                names.add(hook.word + " " + in.op.pos().path() + " " + opText(in.op) + atLine(in.op.pos()));
                paths.add(in.op.pos().path());
                if (in.op instanceof Op.KeyMove km) {
                    keys[i] = modelledKeys(km.keys(), world);
                    pos += km.kind().hostContext() ? keys[i].length + 1 : Math.max(1, keys[i].length);
                } else {
                    pos += 1;
                }
            } else if (in.kind == BRANCH) {
                if (hostContext && mutable(in.condition, world)) {
                    positioned[i] = true;
                    firstPosition[i] = pos;
                    pos += 1;
                }
                coverThen[i] = firstCoveragePoint + names.size();
                String c = conditionText(in.condition);
                names.add(hook.word + " " + in.pos.path() + " if " + c + ": then" + atLine(in.pos));
                names.add(hook.word + " " + in.pos.path() + " if " + c + ": else" + atLine(in.pos));
                paths.add(in.pos.path() + " then");
                paths.add(in.pos.path() + " else");
            }
        }
        kind[n - 1] = END;
        positions = pos - firstHandlerPosition;
        coverageNames = names.toArray(new String[0]);
        coveragePaths = paths.toArray(new String[0]);
    }

    private static String atLine(SourcePos p) {
        return p.line() > 0 ? " (" + p.where() + ")" : "";
    }

    /**
     * @param firstCoveragePoint   the number of this program's first coverage point in the policy
     * @param firstHandlerPosition the number of its first position (meaningful for a host-context handler)
     */
    static HookProgram compile(Hook hook, List<Op> ops, boolean hostContext, World world, int firstCoveragePoint,
                               int firstHandlerPosition) {
        List<Instr> code = new ArrayList<>();
        emit(ops, code);
        return new HookProgram(hook, hostContext, code, world, firstCoveragePoint, firstHandlerPosition);
    }

    private static void emit(List<Op> ops, List<Instr> code) {
        for (Op o : ops) {
            if (o instanceof Op.If f) {
                Instr branch = new Instr(BRANCH, null, f.condition(), f.pos());
                code.add(branch);
                emit(f.then(), code);
                if (f.otherwise().isEmpty()) {
                    branch.target = code.size();
                } else {
                    Instr jump = new Instr(JUMP, null, null, f.pos());
                    code.add(jump);
                    branch.target = code.size();
                    emit(f.otherwise(), code);
                    jump.target = code.size();
                }
            } else {
                code.add(new Instr(OP, o, null, o.pos()));
            }
        }
    }

    private static int[] modelledKeys(List<Key> keys, World world) {
        List<Key> modelled = Arrays.asList(world.keys);
        return keys.stream().mapToInt(modelled::indexOf).filter(i -> i >= 0).toArray();
    }

    /** Whether a condition reads state a preemption can change for the thread that tests it. */
    static boolean mutable(Condition c, World world) {
        if (c instanceof Condition.Atom a) {
            return switch (a.name()) {
                case VCPU_HCR_API, VCPU_HCR_APK, CPU_HCR_API, CPU_HCR_APK -> true;
                case CPU_HAS_ADDRESS -> world.onlineDiffer(trapcheck.kvm.spec.AuthClass.ADDRESS);
                case CPU_HAS_GENERIC -> world.onlineDiffer(trapcheck.kvm.spec.AuthClass.GENERIC);
                default -> false;
            };
        }
        if (c instanceof Condition.Not n) {
            return mutable(n.operand(), world);
        }
        List<Condition> operands = c instanceof Condition.All all ? all.operands() : ((Condition.Any) c).operands();
        return operands.stream().anyMatch(o -> mutable(o, world));
    }

    /** Number of positions instruction {@code i} owns: an op's, one for a positioned branch, else none. */
    int positionsOf(int i) {
        if (kind[i] != OP) {
            return kind[i] == BRANCH && positioned[i] ? 1 : 0;
        }
        if (op[i] instanceof Op.KeyMove km) {
            return km.kind().hostContext() ? keys[i].length + 1 : Math.max(1, keys[i].length);
        }
        return 1;
    }

    /** An op as a person reads it: "save_host_keys [APIA, APGA]". */
    String opText(int i) {
        return opText(op[i]);
    }

    static String opText(Op o) {
        if (o instanceof Op.KeyMove km) {
            return km.kind().word() + " " + km.keys();
        }
        if (o instanceof Op.HcrWrite h) {
            List<String> bits = new ArrayList<>();
            for (Op.HcrBit b : Op.HcrBit.values()) {
                if (h.bits().contains(b)) {
                    bits.add(b.name());
                }
            }
            return h.word() + " " + bits;
        }
        if (o instanceof Op.Simple s) {
            return s.kind().word();
        }
        return o.toString();
    }

    static String conditionText(Condition c) {
        if (c instanceof Condition.Atom a) {
            return a.name().word();
        }
        if (c instanceof Condition.Not n) {
            return "not " + conditionText(n.operand());
        }
        if (c instanceof Condition.All a) {
            return "all(" + String.join(", ", a.operands().stream().map(HookProgram::conditionText).toList()) + ")";
        }
        Condition.Any a = (Condition.Any) c;
        return "any(" + String.join(", ", a.operands().stream().map(HookProgram::conditionText).toList()) + ")";
    }

    private static final class Instr {
        final int kind;
        final Op op;
        final Condition condition;
        final SourcePos pos;
        int target;

        Instr(int kind, Op op, Condition condition, SourcePos pos) {
            this.kind = kind;
            this.op = op;
            this.condition = condition;
            this.pos = pos;
        }
    }
}
