package trapcheck.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the specs of one run are unique: they name its trace files, checkpoint folders,
 * summary entries, JUnit test cases and HTML anchors, so two specs of one name would make one
 * report show the other's result. A run that has two is refused before any work.
 */
final class SpecNames {
    private SpecNames() {
    }

    /** "two specs are named ..." for the first name given twice ({@code names[i]} read from {@code files[i]}), or null. */
    static String duplicate(List<String> names, List<Path> files) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer before = first.putIfAbsent(OutFolder.safeFileName(names.get(i)), i);
            if (before != null) {
                return "two specs are named " + names.get(i) + " (" + files.get(before) + " and " + files.get(i)
                        + "): names must be unique in one run, they name its reports";
            }
        }
        return null;
    }
}
