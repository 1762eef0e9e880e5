package trapcheck.spi;

import java.util.List;

/**
 * What shows that a property is broken at the end of a trace: the fields of the last state that hold
 * the offending values (a register holding another owner's key), from which a report walks back to the
 * step that wrote them; or, when no field shows it (the step itself did something forbidden), where
 * the spec asks for what broke it.
 *
 * @param fields   fields of {@link CheckTarget#render}, the most telling first; empty when none shows it
 * @param location where the spec asks for what broke the property (an op the last step ran), or null
 */
public record Evidence(List<String> fields, SourceLocation location) {

    public static final Evidence NONE = new Evidence(List.of(), null);

    public Evidence {
        fields = List.copyOf(fields);
    }
}
