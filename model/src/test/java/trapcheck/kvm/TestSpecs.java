package trapcheck.kvm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.SpecException;

/** Specs written inline for tests. */
final class TestSpecs {
    private TestSpecs() {
    }

    static Spec parse(String yaml) {
        try {
            return SpecLoader.parse(Path.of("test.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
        } catch (SpecException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static KvmModel model(String yaml) {
        return new KvmModel(parse(yaml));
    }

    /** The 5.8 hooks (hyp fixup), lazy. */
    static final String HOOKS_58 = """
              hooks:
                vcpu_load:
                  - if: vcpu_has_ptrauth
                    then: [ { clear_vcpu_hcr: [API, APK] } ]
                guest_enter: [ activate_traps ]
                switch_in:
                  - if: vcpu_hcr.API
                    then: [ restore_guest_keys ]
                switch_out:
                  - if: vcpu_hcr.API
                    then: [ save_guest_keys, restore_host_keys ]
                trap:
                  context: hyp
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ save_host_keys, { set_vcpu_hcr: [API, APK] }, { set_cpu_hcr: [API, APK] } ]
                      else: [ inject_undef ]
                vcpu_reset:
                  - if: { all: [ requested_ptrauth, { not: vcpu_has_ptrauth } ] }
                    then: [ return_einval ]
            """;

    /** The 5.2 hooks (host-context trap through a resolved host context), lazy. */
    static final String HOOKS_52 = HOOKS_58.replace("""
                trap:
                  context: hyp
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ save_host_keys, { set_vcpu_hcr: [API, APK] }, { set_cpu_hcr: [API, APK] } ]
                      else: [ inject_undef ]
            """, """
                trap:
                  context: host
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ { set_vcpu_hcr: [API, APK] }, save_host_keys ]
                      else: [ inject_undef ]
            """);

    /** A spec with the given topology lines (under topology:), guest keys and hooks. */
    static String spec(String topology, String keys, String hooks) {
        return "spec: 1\nname: t\ntopology:\n" + topology.stripTrailing() + "\nguest:\n  keys: " + keys
                + "\n  key_versions: 2\npolicy:\n  lazy: true\n" + hooks;
    }

    /** big.LITTLE whose LITTLE core lacks generic auth, one VM asking for both classes. */
    static final String BIG_LITTLE = """
              cpus:
                - { name: big0, address: qarma5, generic: qarma5 }
                - { name: little0, address: qarma5, generic: none }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
            """;

    static final String TWO_BY_TWO = """
              cpus:
                - { name: cpu, count: 2, address: qarma5, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
                - { name: vm1, vcpus: 1, request: [address, generic] }
              other_tasks: 1
            """;
}
