package trapcheck.kvm.spec;

import java.util.List;
import java.util.Set;

/** One op of a hook program (docs/spec-reference.md, "Ops"). Every op knows where it stands in the file. */
public sealed interface Op {

    SourcePos pos();

    /**
     * save/restore host/guest keys; {@code keys} in the order the spec lists them (a bare word: all
     * modelled keys, in {@link Key} order), only the modelled ones (guest.keys), possibly none.
     */
    record KeyMove(Kind kind, List<Key> keys, SourcePos pos) implements Op {
        public KeyMove {
            keys = List.copyOf(keys);
        }

        public enum Kind {
            SAVE_HOST_KEYS("save_host_keys"), RESTORE_HOST_KEYS("restore_host_keys"),
            SAVE_GUEST_KEYS("save_guest_keys"), RESTORE_GUEST_KEYS("restore_guest_keys");

            private final String word;

            Kind(String word) {
                this.word = word;
            }

            public String word() {
                return word;
            }

            /** Host ops resolve a per-CPU host context as their target; guest ops use the vCPU's save area. */
            public boolean hostContext() {
                return this == SAVE_HOST_KEYS || this == RESTORE_HOST_KEYS;
            }

            /** Save ops copy registers out; restore ops copy into registers. */
            public boolean save() {
                return this == SAVE_HOST_KEYS || this == SAVE_GUEST_KEYS;
            }
        }
    }

    /** set/clear API and/or APK in the vCPU's copy or in the physical HCR_EL2. */
    record HcrWrite(boolean set, boolean physical, Set<HcrBit> bits, SourcePos pos) implements Op {
        public HcrWrite {
            bits = Set.copyOf(bits);
        }

        public String word() {
            return (set ? "set_" : "clear_") + (physical ? "cpu_hcr" : "vcpu_hcr");
        }
    }

    /** An op without arguments. */
    record Simple(Kind kind, SourcePos pos) implements Op {
        public enum Kind {
            ACTIVATE_TRAPS("activate_traps"), INJECT_UNDEF("inject_undef"), RETURN_EINVAL("return_einval"),
            PREEMPT_DISABLE("preempt_disable"), PREEMPT_ENABLE("preempt_enable");

            private final String word;

            Kind(String word) {
                this.word = word;
            }

            public String word() {
                return word;
            }
        }
    }

    /** {@code if: COND, then: [...], else: [...]}. */
    record If(Condition condition, List<Op> then, List<Op> otherwise, SourcePos pos) implements Op {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** API (PAC instructions) and APK (key registers) trap-control bits. */
    enum HcrBit {
        API, APK
    }
}
