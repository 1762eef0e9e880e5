package trapcheck.kvm.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.CheckConfig;
import trapcheck.kvm.spec.Expect;
import trapcheck.kvm.spec.Guest;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.IdField;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Key;
import trapcheck.kvm.spec.Policy;
import trapcheck.kvm.spec.PolicyEdit;
import trapcheck.kvm.spec.PolicyEdits;
import trapcheck.kvm.spec.SourcePos;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.kvm.spec.SpecWriter;
import trapcheck.kvm.spec.Topology;
import trapcheck.spi.SpecException;

/**
 * Random small specs from a seed: 1-3 pCPUs with random algorithms, 1-2 VMs of 1-2 vCPUs (at most
 * two in all), at most one other task, random requests, guest options and mismatched_secondaries,
 * a policy of the library (every distinct one in specs/) with up to two random edits (the mutate
 * command's operators and the repair command's moves), a random exposure now and then, and a
 * random invariant selection. Written out as YAML and loaded again, so every op has a position of
 * its own.
 */
final class RandomSpecs {
    private static final Algorithm[] ALGS = {Algorithm.QARMA5, Algorithm.QARMA5, Algorithm.QARMA5, Algorithm.QARMA3,
        Algorithm.IMPDEF, Algorithm.NONE};
    private static final Map<String, Spec> LIBRARY = library();

    private RandomSpecs() {
    }

    private static Map<String, Spec> library() {
        Map<String, Spec> out = new LinkedHashMap<>();
        Set<String> policies = new java.util.HashSet<>();
        try (var files = Files.list(Path.of("..", "specs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Spec s = SpecLoader.load(f);
                if (policies.add(SpecWriter.policyText(s.policy(), List.of(Key.values())))) {
                    out.put(s.name(), s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SpecException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        return out;
    }

    /** The random spec of a seed, as loaded from its YAML, with the text beside it. */
    record Drawn(Spec spec, String yaml, String origin) {
        @Override
        public String toString() {
            return origin + "\n" + yaml;
        }
    }

    /** States the reference may store before a drawn spec is discarded as too big for it. */
    private static final long REFERENCE_BUDGET = 12_000;

    /** The reference's outcome for a drawn spec; a spec too big for it is discarded (not a failure). */
    static ReferenceExplorer.Outcome referenceOrDiscard(Spec spec) {
        try {
            return ReferenceExplorer.explore(spec, REFERENCE_BUDGET);
        } catch (ReferenceExplorer.TooBig e) {
            Assume.that(false);
            throw e;
        }
    }

    static Drawn draw(long seed) {
        Random r = new Random(seed);
        List<Spec> lib = new ArrayList<>(LIBRARY.values());
        Spec base = lib.get(r.nextInt(lib.size()));
        StringBuilder origin = new StringBuilder("seed " + seed + ": policy of " + base.name());
        Policy policy = base.policy();
        int edits = r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            Spec current = with(base, policy);
            // Mistakes (the mutate command's operators) and, every other time, what a fix does too
            // (preempt regions, ops moved to other hooks, ops added: the repair command's moves).
            List<PolicyEdit> mutants = r.nextBoolean() ? PolicyEdits.mutants(current) : PolicyEdits.repairs(current);
            if (mutants.isEmpty()) {
                break;
            }
            PolicyEdit e = mutants.get(r.nextInt(mutants.size()));
            origin.append(", ").append(e.diff());
            policy = e.policy();
        }
        if (r.nextInt(4) == 0) {
            Policy.Exposure[] rules = Policy.Exposure.values();
            Set<IdField> hidden = r.nextBoolean() ? policy.hideWithoutPtrauth()
                    : EnumSet.copyOf(List.of(IdField.APA, IdField.GPA));
            policy = new Policy(policy.lazy(), rules[r.nextInt(rules.length)], rules[r.nextInt(rules.length)],
                    r.nextBoolean(), hidden, policy.hooks());
            origin.append(", exposure ").append(policy.address().word()).append('/').append(policy.generic().word())
                    .append(policy.requireBoth() ? "" : " require_both: false");
        }
        List<Topology.Cpu> cpus = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        boolean alike = r.nextInt(2) == 0;   // half the machines uniform, so more vCPUs get ptrauth
        for (int p = 0; p < n; p++) {
            Algorithm a = alike ? Algorithm.QARMA5 : ALGS[r.nextInt(ALGS.length)];
            Algorithm g = alike ? Algorithm.QARMA5 : ALGS[r.nextInt(ALGS.length)];
            cpus.add(new Topology.Cpu("c" + p, a, g, SourcePos.NONE));
        }
        List<Topology.Vm> vms = new ArrayList<>();
        int vcpus = 0;
        int vmCount = 1 + r.nextInt(2);
        for (int i = 0; i < vmCount; i++) {
            int size = vcpus == 0 && vmCount == 1 ? 1 + r.nextInt(2) : 1;
            vcpus += size;
            int req = r.nextInt(5);   // both twice as often
            vms.add(new Topology.Vm("vm" + i, size, req == 1 || req >= 3, req == 2 || req >= 3, SourcePos.NONE));
        }
        Topology topology = new Topology(r.nextBoolean(), cpus, vms, r.nextInt(3) == 0 ? 1 : 0, r.nextBoolean());
        Set<GuestAction> actions = EnumSet.allOf(GuestAction.class);
        if (r.nextInt(3) == 0) {
            actions.removeIf(a -> r.nextInt(3) == 0);
            if (actions.isEmpty()) {
                actions.add(GuestAction.SIGN);
            }
        }
        List<Key> keys = switch (r.nextInt(4)) {
            case 0 -> List.of(Key.APIA);
            case 1 -> List.of(Key.APGA);
            case 2 -> List.of(Key.APIA, Key.APGA);
            default -> List.of(Key.APIB, Key.APDA);
        };
        Guest guest = new Guest(actions, keys, 1 + r.nextInt(2), r.nextInt(3) == 0);
        List<String> invariants = null;
        if (r.nextInt(5) >= 2) {
            invariants = new ArrayList<>();
            for (Invariant i : Invariant.values()) {
                if (r.nextInt(3) == 0) {
                    invariants.add(i.id());
                }
            }
            if (invariants.isEmpty()) {
                invariants.add(Invariant.values()[r.nextInt(Invariant.values().length)].id());
            }
        }
        Spec spec = new Spec(Path.of("random.yaml"), "", "random", "", topology, guest, policy,
                new CheckConfig(invariants, true, 0), new Expect(false, null, SourcePos.NONE), List.of());
        String yaml = SpecWriter.write(spec, List.of());
        try {
            return new Drawn(SpecLoader.parse(Path.of("random.yaml"), yaml.getBytes(StandardCharsets.UTF_8)), yaml,
                    origin.toString());
        } catch (SpecException e) {
            throw new AssertionError(origin + ": the drawn spec does not load: " + e.getMessage() + "\n" + yaml, e);
        }
    }

    private static Spec with(Spec s, Policy policy) {
        return new Spec(s.file(), s.sha256(), s.name(), s.description(), s.topology(), s.guest(), policy, s.check(),
                s.expect(), s.sources());
    }
}
