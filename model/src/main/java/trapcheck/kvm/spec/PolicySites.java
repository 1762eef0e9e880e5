package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every list of ops in a policy (a hook's ops, a trap handler's {@code do}, each {@code then} and
 * {@code else}), each with a way to rebuild the whole policy around a new version of that list:
 * the edits of {@link PolicyEdits} are list edits at one site.
 */
final class PolicySites {

    /**
     * One list of ops.
     *
     * @param hook        the hook it belongs to, as a spec names it ("trap", "vcpu_load")
     * @param path        where it stands, as a reader names it: "trap.do[0].then", "vcpu_load"
     * @param ops         the list
     * @param hostHandler the list belongs to a trap handler with {@code context: host} (preemptible)
     * @param anchor      a position near the list (its first op, the if that holds it, the handler), for
     *                    edits that add to an empty list
     * @param rebuild     the policy with this list replaced
     */
    record Site(String hook, String path, List<Op> ops, boolean hostHandler, SourcePos anchor,
                Function<List<Op>, Policy> rebuild) {

        /** The path of the op at index i: "trap.do[0].then[1]". */
        String pathOf(int i) {
            return path + "[" + i + "]";
        }

        /** The policy with the op at index i replaced. */
        Policy replace(int i, Op op) {
            List<Op> copy = new ArrayList<>(ops);
            copy.set(i, op);
            return rebuild.apply(copy);
        }

        /** A position for an edit at index i (0..size): the op there, else the last op, else the anchor. */
        SourcePos at(int i) {
            if (i < ops.size()) {
                return ops.get(i).pos();
            }
            return ops.isEmpty() ? anchor : ops.get(ops.size() - 1).pos();
        }
    }

    /** The hooks in the order a spec lists them (docs/spec-reference.md, "Hooks"). */
    static final List<String> HOOKS = PolicyReader.HOOKS;

    private PolicySites() {
    }

    /** Every site of the policy, hooks in {@link #HOOKS} order, each hook's lists depth first. */
    static List<Site> of(Policy p) {
        List<Site> out = new ArrayList<>();
        Policy.Hooks h = p.hooks();
        for (String hook : HOOKS) {
            switch (hook) {
                case "trap", "trap_key_access" -> {
                    Policy.TrapHandler t = hook.equals("trap") ? h.trap() : h.trapKeyAccess();
                    if (t != null) {
                        boolean host = t.context() == Policy.TrapContext.HOST;
                        walk(new Site(hook, hook + ".do", t.ops(), host, t.pos(),
                                ops -> withHandler(p, hook, new Policy.TrapHandler(t.context(), ops, t.pos()))), out);
                    }
                }
                default -> walk(new Site(hook, hook, ops(h, hook), false, SourcePos.NONE,
                        ops -> withHook(p, hook, ops)), out);
            }
        }
        return out;
    }

    private static void walk(Site site, List<Site> out) {
        out.add(site);
        for (int i = 0; i < site.ops().size(); i++) {
            if (site.ops().get(i) instanceof Op.If f) {
                int at = i;
                walk(new Site(site.hook(), site.pathOf(i) + ".then", f.then(), site.hostHandler(), f.pos(),
                        then -> site.replace(at, new Op.If(f.condition(), then, f.otherwise(), f.pos()))), out);
                walk(new Site(site.hook(), site.pathOf(i) + ".else", f.otherwise(), site.hostHandler(), f.pos(),
                        otherwise -> site.replace(at, new Op.If(f.condition(), f.then(), otherwise, f.pos()))), out);
            }
        }
    }

    /** The ops of a list hook (not a trap handler). */
    static List<Op> ops(Policy.Hooks h, String hook) {
        return switch (hook) {
            case "vcpu_load" -> h.vcpuLoad();
            case "vcpu_put" -> h.vcpuPut();
            case "guest_enter" -> h.guestEnter();
            case "switch_in" -> h.switchIn();
            case "switch_out" -> h.switchOut();
            case "guest_exit" -> h.guestExit();
            case "vcpu_reset" -> h.vcpuReset();
            default -> throw new IllegalArgumentException("not a list hook: " + hook);
        };
    }

    static Policy withHook(Policy p, String hook, List<Op> ops) {
        Policy.Hooks h = p.hooks();
        Policy.Hooks n = new Policy.Hooks(
                hook.equals("vcpu_load") ? ops : h.vcpuLoad(),
                hook.equals("vcpu_put") ? ops : h.vcpuPut(),
                hook.equals("guest_enter") ? ops : h.guestEnter(),
                hook.equals("switch_in") ? ops : h.switchIn(),
                hook.equals("switch_out") ? ops : h.switchOut(),
                hook.equals("guest_exit") ? ops : h.guestExit(),
                h.trap(), h.trapKeyAccess(),
                hook.equals("vcpu_reset") ? ops : h.vcpuReset());
        return withHooks(p, n);
    }

    static Policy withHandler(Policy p, String hook, Policy.TrapHandler t) {
        Policy.Hooks h = p.hooks();
        return withHooks(p, new Policy.Hooks(h.vcpuLoad(), h.vcpuPut(), h.guestEnter(), h.switchIn(), h.switchOut(),
                h.guestExit(), hook.equals("trap") ? t : h.trap(), hook.equals("trap_key_access") ? t : h.trapKeyAccess(),
                h.vcpuReset()));
    }

    static Policy withHooks(Policy p, Policy.Hooks hooks) {
        return new Policy(p.lazy(), p.address(), p.generic(), p.requireBoth(), p.hideWithoutPtrauth(), hooks);
    }

    /**
     * What an op is made of, as {@link PolicyEdit#touched()} names it: a plain op's path
     * ({@link SourcePos#path()}); for an if, its two branches ("PATH then", "PATH else") and
     * everything inside them.
     */
    static List<String> sourcePaths(Op op) {
        List<String> out = new ArrayList<>();
        if (op instanceof Op.If f) {
            out.addAll(branches(f));
            f.then().forEach(o -> out.addAll(sourcePaths(o)));
            f.otherwise().forEach(o -> out.addAll(sourcePaths(o)));
        } else {
            out.add(op.pos().path());
        }
        return out;
    }

    /** An if's two branches: its condition decides between them wherever it is evaluated. */
    static List<String> branches(Op.If f) {
        return List.of(f.pos().path() + " then", f.pos().path() + " else");
    }

    /** Whether an op of this word appears anywhere in the list (inside ifs too). */
    static boolean contains(List<Op> ops, String word) {
        for (Op o : ops) {
            if (o instanceof Op.If f) {
                if (contains(f.then(), word) || contains(f.otherwise(), word)) {
                    return true;
                }
            } else if (word(o).equals(word)) {
                return true;
            }
        }
        return false;
    }

    /** The op's word: "save_host_keys", "set_cpu_hcr", "if". */
    static String word(Op o) {
        if (o instanceof Op.KeyMove km) {
            return km.kind().word();
        }
        if (o instanceof Op.HcrWrite h) {
            return h.word();
        }
        if (o instanceof Op.Simple s) {
            return s.kind().word();
        }
        return "if";
    }
}
