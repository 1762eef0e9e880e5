package trapcheck.kvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Op;

import static trapcheck.kvm.StateLayout.LOC_GUEST;
import static trapcheck.kvm.StateLayout.LOC_HANDLER;
import static trapcheck.kvm.StateLayout.LOC_HOST;
import static trapcheck.kvm.StateLayout.LOC_OUT;

/** States and steps of a {@link KvmModel} in the words of docs/model.md, for traces and reports. */
final class StateView {
    private final KvmModel model;
    private final World world;
    private final StateLayout layout;
    private final CompiledPolicy policy;

    StateView(KvmModel model) {
        this.model = model;
        this.world = model.world;
        this.layout = model.layout;
        this.policy = model.policy;
    }

    List<String> lanes() {
        List<String> out = new ArrayList<>(List.of(world.cpuNames));
        out.addAll(List.of(world.vcpuNames));
        for (int j = 0; j < world.otherTasks; j++) {
            out.add("task" + j);
        }
        return out;
    }

    Map<String, String> render(long[] s) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int p = 0; p < world.cpus; p++) {
            String c = world.cpuNames[p];
            int t = layout.cpuThread[p].get(s);
            f.put(c + ".runs", world.threadName(t));
            f.put(c + ".mode", mode(s, t));
            f.put(cpuHcr(world, p), bits(layout.cpuApi[p].bit(s), layout.cpuApk[p].bit(s)));
            for (int k = 0; k < world.keys.length; k++) {
                f.put(register(world, p, k), world.keyName(layout.cpuReg[p][k].get(s)));
            }
            for (int k = 0; k < world.keys.length; k++) {
                f.put(hostContext(world, p, k), world.keyName(layout.cpuHostCtx[p][k].get(s)));
            }
        }
        for (int g = 0; g < world.vcpus; g++) {
            String v = world.vcpuNames[g];
            int cpu = model.steps.cpuOf(s, world.vcpuThread(g));
            f.put(v + ".where", where(s, g));
            f.put(v + ".on", cpu < 0 ? "not running" : world.cpuNames[cpu]);
            f.put(vcpuInit(world, g), !layout.vcpuInit[g].bit(s) ? "uninitialised"
                    : world.hasPtrauth[g] ? "initialised, ptrauth" : "initialised, no ptrauth");
            f.put(vcpuHcr(world, g), bits(layout.vcpuApi[g].bit(s), layout.vcpuApk[g].bit(s)));
            if (layout.vcpuTarget[g].width > 0) {
                int tgt = layout.vcpuTarget[g].get(s);
                f.put(v + ".op_target", tgt == 0 ? "-" : world.cpuNames[tgt - 1] + "'s host context");
            }
            for (int k = 0; k < world.keys.length; k++) {
                f.put(saveArea(world, g, k), world.keyName(layout.vcpuSave[g][k].get(s)));
            }
            if (layout.vcpuVersion[g].length > 0 && layout.vcpuVersion[g][0].width > 0) {
                for (int k = 0; k < world.keys.length; k++) {
                    f.put(v + ".wrote." + world.keys[k], "v" + layout.vcpuVersion[g][k].get(s));
                }
            }
            for (int k = 0; k < world.keys.length; k++) {
                if (layout.vcpuSigned[g][k].width > 0) {
                    f.put(signed(world, g, k), signedText(layout.vcpuSigned[g][k].get(s), k));
                }
            }
        }
        return f;
    }

    /** The names of the fields {@link #render} gives, for the model's parts that point at them. */
    static String register(World world, int p, int k) {
        return world.cpuNames[p] + "." + world.keys[k];
    }

    static String hostContext(World world, int p, int k) {
        return world.cpuNames[p] + ".host_ctx." + world.keys[k];
    }

    static String saveArea(World world, int g, int k) {
        return world.vcpuNames[g] + ".save." + world.keys[k];
    }

    static String signed(World world, int g, int k) {
        return world.vcpuNames[g] + ".signed." + world.keys[k];
    }

    static String cpuHcr(World world, int p) {
        return world.cpuNames[p] + ".HCR_EL2";
    }

    static String vcpuHcr(World world, int g) {
        return world.vcpuNames[g] + ".hcr";
    }

    static String vcpuInit(World world, int g) {
        return world.vcpuNames[g] + ".init";
    }

    private String mode(long[] s, int t) {
        if (t == 0) {
            return "idle";
        }
        int g = world.threadVcpu(t);
        if (g < 0) {
            return "user";
        }
        int loc = layout.vcpuLoc[g].get(s);
        return loc == LOC_OUT ? "user" : loc == LOC_GUEST ? "guest" : "host";
    }

    /** Where a vCPU thread is: userspace, host (KVM_RUN), guest, or a position in a trap handler. */
    String where(long[] s, int g) {
        int loc = layout.vcpuLoc[g].get(s);
        return switch (loc) {
            case LOC_OUT -> "userspace";
            case LOC_HOST -> "host (KVM_RUN)";
            case LOC_GUEST -> "guest";
            default -> "trap handler, " + handlerPosition(s, g, loc - LOC_HANDLER);
        };
    }

    /** "before set_vcpu_hcr [API, APK]", "after save_host_keys[APIA]", "after save_host_keys resolved cpu1's host context". */
    private String handlerPosition(long[] s, int g, int pos) {
        HookProgram prog = policy.positionProgram[pos];
        int i = policy.positionInstruction[pos];
        int sub = policy.positionSubStep[pos];
        if (prog.kind[i] == HookProgram.BRANCH) {
            return "before if " + HookProgram.conditionText(prog.condition[i]);
        }
        String op = prog.opText(i);
        if (sub == 0) {
            return "before " + op;
        }
        Op.KeyMove km = (Op.KeyMove) prog.op[i];
        int[] keys = prog.keys[i];
        if (km.kind().hostContext()) {
            int tgt = layout.vcpuTarget[g].get(s);
            String target = tgt == 0 ? "?" : world.cpuNames[tgt - 1] + "'s host context";
            return sub == 1 ? "after " + km.kind().word() + " resolved " + target
                    : "after " + km.kind().word() + "[" + world.keys[keys[sub - 2]] + "] (target " + target + ")";
        }
        return "after " + km.kind().word() + "[" + world.keys[keys[sub - 1]] + "]";
    }

    List<String> actors(long[] s, int a) {
        Actions act = model.actions;
        int t = act.thread[a];
        int p = act.kind[a] == Actions.SWITCH_IN ? act.cpu[a] : model.steps.cpuOf(s, t);
        List<String> out = new ArrayList<>();
        if (p >= 0) {
            out.add(world.cpuNames[p]);
        }
        out.add(world.threadName(t));
        return out;
    }

    String describe(long[] s, int a) {
        Actions act = model.actions;
        int t = act.thread[a];
        String who = world.threadName(t);
        int g = world.threadVcpu(t);
        int p = model.steps.cpuOf(s, t);
        String on = p >= 0 ? " on " + world.cpuNames[p] : "";
        switch (act.kind[a]) {
            case Actions.SWITCH_IN: {
                boolean inRun = g >= 0 && layout.vcpuLoc[g].get(s) != LOC_OUT;
                return who + ": context switch in on " + world.cpuNames[act.cpu[a]] + (inRun ? " (vcpu_load)" : "");
            }
            case Actions.PREEMPT: {
                if (g < 0) {
                    return who + ": preempted" + on;
                }
                int loc = layout.vcpuLoc[g].get(s);
                String at = loc == LOC_OUT ? " in userspace" : loc == LOC_HOST ? " in KVM_RUN (vcpu_put)"
                        : " in trap handler " + handlerPosition(s, g, loc - LOC_HANDLER) + " (vcpu_put)";
                return who + ": preempted" + on + at;
            }
            case Actions.INIT:
                return who + ": KVM_ARM_VCPU_INIT" + on + " (vcpu_reset)";
            case Actions.RUN:
                return who + ": KVM_RUN, vcpu_load" + on;
            case Actions.RETURN:
                return who + ": KVM_RUN returns to userspace" + on + " (vcpu_put)";
            case Actions.ENTER:
                return who + ": enters the guest" + on;
            case Actions.EXIT:
                return who + ": exits the guest" + on;
            case Actions.HANDLER: {
                int loc = layout.vcpuLoc[g].get(s);
                if (loc < LOC_HANDLER) {
                    return who + ": trap handler step" + on;
                }
                int pos = loc - LOC_HANDLER;
                HookProgram prog = policy.positionProgram[pos];
                int i = policy.positionInstruction[pos];
                int sub = policy.positionSubStep[pos];
                if (prog.kind[i] == HookProgram.BRANCH) {
                    return who + ": in trap" + on + ", tests " + HookProgram.conditionText(prog.condition[i]);
                }
                if (prog.op[i] instanceof Op.KeyMove km) {
                    int[] keys = prog.keys[i];
                    if (km.kind().hostContext()) {
                        if (sub == 0) {
                            return who + ": in trap" + on + ", " + km.kind().word() + " resolves its target: "
                                    + world.cpuNames[p] + "'s host context";
                        }
                        int tgt = layout.vcpuTarget[g].get(s) - 1;
                        return who + ": in trap" + on + ", " + km.kind().word() + "[" + world.keys[keys[sub - 1]] + "] "
                                + (km.kind().save() ? "into " : "from ") + world.cpuNames[tgt] + "'s host context";
                    }
                    if (keys.length > 0) {
                        return who + ": in trap" + on + ", " + km.kind().word() + "[" + world.keys[keys[sub]] + "]";
                    }
                }
                return who + ": in trap" + on + ", " + prog.opText(i);
            }
            default: {
                World.GuestInsn insn = world.insns.get(act.insn[a]);
                if (p < 0) {
                    return who + ": guest " + insn.mnemonic();
                }
                AuthClass c = insn.authClass();
                if (!world.cpuHas(p, c)) {
                    return who + ": " + insn.mnemonic() + on + ": UNDEF (" + world.cpuNames[p] + " lacks " + c.word()
                            + " auth)";
                }
                boolean keyAccess = insn.action().isKeyAccess();
                boolean bit = keyAccess ? layout.cpuApk[p].bit(s) : layout.cpuApi[p].bit(s);
                if (!bit) {
                    return who + ": " + insn.mnemonic() + " traps (" + (keyAccess ? "SYS64" : "PAC") + ")" + on
                            + " -> " + (policy.handlerFor(insn).hostContext ? "host" : "hyp");
                }
                return who + ": " + insn.mnemonic() + on;
            }
        }
    }

    /** One sentence on why the step (or, with before == null, the initial state) breaks the invariant. */
    String explain(long[] before, int a, long[] after, String invariantId) {
        Invariant inv = Invariant.byId(invariantId);
        String[] found = new String[1];
        StepObserver observer = new StepObserver() {
            @Override
            public void broken(Invariant i, String why) {
                if (i == inv && found[0] == null) {
                    found[0] = why;
                }
            }
        };
        if (before == null) {
            model.checks.state(after, observer);
        } else {
            model.step(before, a, new long[layout.words], observer);
        }
        return found[0] != null ? found[0] : inv == null ? invariantId : model.definitionOf(inv);
    }

    /** "none", "under v1", "under qarma5", "under v1, qarma5": what an outstanding pointer was signed under. */
    private String signedText(int token, int k) {
        if (token == 0) {
            return "none";
        }
        SignedPointers sp = layout.signed;
        trapcheck.kvm.spec.Algorithm alg = sp.algorithm(k, token);
        String version = sp.versions ? "v" + sp.version(k, token) : null;
        return "under " + (version == null ? alg.word() : alg == null ? version : version + ", " + alg.word());
    }

    /** "API=1 APK=0". */
    static String bits(boolean api, boolean apk) {
        return "API=" + (api ? 1 : 0) + " APK=" + (apk ? 1 : 0);
    }
}
