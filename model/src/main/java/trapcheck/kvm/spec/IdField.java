package trapcheck.kvm.spec;

/** ID_AA64ISAR1_EL1 / ID_AA64ISAR2_EL1 fields that advertise ptrauth. */
public enum IdField {
    APA, API, APA3, GPA, GPI, GPA3
}
