package trapcheck.kvm.spec;

import java.util.List;

/**
 * The fields of one map of the spec, checked against the names that map may hold: an unknown name
 * is an error (with did-you-mean) as soon as the map is opened, so a typo never silently becomes
 * "field left out, default used".
 */
final class MapFields {
    private final YamlNode.MapNode map;
    private final String path;

    /**
     * @param what    what the map is, for the type error ("a map of pCPU fields")
     * @param allowed the field names this map may hold
     */
    MapFields(YamlNode node, String path, String what, List<String> allowed) {
        if (!(node instanceof YamlNode.MapNode m)) {
            throw SpecError.expected(node, path, what);
        }
        for (YamlNode.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                throw SpecError.atKey(e, Paths.field(path, e.key()),
                        "unknown field " + Quote.value(e.key()) + DidYouMean.hint(e.key(), allowed));
            }
        }
        this.map = m;
        this.path = path;
    }

    YamlNode node() {
        return map;
    }

    String path() {
        return path;
    }

    SourcePos pos() {
        return new SourcePos(map.line(), map.column(), path, map.source());
    }

    /** Where the key {@code name} stands (not its value), or {@link SourcePos#NONE} when absent. */
    SourcePos keyPos(String name) {
        YamlNode.Entry e = map.entries().get(name);
        return e == null ? SourcePos.NONE : new SourcePos(e.line(), e.column(), pathOf(name), e.source());
    }

    boolean has(String name) {
        return map.entries().containsKey(name);
    }

    /** The value of a field, or null when it is left out. */
    YamlNode get(String name) {
        YamlNode.Entry e = map.entries().get(name);
        return e == null ? null : e.value();
    }

    /** The value of a field that must be given; {@code what} says what it holds, for the error. */
    YamlNode required(String name, String what) {
        YamlNode value = get(name);
        if (value == null) {
            throw SpecError.at(map, path, "missing field '" + name + "' (" + what + ")");
        }
        return value;
    }

    String pathOf(String name) {
        return Paths.field(path, name);
    }

    boolean bool(String name, boolean byDefault) {
        YamlNode value = get(name);
        return value == null ? byDefault : Values.bool(value, pathOf(name));
    }

    int integer(String name, int byDefault, int min, int max) {
        YamlNode value = get(name);
        return value == null ? byDefault : Values.integer(value, pathOf(name), min, max);
    }
}
