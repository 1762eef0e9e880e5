package trapcheck.kvm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/spec-reference.md lists every name a spec may use in tables, each preceded by
 * {@code <!-- names: KEY -->}. This test reads the first column of each table and compares it, both
 * ways, with the list the loader itself uses (the same list its "did you mean" hints draw from), so a
 * name added, renamed or removed in the code or in the docs fails here until the other side follows.
 */
class SpecReferenceNamesTest {
    static final Path REFERENCE = Path.of("..", "docs", "spec-reference.md");
    private static final Pattern MARKER = Pattern.compile("^<!-- names: (\\S+) -->\\s*$");
    private static final Pattern NAME_CELL = Pattern.compile("^`([^`]+)`$");
    /** Tables checked by the module that owns their list (the CLI's exit codes), not by this one. */
    private static final Set<String> CHECKED_ELSEWHERE = Set.of("exit-codes");

    /** What each marker's table must list, from the loader's own vocabularies. */
    static Map<String, Collection<String>> vocabularies() {
        Map<String, Collection<String>> v = new LinkedHashMap<>();
        v.put("fields:", SpecLoader.FIELDS);
        v.put("fields:topology", TopologyReader.FIELDS);
        v.put("fields:topology.cpus[]", TopologyReader.CPU_FIELDS);
        v.put("fields:topology.vms[]", TopologyReader.VM_FIELDS);
        v.put("fields:guest", GuestReader.FIELDS);
        v.put("fields:policy", PolicyReader.FIELDS);
        v.put("fields:policy.expose", PolicyReader.EXPOSE_FIELDS);
        v.put("fields:policy.id_registers", PolicyReader.ID_REGISTER_FIELDS);
        v.put("hooks", PolicyReader.HOOKS);
        v.put("fields:trap-handler", PolicyReader.TRAP_FIELDS);
        v.put("ops", OpReader.OP_WORDS);
        v.put("fields:if", OpReader.IF_FIELDS);
        v.put("conditions", ConditionReader.NAMES.keySet());
        v.put("condition-operators", ConditionReader.OPERATORS);
        v.put("fields:check", CheckReader.CHECK_FIELDS);
        v.put("fields:expect", CheckReader.EXPECT_FIELDS);
        v.put("invariants", CheckReader.INVARIANTS.keySet());
        v.put("verdicts", CheckReader.VERDICTS.keySet());
        v.put("guest-actions", GuestReader.ACTIONS.keySet());
        v.put("keys", GuestReader.KEYS.keySet());
        v.put("algorithms", TopologyReader.ALGORITHMS.keySet());
        v.put("request", TopologyReader.CLASSES.keySet());
        v.put("exposure-rules", PolicyReader.EXPOSURES.keySet());
        v.put("id-fields", PolicyReader.ID_FIELDS.keySet());
        v.put("trap-contexts", PolicyReader.CONTEXTS.keySet());
        v.put("hcr-bits", OpReader.BITS.keySet());
        return v;
    }

    @Test
    void everyTableOfNamesListsExactlyWhatTheLoaderKnows() throws IOException {
        Map<String, List<String>> tables = tables(Files.readAllLines(REFERENCE));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Collection<String>> e : vocabularies().entrySet()) {
            List<String> documented = tables.get(e.getKey());
            if (documented == null) {
                problems.add("no table for " + e.getKey() + ": add one after a line <!-- names: " + e.getKey()
                        + " --> listing " + e.getValue());
                continue;
            }
            problems.addAll(compare(e.getKey(), documented, e.getValue()));
        }
        for (String key : tables.keySet()) {
            if (!vocabularies().containsKey(key) && !CHECKED_ELSEWHERE.contains(key)) {
                problems.add("<!-- names: " + key + " --> names no list the loader has (known: "
                        + vocabularies().keySet() + ")");
            }
        }
        assertTrue(problems.isEmpty(), REFERENCE + " and the loader disagree:\n  " + String.join("\n  ", problems));
    }

    /** The differences between a documented table and the code's list, one line each. */
    static List<String> compare(String key, List<String> documented, Collection<String> code) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String name : documented) {
            if (!seen.add(name)) {
                problems.add(key + ": `" + name + "` has two rows");
            }
        }
        Set<String> missing = new TreeSet<>(code);
        missing.removeAll(seen);
        Set<String> unknown = new TreeSet<>(seen);
        unknown.removeAll(code);
        if (!missing.isEmpty()) {
            problems.add(key + ": the loader knows " + missing + ", which the table does not document");
        }
        if (!unknown.isEmpty()) {
            problems.add(key + ": the table documents " + unknown + ", which the loader does not know");
        }
        return problems;
    }

    /**
     * Each marker's table: the names in its first column, each written as one backticked word. A
     * marker without a table right after it, or a row whose first cell is not a backticked name, is
     * an error rather than an empty table.
     */
    static Map<String, List<String>> tables(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1);
            if (out.containsKey(key)) {
                throw new IllegalStateException("line " + (i + 1) + ": a second table for " + key);
            }
            int row = i + 1;
            if (row + 1 >= lines.size() || !lines.get(row).startsWith("|") || !lines.get(row + 1).startsWith("| ---")) {
                throw new IllegalStateException("line " + (i + 1) + ": <!-- names: " + key
                        + " --> must be followed directly by a table (header and | --- | line)");
            }
            List<String> names = new ArrayList<>();
            for (row += 2; row < lines.size() && lines.get(row).startsWith("|"); row++) {
                String first = lines.get(row).substring(1).split("\\|", 2)[0].strip();
                Matcher cell = NAME_CELL.matcher(first);
                if (!cell.matches()) {
                    throw new IllegalStateException("line " + (row + 1) + ": the first cell of a row of " + key
                            + " must be one name in backticks, found '" + first + "'");
                }
                names.add(cell.group(1));
            }
            out.put(key, names);
        }
        return out;
    }

    @Test
    void aRenamedOrMissingNameIsReportedOnBothSides() {
        List<String> problems = compare("ops", List.of("save_host_keys", "restore_host_key", "if"),
                List.of("save_host_keys", "restore_host_keys", "if"));
        assertEquals(List.of("ops: the loader knows [restore_host_keys], which the table does not document",
                "ops: the table documents [restore_host_key], which the loader does not know"), problems);
        assertEquals(List.of("ops: `if` has two rows"), compare("ops", List.of("if", "if"), List.of("if")));
    }

    @Test
    void aTableIsReadFromItsFirstColumnAndAMalformedOneIsRefused() {
        List<String> doc = List.of("text", "<!-- names: hcr-bits -->", "| bit | meaning |", "| --- | --- |",
                "| `API` | PAC instructions |", "| `APK` | key registers |", "", "after");
        assertEquals(Map.of("hcr-bits", List.of("API", "APK")), tables(doc));
        assertThrows(IllegalStateException.class, () -> tables(List.of("<!-- names: keys -->", "", "| k |", "| --- |")));
        assertThrows(IllegalStateException.class, () -> tables(List.of("<!-- names: keys -->", "| k |", "| --- |",
                "| APIA |")));
    }
}
