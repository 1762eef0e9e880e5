package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hook conditions: a named condition ({@code vcpu_has_ptrauth}, {@code vcpu_hcr.API}, ...) or a
 * one-key map {@code {not: C}}, {@code {all: [C...]}}, {@code {any: [C...]}}. Depth is bounded by
 * the reader's nesting limit.
 */
final class ConditionReader {
    static final Map<String, Condition.Name> NAMES =
            Values.vocabulary(Condition.Name.values(), Condition.Name::word);
    static final List<String> OPERATORS = List.of("not", "all", "any");
    /** Words from other languages a user will reach for, mapped to ours. */
    private static final Map<String, String> SYNONYMS = Map.of("and", "all", "or", "any", "!", "not");

    private ConditionReader() {
    }

    static Condition read(YamlNode node, String path) {
        if (node instanceof YamlNode.ScalarNode s && s.isString()) {
            return new Condition.Atom(Values.word(node, path, "condition", NAMES));
        }
        if (!(node instanceof YamlNode.MapNode map) || map.entries().size() != 1) {
            String found = node instanceof YamlNode.MapNode ? ", found " + node.describe() : "";
            if (found.isEmpty()) {
                throw SpecError.expected(node, path, "a condition (a word such as vcpu_has_ptrauth, or { not: C }, "
                        + "{ all: [C, ...] }, { any: [C, ...] })");
            }
            throw SpecError.at(node, path, "a condition map holds exactly one of not, all, any" + found);
        }
        YamlNode.Entry entry = map.entries().values().iterator().next();
        String operator = entry.key();
        String operandPath = Paths.field(path, operator);
        switch (operator) {
            case "not":
                return new Condition.Not(read(entry.value(), operandPath));
            case "all":
                return new Condition.All(operands(entry.value(), operandPath, operator));
            case "any":
                return new Condition.Any(operands(entry.value(), operandPath, operator));
            default:
                String synonym = SYNONYMS.get(operator);
                String hint = synonym != null ? " (did you mean '" + synonym + "'?)" : DidYouMean.hint(operator, OPERATORS);
                if (synonym == null && NAMES.containsKey(operator)) {
                    hint = " (" + operator + " is a condition on its own: write it as a bare word)";
                }
                throw SpecError.atKey(entry, operandPath,
                        "unknown condition operator " + Quote.value(operator) + hint);
        }
    }

    private static List<Condition> operands(YamlNode node, String path, String operator) {
        List<YamlNode> items = Values.list(node, path, "conditions");
        if (items.isEmpty()) {
            throw SpecError.at(node, path, "expected at least one condition under '" + operator + "', found an empty list");
        }
        List<Condition> operands = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            operands.add(read(items.get(i), Paths.index(path, i)));
        }
        return operands;
    }
}
