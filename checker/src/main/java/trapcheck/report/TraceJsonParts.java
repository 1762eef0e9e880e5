package trapcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the members of a trace file that {@link TraceJson#parse} leaves to parts: spec, culprit, steps. */
final class TraceJsonParts {

    private TraceJsonParts() {
    }

    static Counterexample.Spec spec(TraceJson.Reader r, JsonNode specNode) throws TraceJson.FormatException {
        List<Counterexample.Source> sources = new ArrayList<>();
        if (specNode.has("sources")) {
            JsonNode sourcesNode = r.array(specNode, "spec", "sources");
            for (int i = 0; i < sourcesNode.size(); i++) {
                String at = "spec.sources[" + i + "]";
                JsonNode f = r.element(sourcesNode, at);
                sources.add(new Counterexample.Source(r.nullableText(f, at, "path"), r.nullableText(f, at, "sha256")));
            }
        }
        SpecOutcome.Expected expect = null;
        if (specNode.has("expect") && !specNode.get("expect").isNull()) {
            JsonNode e = r.object(specNode, "spec", "expect");
            expect = new SpecOutcome.Expected(r.text(e, "spec.expect", "verdict"),
                    r.nullableText(e, "spec.expect", "invariant"));
        }
        return new Counterexample.Spec(r.text(specNode, "spec", "name"), r.nullableText(specNode, "spec", "path"),
                r.nullableText(specNode, "spec", "sha256"), sources, expect);
    }

    static Counterexample.Culprit culprit(TraceJson.Reader r, JsonNode c) throws TraceJson.FormatException {
        List<Counterexample.Hop> flow = new ArrayList<>();
        JsonNode flowNode = r.array(c, "culprit", "flow");
        for (int i = 0; i < flowNode.size(); i++) {
            String at = "culprit.flow[" + i + "]";
            JsonNode h = r.element(flowNode, at);
            flow.add(new Counterexample.Hop(r.integer(h, at, "step"), r.text(h, at, "field"),
                    r.nullableText(h, at, "from")));
        }
        return new Counterexample.Culprit(r.text(c, "culprit", "property"), r.integer(c, "culprit", "step"),
                r.nullableText(c, "culprit", "field"), location(r, c, "culprit"), flow);
    }

    private static Counterexample.Location location(TraceJson.Reader r, JsonNode node, String at)
            throws TraceJson.FormatException {
        JsonNode l = node.get("location");
        if (l == null || l.isNull()) {
            return null;
        }
        String here = at + ".location";
        JsonNode loc = r.object(node, at, "location");
        return new Counterexample.Location(r.text(loc, here, "file"), r.integer(loc, here, "line"),
                r.integer(loc, here, "column"));
    }

    /**
     * One step. A step without {@code state} (version 2 writes only changes) gets the previous state
     * with its changes applied.
     */
    static Counterexample.Step step(TraceJson.Reader r, JsonNode s, String at, int version,
                                    Map<String, String> previous) throws TraceJson.FormatException {
        Map<String, Counterexample.Change> changed = new LinkedHashMap<>();
        JsonNode changedNode = r.object(s, at, "changed");
        for (Map.Entry<String, JsonNode> e : changedNode.properties()) {
            String cat = at + ".changed." + e.getKey();
            if (!e.getValue().isObject()) {
                throw r.fail(cat, "an object with 'from' and 'to'");
            }
            JsonNode c = e.getValue();
            changed.put(e.getKey(), new Counterexample.Change(r.nullableText(c, cat, "from"),
                    r.nullableText(c, cat, "to"), c.has("fromValue") ? value(r, c.get("fromValue"), cat + ".fromValue")
                    : null, c.has("toValue") ? value(r, c.get("toValue"), cat + ".toValue") : null));
        }
        Map<String, String> state;
        if (version == 1 || s.has("state")) {
            state = r.fields(s, at, "state");
        } else {
            state = new LinkedHashMap<>(previous);
            changed.forEach((field, c) -> {
                if (c.to() == null) {
                    state.remove(field);
                } else {
                    state.put(field, c.to());
                }
            });
        }
        List<Counterexample.Effect> effects = new ArrayList<>();
        if (s.has("effects")) {
            JsonNode effectsNode = r.array(s, at, "effects");
            for (int i = 0; i < effectsNode.size(); i++) {
                String eat = at + ".effects[" + i + "]";
                JsonNode e = r.element(effectsNode, eat);
                List<Counterexample.Move> moves = new ArrayList<>();
                JsonNode movesNode = r.array(e, eat, "moves");
                for (int j = 0; j < movesNode.size(); j++) {
                    String mat = eat + ".moves[" + j + "]";
                    JsonNode m = r.element(movesNode, mat);
                    moves.add(new Counterexample.Move(r.text(m, mat, "to"), r.nullableText(m, mat, "from")));
                }
                effects.add(new Counterexample.Effect(r.nullableText(e, eat, "text"), location(r, e, eat), moves));
            }
        }
        return new Counterexample.Step(r.integer(s, at, "index"), r.integer(s, at, "action"),
                version == 1 ? null : r.nullableText(s, at, "actionName"), r.text(s, at, "label"),
                r.strings(s, at, "actors"), state, changed, r.strings(s, at, "violations"), effects,
                s.has("toldByLabel") ? r.strings(s, at, "toldByLabel") : List.of());
    }

    /** Structured readings: an object of objects whose members are strings, booleans or integers. */
    static Map<String, Map<String, Object>> values(TraceJson.Reader r, JsonNode node, String at, String name)
            throws TraceJson.FormatException {
        JsonNode v = r.object(node, at, name);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            out.put(e.getKey(), value(r, e.getValue(), TraceJson.Reader.path(at, name) + "." + e.getKey()));
        }
        return out;
    }

    private static Map<String, Object> value(TraceJson.Reader r, JsonNode v, String at)
            throws TraceJson.FormatException {
        if (!v.isObject()) {
            throw r.fail(at, "an object of strings, booleans and integers");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> m : v.properties()) {
            JsonNode x = m.getValue();
            if (x.isTextual()) {
                out.put(m.getKey(), x.asText());
            } else if (x.isBoolean()) {
                out.put(m.getKey(), x.asBoolean());
            } else if (x.isIntegralNumber() && x.canConvertToInt()) {
                out.put(m.getKey(), x.intValue());
            } else {
                throw r.fail(at + "." + m.getKey(), "a string, boolean or integer");
            }
        }
        return out;
    }
}
