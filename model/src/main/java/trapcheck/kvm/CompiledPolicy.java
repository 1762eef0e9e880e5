package trapcheck.kvm;

import java.util.ArrayList;
import java.util.List;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.Policy;

/**
 * The policy's hooks compiled once per spec: one {@link HookProgram} per {@link Hook}, and two
 * numberings across the whole policy. Coverage points: each hook's ops and branches, hooks in
 * {@code Hook} order. Handler positions: where a thread can stop inside a host-context trap handler
 * (a vCPU's location is {@link StateLayout#LOC_HANDLER} plus its position), {@code trap}'s first.
 */
final class CompiledPolicy {
    /** By {@link Hook#ordinal()}; null for trap_key_access when the policy gives none. */
    private final HookProgram[] programs;
    /** Positions inside host-context handlers, in all. */
    final int handlerPositions;
    /** Decoding of a handler position: the handler, the instruction, the sub-step within its op. */
    final HookProgram[] positionProgram;
    final int[] positionInstruction;
    final int[] positionSubStep;
    /** The names of the coverage points, by number. */
    final String[] coveragePoints;
    /** Each coverage point's op path ({@code SourcePos.path()}), or its if's path and " then" or " else". */
    final String[] coveragePaths;
    /** A host-context handler moves host keys: the host context such an op resolved is state. */
    final boolean resolvesHostContext;
    /** A host-context handler injects an UNDEF: the class of the trapped instruction is state. */
    final boolean remembersTrapClass;

    CompiledPolicy(Policy policy, World world) {
        Policy.Hooks hooks = policy.hooks();
        programs = new HookProgram[Hook.values().length];
        List<String> points = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        int positions = 0;
        boolean resolves = false;
        boolean remembers = false;
        for (Hook h : Hook.values()) {
            List<Op> ops = h.ops(hooks);
            if (ops == null) {
                continue;
            }
            boolean host = h.isTrapHandler() && h.handler(hooks).context() == Policy.TrapContext.HOST;
            HookProgram prog = HookProgram.compile(h, ops, host, world, points.size(), host ? positions : 0);
            programs[h.ordinal()] = prog;
            points.addAll(List.of(prog.coverageNames));
            paths.addAll(List.of(prog.coveragePaths));
            if (host) {
                positions += prog.positions;
                for (Op o : prog.op) {
                    resolves |= o instanceof Op.KeyMove km && km.kind().hostContext();
                    remembers |= o instanceof Op.Simple s && s.kind() == Op.Simple.Kind.INJECT_UNDEF;
                }
            }
        }
        coveragePoints = points.toArray(new String[0]);
        coveragePaths = paths.toArray(new String[0]);
        resolvesHostContext = resolves;
        remembersTrapClass = remembers;
        handlerPositions = positions;
        positionProgram = new HookProgram[positions];
        positionInstruction = new int[positions];
        positionSubStep = new int[positions];
        for (HookProgram prog : hostContextHandlers()) {
            for (int i = 0; i < prog.kind.length; i++) {
                if (prog.positionsOf(i) > 0) {
                    for (int sub = 0; sub < prog.positionsOf(i); sub++) {
                        int at = prog.firstPosition[i] + sub;
                        positionProgram[at] = prog;
                        positionInstruction[at] = i;
                        positionSubStep[at] = sub;
                    }
                }
            }
        }
    }

    HookProgram program(Hook hook) {
        return programs[hook.ordinal()];
    }

    /** The handler of an instruction's trap: trap_key_access for key accesses when the policy gives it. */
    HookProgram handlerFor(World.GuestInsn insn) {
        HookProgram keyAccess = programs[Hook.TRAP_KEY_ACCESS.ordinal()];
        return insn.action().isKeyAccess() && keyAccess != null ? keyAccess : programs[Hook.TRAP.ordinal()];
    }

    /** Every program the policy gives, in {@link Hook} order. */
    List<HookProgram> programs() {
        List<HookProgram> out = new ArrayList<>();
        for (HookProgram p : programs) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The trap handlers that run in host context, whose positions are part of the state. */
    List<HookProgram> hostContextHandlers() {
        return programs().stream().filter(p -> p.hostContext).toList();
    }
}
