package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hook programs: lists of ops (docs/spec-reference.md, "Ops"). An op is a bare word, a one-key map whose key is the
 * op and whose value is its argument list, or an {@code if} map. Each op records where it stands.
 */
final class OpReader {
    /** Where a program runs; decides where inject_undef and return_einval mean something. */
    enum Place { HOOK, TRAP, RESET }

    static final int MAX_IF_DEPTH = 16;

    private static final Map<String, Op.KeyMove.Kind> KEY_MOVES =
            Values.vocabulary(Op.KeyMove.Kind.values(), Op.KeyMove.Kind::word);
    private static final Map<String, Op.Simple.Kind> SIMPLE = Values.vocabulary(Op.Simple.Kind.values(), Op.Simple.Kind::word);
    static final Map<String, Op.HcrBit> BITS = Values.vocabulary(Op.HcrBit.values(), Op.HcrBit::name);
    /** set_vcpu_hcr, clear_vcpu_hcr, set_cpu_hcr, clear_cpu_hcr: {set, physical}. */
    private static final Map<String, boolean[]> HCR_WRITES = new LinkedHashMap<>();
    static final List<String> OP_WORDS = new ArrayList<>();
    static final List<String> IF_FIELDS = List.of("if", "then", "else");
    private static final String EXAMPLE = "a word such as save_host_keys, or a map such as { set_vcpu_hcr: [API, APK] }";

    static {
        for (boolean physical : new boolean[] {false, true}) {
            for (boolean set : new boolean[] {true, false}) {
                HCR_WRITES.put((set ? "set_" : "clear_") + (physical ? "cpu_hcr" : "vcpu_hcr"), new boolean[] {set, physical});
            }
        }
        OP_WORDS.addAll(KEY_MOVES.keySet());
        OP_WORDS.addAll(HCR_WRITES.keySet());
        OP_WORDS.addAll(SIMPLE.keySet());
        OP_WORDS.add("if");
    }

    private final List<Key> modelledKeys;
    private final Place place;

    /**
     * @param modelledKeys guest.keys: key ops skip the others
     * @param place        which hook the programs read belong to
     */
    OpReader(List<Key> modelledKeys, Place place) {
        this.modelledKeys = modelledKeys;
        this.place = place;
    }

    /** A list of ops. */
    List<Op> program(YamlNode node, String path) {
        return program(node, path, 0);
    }

    private List<Op> program(YamlNode node, String path, int ifDepth) {
        List<YamlNode> items = Values.list(node, path, "ops");
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ops.add(op(items.get(i), Paths.index(path, i), ifDepth));
        }
        return ops;
    }

    private Op op(YamlNode node, String path, int ifDepth) {
        SourcePos pos = new SourcePos(node.line(), node.column(), path, node.source());
        if (node instanceof YamlNode.ScalarNode s && s.isString()) {
            return bareOp(s.text(), node, path, pos);
        }
        if (!(node instanceof YamlNode.MapNode map)) {
            throw SpecError.expected(node, path, "an op (" + EXAMPLE + ")");
        }
        if (map.entries().containsKey("if")) {
            return ifOp(node, path, pos, ifDepth);
        }
        if (map.entries().size() != 1) {
            if (map.entries().containsKey("then") || map.entries().containsKey("else")) {
                throw SpecError.at(node, path, "found 'then' or 'else' without 'if'; write { if: COND, then: [ops] }");
            }
            throw SpecError.at(node, path, "an op map holds exactly one op, found " + map.describe());
        }
        YamlNode.Entry entry = map.entries().values().iterator().next();
        String word = entry.key();
        String argPath = Paths.field(path, word);
        Op.KeyMove.Kind move = KEY_MOVES.get(word);
        if (move != null) {
            return new Op.KeyMove(move, keys(entry.value(), argPath), pos);
        }
        boolean[] hcr = HCR_WRITES.get(word);
        if (hcr != null) {
            EnumSet<Op.HcrBit> bits = EnumSet.noneOf(Op.HcrBit.class);
            bits.addAll(Values.words(entry.value(), argPath, "HCR bit", BITS, true));
            return new Op.HcrWrite(hcr[0], hcr[1], bits, pos);
        }
        if (SIMPLE.containsKey(word)) {
            throw SpecError.atKey(entry, argPath,
                    word + " takes no arguments; write it as a bare word");
        }
        throw SpecError.atKey(entry, path, "unknown op " + Quote.value(word) + DidYouMean.hint(word, OP_WORDS));
    }

    private Op bareOp(String word, YamlNode node, String path, SourcePos pos) {
        Op.KeyMove.Kind move = KEY_MOVES.get(word);
        if (move != null) {
            // A bare key op moves every key, which here means every modelled key.
            return new Op.KeyMove(move, modelledKeys, pos);
        }
        if (HCR_WRITES.containsKey(word)) {
            throw SpecError.at(node, path, word + " needs the bits to write: write { " + word + ": [API, APK] }");
        }
        if (word.equals("if")) {
            throw SpecError.at(node, path, "if needs a condition and a branch: write { if: COND, then: [ops] }");
        }
        Op.Simple.Kind kind = SIMPLE.get(word);
        if (kind == null) {
            throw SpecError.at(node, path, "unknown op " + Quote.value(word) + DidYouMean.hint(word, OP_WORDS));
        }
        if (kind == Op.Simple.Kind.INJECT_UNDEF && place != Place.TRAP) {
            throw SpecError.at(node, path, "inject_undef only means something in a trap handler (trap or trap_key_access)");
        }
        if (kind == Op.Simple.Kind.RETURN_EINVAL && place != Place.RESET) {
            throw SpecError.at(node, path, "return_einval only means something in vcpu_reset");
        }
        return new Op.Simple(kind, pos);
    }

    /** A key list, checked in full, then filtered to the modelled keys in the order written. */
    private List<Key> keys(YamlNode node, String path) {
        List<Key> written = Values.words(node, path, "key", GuestReader.KEYS, true);
        List<Key> kept = new ArrayList<>();
        for (Key k : written) {
            if (modelledKeys.contains(k)) {
                kept.add(k);
            }
        }
        return kept;
    }

    private Op ifOp(YamlNode node, String path, SourcePos pos, int ifDepth) {
        if (ifDepth >= MAX_IF_DEPTH) {
            throw SpecError.at(node, path, "ifs nest deeper than " + MAX_IF_DEPTH + " levels");
        }
        MapFields f = new MapFields(node, path, "an if", IF_FIELDS);
        Condition condition = ConditionReader.read(f.get("if"), f.pathOf("if"));
        List<Op> then = program(f.required("then", "the ops to run when the condition holds"), f.pathOf("then"), ifDepth + 1);
        List<Op> otherwise = f.has("else") ? program(f.get("else"), f.pathOf("else"), ifDepth + 1) : List.of();
        return new Op.If(condition, then, otherwise, pos);
    }
}
