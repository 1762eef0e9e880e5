package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code check:} and {@code expect:} — both optional. */
final class CheckReader {
    static final Map<String, Invariant> INVARIANTS = Values.vocabulary(Invariant.values(), Invariant::id);
    static final List<String> CHECK_FIELDS = List.of("invariants", "symmetry", "max_depth", "strict");
    static final List<String> EXPECT_FIELDS = List.of("verdict", "invariant");
    static final Map<String, Boolean> VERDICTS = new LinkedHashMap<>();

    static {
        VERDICTS.put("holds", false);
        VERDICTS.put("violated", true);
    }

    private CheckReader() {
    }

    static CheckConfig check(YamlNode node, String path) {
        if (node == null) {
            return new CheckConfig(null, true, 0);
        }
        MapFields f = new MapFields(node, path, "a map of check settings (" + String.join(", ", CHECK_FIELDS) + ")",
                CHECK_FIELDS);
        List<String> invariants = null;
        SourcePos apiApkAt = null;
        YamlNode inv = f.get("invariants");
        String invPath = f.pathOf("invariants");
        if (inv instanceof YamlNode.ScalarNode s && s.isString()) {
            if (!s.text().equals("all")) {
                List<String> words = new ArrayList<>(INVARIANTS.keySet());
                words.add(0, "all");
                throw SpecError.at(inv, invPath, "expected 'all' or a list of invariant ids, found "
                        + Quote.value(s.text()) + DidYouMean.hint(s.text(), words));
            }
        } else if (inv != null) {
            if (!(inv instanceof YamlNode.ListNode)) {
                throw SpecError.expected(inv, invPath, "'all' or a list of invariant ids");
            }
            EnumSet<Invariant> chosen = EnumSet.noneOf(Invariant.class);
            chosen.addAll(Values.words(inv, invPath, "invariant", INVARIANTS, true));
            List<YamlNode> items = ((YamlNode.ListNode) inv).items();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof YamlNode.ScalarNode s
                        && s.text().equals(Invariant.API_APK_CLEARED_ON_LOAD.id())) {
                    apiApkAt = new SourcePos(s.line(), s.column(), Paths.index(invPath, i), s.source());
                }
            }
            invariants = chosen.stream().map(Invariant::id).toList();   // catalogue order
        }
        boolean symmetry = f.bool("symmetry", true);
        int maxDepth = f.integer("max_depth", 0, 0, Values.ABSURD);
        boolean strict = f.bool("strict", false);
        return new CheckConfig(invariants, symmetry, maxDepth, strict, apiApkAt);
    }

    /**
     * @param check  the check settings, to refuse expecting a violation of an invariant not checked
     * @param policy the policy (api-apk-cleared-on-load is not in the default set of a non-lazy policy)
     */
    static Expect expect(YamlNode node, String path, CheckConfig check, Policy policy) {
        if (node == null) {
            return new Expect(false, null, new SourcePos(0, 0, path));
        }
        MapFields f = new MapFields(node, path, "a map (verdict, invariant)", EXPECT_FIELDS);
        boolean violated = Values.word(f.required("verdict", "holds or violated"), f.pathOf("verdict"), "verdict", VERDICTS);
        YamlNode invNode = f.get("invariant");
        String invPath = f.pathOf("invariant");
        if (!violated) {
            if (invNode != null) {
                throw SpecError.at(invNode, invPath, "an invariant is named only with verdict: violated; "
                        + "verdict holds means every checked invariant holds");
            }
            return new Expect(false, null, f.pos());
        }
        if (invNode == null) {
            throw SpecError.at(node, path, "missing field 'invariant' (required with verdict: violated: the id of the "
                    + "invariant the counterexample breaks)");
        }
        Invariant invariant = Values.word(invNode, invPath, "invariant", INVARIANTS);
        if (check.invariants() != null && !check.invariants().contains(invariant.id())) {
            throw SpecError.at(invNode, invPath, "expects a violation of " + invariant.id()
                    + ", which check.invariants leaves out");
        }
        if (check.invariants() == null && !invariant.checkedByDefault(policy)) {
            throw SpecError.at(invNode, invPath, "expects a violation of " + invariant.id()
                    + ", which is not checked when policy.lazy is false");
        }
        return new Expect(true, invariant.id(), f.pos());
    }
}
