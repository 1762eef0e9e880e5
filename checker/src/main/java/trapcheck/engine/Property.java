package trapcheck.engine;

/**
 * A safety property: a stable id (used in specs, reports and exit results) and what it means.
 */
public record Property(String id, String description) {
}
