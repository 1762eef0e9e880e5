package trapcheck.kvm.spec;

import java.util.List;
import java.util.Set;

/**
 * The trap policy under review.
 *
 * @param lazy               the api-apk-cleared-on-load invariant applies
 * @param address            exposure rule for address authentication
 * @param generic            exposure rule for generic authentication
 * @param requireBoth        ptrauth only when both classes are available and both requested
 * @param hideWithoutPtrauth ID fields masked for a vCPU without ptrauth
 * @param hooks              the hook programs
 */
public record Policy(boolean lazy, Exposure address, Exposure generic, boolean requireBoth,
                     Set<IdField> hideWithoutPtrauth, Hooks hooks) {
    public Policy {
        hideWithoutPtrauth = Set.copyOf(hideWithoutPtrauth);
    }

    public Exposure exposure(AuthClass c) {
        return c == AuthClass.ADDRESS ? address : generic;
    }

    /** When a class is offered to a vCPU that asked for ptrauth. */
    public enum Exposure {
        UNIFORM("uniform"), BOOT_CPU("boot-cpu"), ANY_CPU("any-cpu"), NEVER("never");

        private final String word;

        Exposure(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * Every hook of the spec format; a hook left out is an empty list. {@code trapKeyAccess} is null when
     * the spec gives none (then {@code trap} handles both trap paths).
     */
    public record Hooks(List<Op> vcpuLoad, List<Op> vcpuPut, List<Op> guestEnter, List<Op> switchIn,
                        List<Op> switchOut, List<Op> guestExit, TrapHandler trap, TrapHandler trapKeyAccess,
                        List<Op> vcpuReset) {
        public Hooks {
            vcpuLoad = List.copyOf(vcpuLoad);
            vcpuPut = List.copyOf(vcpuPut);
            guestEnter = List.copyOf(guestEnter);
            switchIn = List.copyOf(switchIn);
            switchOut = List.copyOf(switchOut);
            guestExit = List.copyOf(guestExit);
            vcpuReset = List.copyOf(vcpuReset);
        }
    }

    /** A trap handler: where it runs and what it does. */
    public record TrapHandler(TrapContext context, List<Op> ops, SourcePos pos) {
        public TrapHandler {
            ops = List.copyOf(ops);
        }
    }

    /** host: handle_exit, preemptible; hyp: inside the world switch loop, atomic. */
    public enum TrapContext {
        HOST("host"), HYP("hyp");

        private final String word;

        TrapContext(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
