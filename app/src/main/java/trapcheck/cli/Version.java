package trapcheck.cli;

/** The tool's name and version (kept equal to the Maven project version; a test checks it). */
public final class Version {
    public static final String NAME = "trapcheck";
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
