package trapcheck.kvm.spec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import trapcheck.spi.SpecException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever is done to a valid spec, the loader returns a Spec or throws a one-line, located
 * SpecException: never another exception, never a hang. Mutations are the edits a person or a
 * broken tool makes: lines deleted, duplicated or swapped, a token replaced, bytes inserted, the
 * file cut short.
 */
class SpecMutationPropertyTest {
    private static final Path FILE = Path.of("fuzz", "spec.yaml");
    /** file:LINE:COLUMN: with LINE >= 1 — every problem inside the document is located. */
    private static final Pattern LOCATED = Pattern.compile("\\Q" + FILE + "\\E:[1-9][0-9]*:[1-9][0-9]*: .*");

    private static final List<String> BASES = List.of(
            SpecLoaderTest.SPEC_MD_EXAMPLE,
            SpecLoaderTest.MINIMAL,
            """
            {"spec": 1, "name": "json", "topology": {"cpus": [{"name": "a", "address": "qarma3", "generic": "none",
             "count": 2}], "vms": [{"name": "vm", "vcpus": 2, "request": ["address"]}]},
             "guest": {"keys": ["APIA", "APGA"], "key_versions": 1},
             "policy": {"hooks": {"trap": {"context": "hyp", "do": [{"save_host_keys": ["APIA"]},
               {"set_cpu_hcr": ["API", "APK"]}]}}},
             "check": {"invariants": ["no-key-leakage"]}, "expect": {"verdict": "violated", "invariant": "no-key-leakage"}}
            """,
            """
            spec: 1
            name: eager-6.10
            topology:
              in_kernel_ptrauth: true
              cpus: [ { name: big, count: 2, address: qarma5, generic: qarma5 } ]
              vms: [ { name: vm0, vcpus: 2, request: [address, generic] } ]
            policy:
              lazy: false
              hooks:
                vcpu_load:
                  - if: { any: [ vcpu_has_ptrauth, cpu_hcr.APK ] }
                    then: [ preempt_disable, save_host_keys, { set_vcpu_hcr: [API, APK] }, preempt_enable ]
                guest_enter: [ activate_traps ]
                switch_in: [ { if: vcpu_hcr.API, then: [ restore_guest_keys ] } ]
                switch_out: [ { if: vcpu_hcr.API, then: [ save_guest_keys, restore_host_keys ] } ]
                trap: { context: host, do: [ inject_undef ] }
                trap_key_access: { context: host, do: [ inject_undef ] }
            check: { symmetry: true, max_depth: 100 }
            expect: { verdict: holds }
            """);

    /** Replacements for a token: other fields' words, bad numbers, YAML syntax. */
    private static final List<String> WORDS = List.of(
            "", "x", "spec", "name", "cpus", "vms", "count", "vcpus", "if", "then", "else", "not", "all", "any",
            "save_host_keys", "inject_undef", "return_einval", "set_vcpu_hcr", "APIA", "API", "qarma5", "hyp",
            "violated", "holds", "true", "false", "yes", "null", "~", "0", "-1", "1.5", "1e9", "0x1f",
            "99999999999999999999", "2147483648", ".inf", "{", "}", "[", "]", ":", ",", "-", "- ", "&a", "*a", "!!binary",
            "!!int", "|", ">", "'", "\"", "#", "%YAML 1.2", "@", "`", "? ", "---", "...", "\t", "<<: *a", "\\", "\u2028",
            "\u00e9", "\ufeff");

    @Property(tries = 3000)
    void mutatedSpecsLoadOrFailCleanly(@ForAll("mutants") Mutant mutant) {
        Object outcome = outcome(mutant.content());
        if (outcome instanceof SpecException e) {
            String message = e.getMessage();
            MalformedSpecTest.assertWellFormed(message);
            assertTrue(LOCATED.matcher(message).matches(), "not located: " + message);
            assertFalse(message.contains("internal error"), message);
            Statistics.collect("error");
        } else {
            Statistics.collect("loads");
        }
    }

    @Property(tries = 500)
    void arbitraryBytesFailCleanly(@ForAll byte[] bytes) {
        Object outcome = outcome(bytes);
        if (!(outcome instanceof SpecException e)) {
            throw new AssertionError("random bytes loaded as a spec");
        }
        MalformedSpecTest.assertWellFormed(e.getMessage());
        assertTrue(LOCATED.matcher(e.getMessage()).matches(), "not located: " + e.getMessage());
    }

    /** The Spec or the SpecException; anything else, or more than 5 s, fails the property. */
    private static Object outcome(byte[] content) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                return SpecLoader.parse(FILE, content);
            } catch (SpecException e) {
                return e;
            } catch (Throwable t) {
                return fail("not a SpecException: " + t, t);
            }
        });
    }

    /** A base spec and the mutations applied to it, in order; toString shows them when a case fails. */
    record Mutant(int base, List<Mutation> mutations) {
        byte[] content() {
            byte[] b = BASES.get(base).getBytes(StandardCharsets.UTF_8);
            for (Mutation m : mutations) {
                b = m.apply(b);
            }
            return b;
        }

        @Override
        public String toString() {
            return "Mutant[base " + base + ", " + mutations + "]\n" + new String(content(), StandardCharsets.UTF_8);
        }
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        return Combinators.combine(Arbitraries.integers().between(0, BASES.size() - 1), mutation().list().ofMinSize(1).ofMaxSize(4))
                .as(Mutant::new);
    }

    private Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 100_000);
        return Arbitraries.oneOf(
                at.map(DeleteLine::new),
                at.map(DuplicateLine::new),
                Combinators.combine(at, at).as(SwapLines::new),
                Combinators.combine(at, Arbitraries.of(WORDS)).as(ReplaceToken::new),
                Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8)).as(InsertBytes::new),
                at.map(Truncate::new));
    }

    interface Mutation {
        byte[] apply(byte[] content);
    }

    private static List<String> lines(byte[] content) {
        return new ArrayList<>(Arrays.asList(new String(content, StandardCharsets.UTF_8).split("\n", -1)));
    }

    private static byte[] join(List<String> lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    record DeleteLine(int at) implements Mutation {
        public byte[] apply(byte[] content) {
            List<String> lines = lines(content);
            lines.remove(at % lines.size());
            return join(lines);
        }
    }

    record DuplicateLine(int at) implements Mutation {
        public byte[] apply(byte[] content) {
            List<String> lines = lines(content);
            int i = at % lines.size();
            lines.add(i, lines.get(i));
            return join(lines);
        }
    }

    record SwapLines(int a, int b) implements Mutation {
        public byte[] apply(byte[] content) {
            List<String> lines = lines(content);
            java.util.Collections.swap(lines, a % lines.size(), b % lines.size());
            return join(lines);
        }
    }

    record ReplaceToken(int at, String word) implements Mutation {
        private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]+|[^A-Za-z0-9_.\\s-]");

        public byte[] apply(byte[] content) {
            String text = new String(content, StandardCharsets.UTF_8);
            List<int[]> spans = new ArrayList<>();
            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
            }
            if (spans.isEmpty()) {
                return content;
            }
            int[] s = spans.get(at % spans.size());
            return (text.substring(0, s[0]) + word + text.substring(s[1])).getBytes(StandardCharsets.UTF_8);
        }
    }

    record InsertBytes(int at, byte[] bytes) implements Mutation {
        public byte[] apply(byte[] content) {
            int i = at % (content.length + 1);
            byte[] out = new byte[content.length + bytes.length];
            System.arraycopy(content, 0, out, 0, i);
            System.arraycopy(bytes, 0, out, i, bytes.length);
            System.arraycopy(content, i, out, i + bytes.length, content.length - i);
            return out;
        }

        @Override
        public String toString() {
            return "InsertBytes[at=" + at + ", bytes=" + Arrays.toString(bytes) + "]";
        }
    }

    record Truncate(int at) implements Mutation {
        public byte[] apply(byte[] content) {
            return Arrays.copyOf(content, at % (content.length + 1));
        }
    }
}
