package trapcheck.kvm.spec;

import trapcheck.spi.SourceFile;
import trapcheck.spi.SpecException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Loads and validates a spec file (docs/spec-reference.md, format version 1).
 *
 * <p>Contract: {@link #load} and {@link #parse} either return a valid {@link Spec} or throw a
 * {@link SpecException} whose message is one line, {@code file:line:column: field.path: what was
 * expected, what was found}. Whatever the bytes, nothing else escapes: no parser exception, no
 * stack trace. Line and column are 1-based; every problem inside the document has them (an empty
 * document is located at 1:1); only problems with the file itself (unreadable, too large) do not.
 *
 * <p>The work is split in three: {@link YamlReader} turns bytes into a located tree (syntax, size,
 * encoding, duplicate keys, aliases, tags, depth), {@link Bases} merges the trees of the specs it
 * extends into it, then the section readers validate the result. Sections are read
 * in dependency order, not file order: guest first, because the key list filters the policy's key
 * ops and sizes the state vector the topology is checked against.
 */
public final class SpecLoader {
    /** The only version of the spec format there is. */
    public static final int VERSION = 1;

    static final List<String> FIELDS =
            List.of("spec", "extends", "name", "description", "topology", "guest", "policy", "check", "expect");
    /* A name becomes part of report file names: keep it to a portable, unsurprising set. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private SpecLoader() {
    }

    /** Reads and validates {@code file}. */
    public static Spec load(Path file) throws SpecException {
        byte[] content;
        try {
            content = read(file);
        } catch (SpecError e) {
            throw new SpecException(file, 0, 0, "", e.problem);
        }
        return parse(file, content);
    }

    /**
     * Validates {@code content} as a spec. A spec that extends another ({@code extends:}) reads its
     * bases from disk, relative to {@code fileForMessages}.
     *
     * @param fileForMessages the file name errors and the Spec carry
     */
    public static Spec parse(Path fileForMessages, byte[] content) throws SpecException {
        try {
            YamlNode own = YamlReader.read(content, SpecSyntax.of(fileForMessages), null);
            List<SourceFile> sources = new ArrayList<>(List.of(new SourceFile(fileForMessages, sha256(content))));
            YamlNode root = Bases.resolve(fileForMessages, own, sources);
            return build(fileForMessages, combinedHash(sources), root, sources);
        } catch (SpecError e) {
            throw new SpecException(e.file == null ? fileForMessages : e.file, e.line, e.column, e.path, e.problem);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug in the loader, not in the spec; still one line, still a SpecException.
            throw new SpecException(fileForMessages, 0, 0, "", "internal error in the spec loader: " + describe(e));
        }
    }

    /**
     * The bytes of a spec file, or a SpecError (unlocated, no file) saying why they cannot be had.
     * A huge file is refused before it is read; {@link YamlReader} checks the size again for bytes.
     * Only a regular file is opened: a FIFO would block on its open and {@code /dev/zero} never ends
     * (a folder is left to the read, which says "Is a directory").
     */
    static byte[] read(Path file) {
        try {
            if (Files.exists(file) && !Files.isDirectory(file) && !Files.isRegularFile(file)) {
                throw new SpecError(0, 0, "", "not a regular file (a FIFO or a device is not read)");
            }
            long size = Files.size(file);
            if (size > YamlReader.MAX_BYTES) {
                throw tooLarge(size);
            }
            byte[] content;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                content = in.readNBytes(YamlReader.MAX_BYTES + 1); // bounded, should it grow meanwhile
            }
            if (content.length > YamlReader.MAX_BYTES) {
                throw tooLarge(Math.max(content.length, Files.size(file)));
            }
            return content;
        } catch (NoSuchFileException e) {
            throw new SpecError(0, 0, "", "no such file");
        } catch (IOException e) {
            // The message of an I/O error names the problem ("Is a directory"); its class adds nothing.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(file.toString() + ": ", "");
            throw new SpecError(0, 0, "", "cannot read the file: " + why);
        } catch (SpecError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SpecError(0, 0, "", "cannot read the file: " + describe(e));
        }
    }

    private static SpecError tooLarge(long size) {
        return new SpecError(0, 0, "", "the file is " + size + " bytes; the limit is " + YamlReader.MAX_BYTES
                + " bytes (1 MiB)");
    }

    /**
     * The hash a trace records for a spec: its file's SHA-256 when it extends nothing (as before
     * {@code extends} existed, so old traces still match), else the SHA-256 of its sources' hashes,
     * one per line in order, so that an edit to any of the files changes it.
     */
    static String combinedHash(List<SourceFile> sources) {
        if (sources.size() == 1) {
            return sources.get(0).sha256();
        }
        StringBuilder lines = new StringBuilder();
        for (SourceFile s : sources) {
            lines.append(s.sha256()).append('\n');
        }
        return sha256(lines.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Validates a tree already read (and merged with its bases) as a spec. */
    static Spec build(Path file, String sha256, YamlNode root, List<SourceFile> sources) {
        MapFields f = new MapFields(root, "", "a map of spec fields (spec: 1, name, topology, policy, ...)", FIELDS);
        YamlNode version = f.required("spec", "the spec format version: spec: " + VERSION);
        if (!(version instanceof YamlNode.ScalarNode v && v.isPlainInteger()
                && v.integer().intValue() == VERSION && v.integer().bitLength() < 32)) {
            throw SpecError.at(version, "spec", "expected " + VERSION + " (the only supported version of the spec format), found "
                    + version.describe());
        }
        YamlNode nameNode = f.required("name", "the spec's name: letters, digits, '.', '_' or '-'");
        String name = Values.string(nameNode, "name");
        if (!NAME.matcher(name).matches()) {
            throw SpecError.at(nameNode, "name", "expected a name usable as a file name (a letter or digit, then up to 99 "
                    + "letters, digits, '.', '_' or '-'), found " + (name.isEmpty() ? "an empty string" : Quote.value(name)));
        }
        String description = f.has("description") ? Values.string(f.get("description"), "description") : "";

        Guest guest = GuestReader.read(f.get("guest"), "guest");
        Topology topology = TopologyReader.read(f.required("topology", "the machine: cpus, vms, ..."), "topology", guest);
        Policy policy = PolicyReader.read(f.required("policy", "the trap policy: hooks, exposure, ..."), "policy", guest);
        CheckConfig check = CheckReader.check(f.get("check"), "check");
        Expect read = CheckReader.expect(f.get("expect"), "expect", check, policy);
        // Reports point at the `expect:` key itself (the line a reader looks for), not its first field.
        Expect expect = f.has("expect") ? new Expect(read.violated(), read.invariant(), f.keyPos("expect")) : read;
        return new Spec(file, sha256, name, description, topology, guest, policy, check, expect, sources);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m.strip().replaceAll("\\s+", " "));
    }
}
