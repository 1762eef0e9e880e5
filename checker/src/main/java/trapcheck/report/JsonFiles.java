package trapcheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * How every JSON file of trapcheck is written: a record serialised by Jackson (members in the
 * record's component order, nulls written), two-space indentation, a final newline. Deterministic,
 * so the same result writes the same bytes.
 */
public final class JsonFiles {

    /** The mapper of every file; also for reading, where a reader wants the tree. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /** The text of {@code file}'s record, ending with a newline. */
    public static String toJson(Object file) {
        try {
            return MAPPER.writeValueAsString(file) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
