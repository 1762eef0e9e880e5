package trapcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Validates JSON documents against a JSON Schema file, with a real validator (each schema's own draft). */
final class JsonSchemas {

    private JsonSchemas() {
    }

    /** The repository root, found from the module directory (Maven) or the root itself. */
    static Path repositoryFile(String relative) {
        for (Path p : List.of(Path.of("..").resolve(relative), Path.of(relative))) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new AssertionError(relative + " not found from " + Path.of("").toAbsolutePath());
    }

    static Schema load(Path schemaFile) throws IOException {
        try (InputStream in = Files.newInputStream(schemaFile)) {
            return registry().getSchema(in);
        }
    }

    /** A schema from the test resources (a vendored standard's schema). */
    static Schema resource(String name) throws IOException {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no test resource " + name);
            }
            return registry().getSchema(in);
        }
    }

    /** Every violation as "instance path: message"; empty when the document is valid. */
    static List<String> errors(Schema schema, JsonNode document) {
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    private static SchemaRegistry registry() {
        // A schema's own $schema picks its draft; 2020-12 for one that names none.
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    }
}
