package trapcheck.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The results as a JUnit XML report, for CI systems that show test results: one {@code <testcase>}
 * per spec (classname {@code "trapcheck"}, name = the spec's name), with {@code <failure>} for a
 * mismatch, {@code <error>} for an invalid spec, and for a run a limit stopped {@code <failure
 * type="Incomplete">} (a gate that did not finish did not pass; exit 3) or, when asked, {@code
 * <skipped>}. A failure's body holds the mismatch, the counterexample's BROKEN explanations and its
 * trace path.
 */
public final class JUnitXml {

    private JUnitXml() {
    }

    /** Limits as failures, without counterexamples. */
    public static String toXml(String suiteName, List<SpecOutcome> outcomes) {
        return toXml(suiteName, outcomes, Map.of(), true);
    }

    /**
     * @param counterexamples by spec name, for the BROKEN explanations of a failure
     * @param limitIsFailure  a run a limit stopped is a failure (else skipped)
     */
    public static String toXml(String suiteName, List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples,
                               boolean limitIsFailure) {
        long limits = count(outcomes, SpecOutcome.Status.LIMIT);
        long failures = count(outcomes, SpecOutcome.Status.MISMATCH) + (limitIsFailure ? limits : 0);
        long errors = count(outcomes, SpecOutcome.Status.ERROR);
        long skipped = limitIsFailure ? 0 : limits;
        double total = outcomes.stream().mapToDouble(SpecOutcome::seconds).sum();
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", legal(suiteName));
            x.writeAttribute("tests", Integer.toString(outcomes.size()));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", Long.toString(errors));
            x.writeAttribute("skipped", Long.toString(skipped));
            x.writeAttribute("time", seconds(total));
            x.writeCharacters("\n");
            for (SpecOutcome o : outcomes) {
                x.writeCharacters("  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "trapcheck");
                x.writeAttribute("name", legal(o.spec()));
                x.writeAttribute("file", o.file() == null ? "" : legal(o.file()));
                x.writeAttribute("time", seconds(o.seconds()));
                String element = switch (o.status()) {
                    case MATCHED -> null;
                    case MISMATCH -> "failure";
                    case ERROR -> "error";
                    case LIMIT -> limitIsFailure ? "failure" : "skipped";
                };
                if (o.partialOrder()) {
                    // Its counts are of the reduced state space (the verdict is exact): said for a reader of the numbers.
                    x.writeCharacters("\n    ");
                    x.writeStartElement("properties");
                    x.writeEmptyElement("property");
                    x.writeAttribute("name", "partialOrder");
                    x.writeAttribute("value", "true");
                    x.writeEndElement();
                    x.writeCharacters("\n  ");
                }
                if (element == null && !o.vacuous().isEmpty()) {
                    // A vacuous hold that passes: said where CI shows a passing test's output.
                    x.writeCharacters("\n    ");
                    x.writeStartElement("system-out");
                    x.writeCharacters(o.verdictText());
                    x.writeEndElement();
                    x.writeCharacters("\n  ");
                }
                if (element != null) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement(element);
                    x.writeAttribute("message", o.message() == null ? "" : legal(o.message()));
                    if (!element.equals("skipped")) {
                        x.writeAttribute("type", switch (o.status()) {
                            case ERROR -> "InvalidSpec";
                            case LIMIT -> "Incomplete";
                            default -> "Mismatch";
                        });
                        x.writeCharacters(legal(describe(o, counterexamples.get(o.spec()))));
                    }
                    x.writeEndElement();
                    x.writeCharacters("\n  ");
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    public static void write(Path file, String suiteName, List<SpecOutcome> outcomes) throws IOException {
        AtomicFiles.writeString(file, toXml(suiteName, outcomes));
    }

    public static void write(Path file, String suiteName, List<SpecOutcome> outcomes,
                             Map<String, Counterexample> counterexamples, boolean limitIsFailure) throws IOException {
        AtomicFiles.writeString(file, toXml(suiteName, outcomes, counterexamples, limitIsFailure));
    }

    private static String describe(SpecOutcome o, Counterexample cx) {
        StringBuilder b = new StringBuilder(o.message() == null ? "" : o.message());
        if (o.status() == SpecOutcome.Status.LIMIT) {
            b.append(String.format(Locale.ROOT, "\nexplored: %,d states, %d steps deep, %.1f s (no verdict: the "
                    + "explored states hold)", o.states(), o.depth(), o.seconds()));
            if (o.partialOrder()) {
                b.append(" (partial-order reduction: counts of the reduced state space)");
            }
        }
        if (cx != null) {
            for (Counterexample.Broken broken : cx.violated()) {
                b.append("\nBROKEN ").append(broken.id()).append(": ").append(broken.explanation() == null
                        || broken.explanation().isBlank() ? broken.description() : broken.explanation());
            }
        }
        if (o.status() == SpecOutcome.Status.MISMATCH) {
            b.append("\nverdict: ").append(o.verdict());
            if (!o.invariants().isEmpty()) {
                b.append(' ').append(o.invariants());
            }
            b.append("\nexpected: ").append(o.expected());
            if (o.trace() != null) {
                b.append("\ncounterexample: ").append(o.trace());
            }
        }
        return b.toString();
    }

    /**
     * The text with every character XML 1.0 does not allow (controls other than tab and line ends,
     * lone surrogates, U+FFFE and U+FFFF: a spec path may hold any of them) written as {@code \\uXXXX},
     * so that the report always parses.
     */
    static String legal(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c < 0xFFFE)
                    || pair;
            if (!ok && b == null) {
                b = new StringBuilder(text.substring(0, i));
            }
            if (b != null) {
                if (ok) {
                    b.append(c);
                    if (pair) {
                        b.append(text.charAt(++i));
                    }
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            } else if (pair) {
                i++;
            }
        }
        return b == null ? text : b.toString();
    }

    private static long count(List<SpecOutcome> outcomes, SpecOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
