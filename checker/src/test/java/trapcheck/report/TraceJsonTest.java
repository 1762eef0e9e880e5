package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Trace;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SourceFile;

class TraceJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The schema in reports/, found from the module directory or the repository root. */
    static JsonNode schema() throws Exception {
        for (Path p : List.of(Path.of("../reports/trace.schema.json"), Path.of("reports/trace.schema.json"))) {
            if (Files.exists(p)) {
                return JSON.readTree(p.toFile());
            }
        }
        throw new AssertionError("reports/trace.schema.json not found from " + Path.of("").toAbsolutePath());
    }

    @Test
    void writtenTraceMatchesTheSchema() throws Exception {
        JsonNode doc = JSON.readTree(TraceJson.toJson(TraceTextTest.counterexample()));
        List<String> errors = new MiniSchema(schema()).validate(doc);
        assertEquals(List.of(), errors);
        assertEquals("trapcheck-trace", doc.get("format").asText());
        assertEquals(2, doc.get("formatVersion").asInt());
        JsonNode step = doc.get("steps").get(4);
        assertEquals(5, step.get("index").asInt());
        assertEquals(1, step.get("action").asInt());
        assertEquals("right increments 1 -> 2", step.get("label").asText());
        assertEquals("[\"right\"]", step.get("actors").toString());
        assertFalse(step.has("state"), "only the changes after the initial state");
        assertEquals("inc-right", step.get("actionName").asText());
        assertEquals("{\"verdict\":\"violated\",\"invariant\":\"not-both-max\"}", doc.get("spec").get("expect").toString());
        assertEquals("{\"right.count\":{\"from\":\"one\",\"to\":\"two\"}}", step.get("changed").toString());
        assertEquals("[\"not-both-max\",\"sum-at-most-4\"]", step.get("violations").toString());
        assertEquals("left is three and right is two after right increments 1 -> 2",
                doc.get("violated").get(0).get("explanation").asText());
        assertEquals(CounterFixture.SHA, doc.get("spec").get("sha256").asText());
        assertEquals("[\"left\",\"right\"]", doc.get("lanes").toString());
    }

    @Test
    void schemaCatchesAMissingMember() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(TraceJson.toJson(TraceTextTest.counterexample()));
        ((ObjectNode) doc.get("steps").get(0)).remove("label");
        List<String> errors = new MiniSchema(schema()).validate(doc);
        assertEquals(List.of("$.steps[0]: missing required 'label'"), errors);
    }

    @Test
    void roundTripsThroughTheFile(@TempDir Path dir) throws Exception {
        Counterexample cx = TraceTextTest.counterexample();
        Path file = dir.resolve("out/counter.trace.json");
        TraceJson.write(cx, file);
        assertEquals(cx, TraceJson.read(file));
        assertEquals(TraceJson.toJson(cx), Files.readString(file));
    }

    /** The counter fixture's 5-step counterexample with effects, values, evidence and a culprit. */
    static Counterexample detailed() {
        CounterFixture.CounterTarget base = CounterFixture.CounterTarget.standard();
        Trace trace = CounterFixture.trace(base.model(), 0, 0, 0, 1, 1);
        return Counterexample.of(TraceTextTest.TOOL, CounterFixture.detailed(base), trace,
                trace.steps().get(4).violations());
    }

    @Test
    void version2WritesTheFullStateOnceThenChangesEffectsValuesAndTheCulprit(@TempDir Path dir) throws Exception {
        Counterexample cx = detailed();
        JsonNode doc = JSON.readTree(TraceJson.toJson(cx));
        assertEquals(List.of(), new MiniSchema(schema()).validate(doc));
        assertEquals("{\"left.count\":{\"n\":0,\"max\":false},\"right.count\":{\"n\":0,\"max\":false}}",
                doc.get("initial").get("values").toString());
        JsonNode third = doc.get("steps").get(2);
        assertFalse(third.has("state"));
        assertEquals("{\"left.count\":{\"from\":\"two\",\"to\":\"three\",\"fromValue\":{\"n\":2,\"max\":false},"
                + "\"toValue\":{\"n\":3,\"max\":true}}}", third.get("changed").toString());
        assertEquals("[{\"text\":\"left: count + 1\",\"location\":{\"file\":\"specs/counter.yaml\",\"line\":3,"
                + "\"column\":7},\"moves\":[{\"to\":\"left.count\",\"from\":null}]}]", third.get("effects").toString());
        assertEquals("[\"left.count\"]", third.get("toldByLabel").toString());
        // not-both-max is expected: its first evidence, left, was last written (made) by step 3
        assertEquals("{\"property\":\"not-both-max\",\"step\":3,\"field\":\"left.count\",\"location\":"
                + "{\"file\":\"specs/counter.yaml\",\"line\":3,\"column\":7},\"flow\":[{\"step\":3,"
                + "\"field\":\"left.count\",\"from\":null}]}", doc.get("culprit").toString());
        assertEquals("[\"left.count\",\"right.count\"]", doc.get("violated").get(0).get("evidence").toString());
        Path file = dir.resolve("counter.trace.json");
        TraceJson.write(cx, file);
        assertEquals(cx, TraceJson.read(file), "the steps' states come back from the changes");
    }

    @Test
    void fullStatesWriteEveryStepsStateAndValuesAndReadTheSame() throws Exception {
        Counterexample cx = detailed();
        String full = TraceJson.toJson(cx, true);
        JsonNode doc = JSON.readTree(full);
        assertEquals(List.of(), new MiniSchema(schema()).validate(doc));
        assertTrue(doc.get("fullStates").asBoolean());
        JsonNode last = doc.get("steps").get(4);
        assertEquals("{\"left.count\":\"three\",\"right.count\":\"two\"}", last.get("state").toString());
        assertEquals("{\"left.count\":{\"n\":3,\"max\":true},\"right.count\":{\"n\":2,\"max\":true}}",
                last.get("values").toString());
        assertEquals(cx, TraceJson.parse(full, "full.json"));
        assertFalse(JSON.readTree(TraceJson.toJson(cx)).has("fullStates"));
    }

    @Test
    void aVersion1TraceStillReadsAndMatchesItsSchema() throws Exception {
        String v1 = Golden.text("cli-v5.2-lazy-host-trap.v1.trace.json");
        JsonNode doc = JSON.readTree(v1);
        assertEquals(1, doc.get("formatVersion").asInt());
        JsonNode schema1 = null;
        for (Path p : List.of(Path.of("../reports/trace-1.schema.json"), Path.of("reports/trace-1.schema.json"))) {
            if (Files.exists(p)) {
                schema1 = JSON.readTree(p.toFile());
            }
        }
        assertEquals(List.of(), new MiniSchema(schema1).validate(doc));
        Counterexample cx = TraceJson.parse(v1, "v1.json");
        assertEquals(22, cx.steps().size());
        assertEquals(doc.get("steps").get(17).get("state").toString(),
                JSON.valueToTree(cx.steps().get(17).state()).toString());
        assertEquals(null, cx.culprit());
        assertEquals(null, cx.steps().get(0).actionName());
        // written again it is a version 2 file that reads back to the same counterexample
        String v2 = TraceJson.toJson(cx);
        assertEquals(List.of(), new MiniSchema(schema()).validate(JSON.readTree(v2)));
        assertEquals(cx, TraceJson.parse(v2, "v2.json"));
    }

    @Test
    void malformedVersion2MembersAreNamedByPath() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(TraceJson.toJson(detailed()));
        ((ObjectNode) doc.get("steps").get(2).get("effects").get(0).get("moves").get(0)).remove("to");
        var e = assertThrows(TraceJson.FormatException.class, () -> TraceJson.parse(doc.toString(), "t.json"));
        assertEquals("t.json: steps[2].effects[0].moves[0].to: expected a string (missing)", e.getMessage());
        ObjectNode doc2 = (ObjectNode) JSON.readTree(TraceJson.toJson(detailed()));
        ((ObjectNode) doc2.get("initial").get("values").get("left.count")).putArray("n");
        var e2 = assertThrows(TraceJson.FormatException.class, () -> TraceJson.parse(doc2.toString(), "t.json"));
        assertEquals("t.json: initial.values.left.count.n: expected a string, boolean or integer", e2.getMessage());
        ObjectNode doc3 = (ObjectNode) JSON.readTree(TraceJson.toJson(detailed()));
        ((ObjectNode) doc3.get("culprit")).put("step", "three");
        var e3 = assertThrows(TraceJson.FormatException.class, () -> TraceJson.parse(doc3.toString(), "t.json"));
        assertEquals("t.json: culprit.step: expected an integer", e3.getMessage());
    }

    /** The counter fixture as a spec that extends a base: two files, two hashes. */
    static Counterexample extending() {
        CounterFixture.CounterTarget base = CounterFixture.CounterTarget.standard();
        List<SourceFile> files = List.of(new SourceFile(Path.of("specs/counter.yaml"), CounterFixture.SHA),
                new SourceFile(Path.of("specs/base.yaml"), "ab".repeat(32)));
        CheckTarget extended = (CheckTarget) Proxy.newProxyInstance(CheckTarget.class.getClassLoader(),
                new Class<?>[] {CheckTarget.class},
                (proxy, method, args) -> method.getName().equals("sources") ? files : method.invoke(base, args));
        Trace trace = CounterFixture.trace(base.model(), 0, 0, 0, 1, 1);
        return Counterexample.of(TraceTextTest.TOOL, extended, trace, trace.steps().get(4).violations());
    }

    @Test
    void aSpecOfSeveralFilesRecordsEachWithItsHash(@TempDir Path dir) throws Exception {
        Counterexample cx = extending();
        assertEquals(List.of(new Counterexample.Source("specs/counter.yaml", CounterFixture.SHA),
                new Counterexample.Source("specs/base.yaml", "ab".repeat(32))), cx.spec().sources());
        JsonNode doc = JSON.readTree(TraceJson.toJson(cx));
        assertEquals(List.of(), new MiniSchema(schema()).validate(doc));
        assertEquals("[{\"path\":\"specs/counter.yaml\",\"sha256\":\"" + CounterFixture.SHA + "\"},"
                + "{\"path\":\"specs/base.yaml\",\"sha256\":\"" + "ab".repeat(32) + "\"}]",
                doc.get("spec").get("sources").toString());
        Path file = dir.resolve("counter.trace.json");
        TraceJson.write(cx, file);
        assertEquals(cx, TraceJson.read(file));
    }

    @Test
    void aSpecOfOneFileWritesNoSourcesAndATraceWithoutThemReads() throws Exception {
        String written = TraceJson.toJson(TraceTextTest.counterexample());
        assertFalse(JSON.readTree(written).get("spec").has("sources"), written);
        assertEquals(List.of(), TraceJson.parse(written, "t.json").spec().sources());
        ObjectNode doc = (ObjectNode) JSON.readTree(TraceJson.toJson(extending()));
        ((ObjectNode) doc.get("spec")).putArray("sources").add(1);
        var e = assertThrows(TraceJson.FormatException.class, () -> TraceJson.parse(doc.toString(), "t.json"));
        assertEquals("t.json: spec.sources[0]: expected an object", e.getMessage());
    }

    @Test
    void refusesOtherFormatsAndVersions() throws Exception {
        String good = TraceJson.toJson(TraceTextTest.counterexample());
        var e1 = assertThrows(TraceJson.FormatException.class,
                () -> TraceJson.parse(good.replace("\"trapcheck-trace\"", "\"other\""), "t.json"));
        assertTrue(e1.getMessage().contains("not a trapcheck trace"), e1.getMessage());
        var e2 = assertThrows(TraceJson.FormatException.class,
                () -> TraceJson.parse(good.replace("\"formatVersion\" : 2", "\"formatVersion\" : 3"), "t.json"));
        assertEquals("t.json: trace format version 3 is not supported (this trapcheck reads versions 1 and 2)",
                e2.getMessage());
        var e3 = assertThrows(TraceJson.FormatException.class, () -> TraceJson.parse("{", "t.json"));
        assertTrue(e3.getMessage().startsWith("t.json: not JSON"), e3.getMessage());
    }

    @Test
    void namesTheMissingMemberByPath() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(TraceJson.toJson(TraceTextTest.counterexample()));
        ((ObjectNode) doc.get("steps").get(2)).remove("action");
        var e = assertThrows(TraceJson.FormatException.class, () -> TraceJson.parse(doc.toString(), "t.json"));
        assertEquals("t.json: steps[2].action: expected an integer (missing)", e.getMessage());
    }

    @Test
    void leavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        TraceJson.write(TraceTextTest.counterexample(), dir.resolve("a.trace.json"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("a.trace.json"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.readString(dir.resolve("a.trace.json")).isBlank());
    }
}
