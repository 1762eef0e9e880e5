package trapcheck.kvm.spec;

import java.util.List;

/** A hook condition (docs/spec-reference.md, "Conditions"). */
public sealed interface Condition {

    /** A named condition. */
    record Atom(Name name) implements Condition {
    }

    record Not(Condition operand) implements Condition {
    }

    record All(List<Condition> operands) implements Condition {
        public All {
            operands = List.copyOf(operands);
        }
    }

    record Any(List<Condition> operands) implements Condition {
        public Any {
            operands = List.copyOf(operands);
        }
    }

    /** The named conditions, with their spelling in a spec. */
    enum Name {
        VCPU_HAS_PTRAUTH("vcpu_has_ptrauth"), REQUESTED_PTRAUTH("requested_ptrauth"),
        REQUESTED_ADDRESS("requested_address"), REQUESTED_GENERIC("requested_generic"),
        SYSTEM_HAS_PTRAUTH("system_has_ptrauth"), SYSTEM_HAS_ADDRESS("system_has_address"),
        SYSTEM_HAS_GENERIC("system_has_generic"), CPU_HAS_ADDRESS("cpu_has_address"),
        CPU_HAS_GENERIC("cpu_has_generic"), VCPU_HCR_API("vcpu_hcr.API"), VCPU_HCR_APK("vcpu_hcr.APK"),
        CPU_HCR_API("cpu_hcr.API"), CPU_HCR_APK("cpu_hcr.APK");

        private final String word;

        Name(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
