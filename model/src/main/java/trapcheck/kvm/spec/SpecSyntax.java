package trapcheck.kvm.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The two syntaxes a spec file may use, chosen by its name: strict JSON for ".json", YAML for
 * anything else. A JSON spec is read by Jackson's JSON parser with its defaults, which are RFC 8259
 * (no comments, single quotes, trailing commas, leading zeros or NaN), not as YAML, whose flow style
 * would accept all of those.
 */
enum SpecSyntax {
    YAML, JSON;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(YamlReader.MAX_DEPTH * 2)
            .maxNumberLength(64)
            .maxStringLength(YamlReader.MAX_BYTES)
            .build();
    private static final DirectiveRefusingFactory YAML_FACTORY = yamlFactory();
    // Duplicates are found by the walker, which can say where the first one stood.
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(LIMITS)
            .build();

    static SpecSyntax of(Path file) {
        Path name = file == null ? null : file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    JsonParser open(String text) throws IOException {
        return this == JSON ? JSON_FACTORY.createParser(text) : YAML_FACTORY.open(text);
    }

    private static DirectiveRefusingFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(YamlReader.MAX_DEPTH);
        options.setCodePointLimit(YamlReader.MAX_BYTES);
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return new DirectiveRefusingFactory(YAMLFactory.builder()
                .loaderOptions(options)
                // YAML 1.1 reads yes/no/on/off/y/n as booleans; a spec means only true/false.
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                // "vcpu_put:" with nothing after it is YAML's null, not an empty string.
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(LIMITS));
    }

    /** Builds {@link DirectiveRefusingParser}s; Jackson offers no hook on document events otherwise. */
    private static final class DirectiveRefusingFactory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        DirectiveRefusingFactory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        YAMLParser open(String text) {
            IOContext context = _createContext(_createContentReference(text), false);
            return new DirectiveRefusingParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions,
                    _objectCodec, new StringReader(text), text);
        }
    }

    /** The tag written on the node just read, as written ("!!str", "!custom", "!<tag:x>"), or null. */
    static String tagOfLastNode(JsonParser parser) {
        return parser instanceof DirectiveRefusingParser p ? p.lastTag : null;
    }

    /**
     * Refuses directives ({@code %YAML}, {@code %TAG} and reserved ones, which YAML processors are
     * told to ignore): a spec defines no tags, and a {@code %YAML 1.1} would promise a reading of
     * numbers and booleans the loader does not give. Takes tags off the events and keeps the last
     * one for the walker to refuse with the field's path, so that Jackson never acts on a tag
     * (decoding {@code !!binary}, say) before.
     */
    private static final class DirectiveRefusingParser extends YAMLParser {
        private static final String CORE = "tag:yaml.org,2002:";
        private final String text;
        private String lastTag;

        DirectiveRefusingParser(IOContext context, int features, int yamlFeatures, LoaderOptions options,
                                ObjectCodec codec, Reader reader, String text) {
            super(context, features, yamlFeatures, options, codec, reader);
            this.text = text;
        }

        @Override
        protected Event getEvent() throws IOException {
            Event e = super.getEvent();
            // An explicit document starts at its first token: a directive if there is one.
            if (e instanceof DocumentStartEvent d && d.getExplicit()) {
                int at = d.getStartMark().getIndex();
                if (at < text.length() && text.charAt(at) == '%') {
                    int end = at + 1;
                    while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && end - at < 20) {
                        end++;
                    }
                    throw new SpecError(d.getStartMark().getLine() + 1, d.getStartMark().getColumn() + 1, "",
                            "the directive " + Quote.value(text.substring(at, end))
                                    + " is not part of the spec format (it defines no tags or YAML versions); remove it");
                }
            }
            if (e instanceof ScalarEvent scalar) {
                lastTag = written(scalar.getTag());
                if (scalar.getTag() != null) {
                    return new ScalarEvent(scalar.getAnchor(), null, scalar.getImplicit(), scalar.getValue(),
                            scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
                }
            } else if (e instanceof CollectionStartEvent || e instanceof AliasEvent) {
                // Jackson reads a collection's tag only as a type id, which the walker never asks for.
                lastTag = e instanceof CollectionStartEvent c ? written(c.getTag()) : null;
            }
            return e;
        }

        private static String written(String tag) {
            if (tag == null || tag.startsWith("!")) {
                return tag;
            }
            return tag.startsWith(CORE) ? "!!" + tag.substring(CORE.length()) : "!<" + tag + ">";
        }
    }
}
