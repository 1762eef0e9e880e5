package trapcheck.engine;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import trapcheck.engine.CheckpointException.Kind;

/*
 * A checkpoint's manifest.properties: which run it belongs to (Identity), where the BFS stood, and
 * the CRC32C of each data file; its last line is the CRC32C of every byte before it. The text is
 * ASCII, one key=value per line in the order of KEYS (comment lines start with #). The reader
 * accepts exactly that and nothing else: every key once, no other key, every number plain decimal
 * in its range, and the fields consistent with each other. What the fields must be against the run
 * and the data files is Checkpoint's to check.
 */
record CheckpointManifest(long generation, Identity identity, int level, long levelStart, long frontierSize,
                          long seenCount, long seenSlots, long generated, long[] fires, int seenCrc,
                          int frontierCrc, int linksCrc) {

    static final String FILE = "manifest.properties";
    static final int FORMAT = 2;
    /** Far more than any manifest needs (the fires list of a model with 10^5 actions). */
    private static final long MAX_BYTES = 4 << 20;
    private static final String CRC_KEY = "manifestCrc32c";
    private static final List<String> KEYS = List.of("format", "generation", "model", "origin", "shape",
            "stateWords", "actionCount", "exact", "symmetry", "seenKind", "level", "levelStart", "frontierSize",
            "seenCount", "seenSlots", "generated", "fires", "seenCrc32c", "frontierCrc32c", "linksCrc32c", CRC_KEY);
    /**
     * Keys a manifest may leave out, with the value that means: partialOrder came after format 2's first
     * manifests, all of full searches.
     */
    private static final Map<String, String> OPTIONAL = Map.of("partialOrder", "false");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CRC = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern KIND = Pattern.compile("[a-z0-9-]{1,64}");

    /**
     * What a checkpoint must share with the run that resumes it.
     *
     * @param model    SHA-256 of {@link Model#identity()}
     * @param origin   SHA-256 of {@link Options#checkpointOrigin()}
     * @param shape    SHA-256 of the action names, property ids and initial states
     * @param seenKind the seen set's layout ({@link SeenSet#kind()})
     * @param partialOrder whether the search reduced by partial order ({@link Options#reduces}); a resume
     *                 goes on with the same setting, never a mix of reduced and full levels
     */
    record Identity(String model, String origin, String shape, int stateWords, int actionCount, boolean exact,
                    boolean symmetry, String seenKind, boolean partialOrder) {

        /** Refuses a checkpoint with this identity for a run with {@code run}'s, saying the first difference. */
        void requireEqual(Path file, Identity run) {
            if (!seenKind.equals(run.seenKind) && exact == run.exact) {
                throw new CheckpointException(Kind.UNSUPPORTED, file, "its seen set is of kind " + seenKind
                        + ", which this trapcheck does not restore (it writes " + run.seenKind + "): start afresh");
            }
            if (stateWords != run.stateWords || actionCount != run.actionCount || !shape.equals(run.shape)) {
                throw new CheckpointException(Kind.OTHER_MODEL, file, "the checkpoint is of another model ("
                        + (stateWords != run.stateWords ? stateWords + " state words, this one has " + run.stateWords
                        : actionCount != run.actionCount ? actionCount + " actions, this one has " + run.actionCount
                        : "other actions, properties or initial states") + ")");
            }
            if (!model.equals(run.model)) {
                throw new CheckpointException(Kind.OTHER_MODEL, file, "the checkpoint is of another model of the same "
                        + "shape (another definition, or another revision of the model's semantics)");
            }
            if (!origin.equals(run.origin)) {
                throw new CheckpointException(Kind.STALE, file, "the checkpoint is stale: the model's source changed"
                        + " since it was written (or it is another source's)");
            }
            if (exact != run.exact || symmetry != run.symmetry) {
                String what = exact != run.exact ? "exact mode" : "symmetry reduction";
                boolean on = exact != run.exact ? exact : symmetry;
                throw new CheckpointException(Kind.OTHER_OPTIONS, file, "the checkpoint was written with " + what
                        + (on ? " on" : " off") + "; resume with the same");
            }
            if (partialOrder != run.partialOrder) {
                throw new CheckpointException(Kind.OTHER_OPTIONS, file, "the checkpoint was written with partial-order "
                        + "reduction " + (partialOrder ? "on" : "off") + "; resume with the same");
            }
        }
    }

    /** The manifest's text, its own checksum last. */
    String text() {
        StringBuilder b = new StringBuilder("# trapcheck BFS checkpoint. Do not edit: every value is checked on resume.\n");
        Identity id = identity;
        line(b, "format", FORMAT);
        line(b, "generation", generation);
        line(b, "model", id.model());
        line(b, "origin", id.origin());
        line(b, "shape", id.shape());
        line(b, "stateWords", id.stateWords());
        line(b, "actionCount", id.actionCount());
        line(b, "exact", id.exact());
        line(b, "symmetry", id.symmetry());
        line(b, "seenKind", id.seenKind());
        line(b, "partialOrder", id.partialOrder());
        line(b, "level", level);
        line(b, "levelStart", levelStart);
        line(b, "frontierSize", frontierSize);
        line(b, "seenCount", seenCount);
        line(b, "seenSlots", seenSlots);
        line(b, "generated", generated);
        StringBuilder f = new StringBuilder();
        for (int a = 0; a < fires.length; a++) {
            f.append(a == 0 ? "" : ",").append(fires[a]);
        }
        line(b, "fires", f);
        line(b, "seenCrc32c", hex(seenCrc));
        line(b, "frontierCrc32c", hex(frontierCrc));
        line(b, "linksCrc32c", hex(linksCrc));
        line(b, CRC_KEY, hex(crc(b.toString().getBytes(StandardCharsets.US_ASCII), b.length())));
        return b.toString();
    }

    private static void line(StringBuilder b, String key, Object value) {
        b.append(key).append('=').append(value).append('\n');
    }

    /** Hex SHA-256 of the text's UTF-8 bytes: how identities are recorded (fixed length, nothing to escape). */
    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(int crc) {
        return String.format("%08x", crc);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return (int) c.getValue();
    }

    /** Reads and checks the manifest at {@code file} (which must exist). */
    static CheckpointManifest read(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw damaged(file, "not a regular file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw damaged(file, size + " bytes: not a checkpoint manifest (at most " + MAX_BYTES + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw damaged(file, "cannot be read (" + e.getMessage() + ")");
        }
        String text;
        try {
            text = StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw damaged(file, "holds bytes that are not ASCII: not a checkpoint manifest");
        }
        if (!text.endsWith("\n")) {
            throw damaged(file, "does not end with a line end (truncated?)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        int crcLineStart = -1;
        int lineNo = 0;
        for (int at = 0; at < text.length(); ) {
            int end = text.indexOf('\n', at);
            String line = text.substring(at, end);
            lineNo++;
            if (!line.startsWith("#")) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw damaged(file, "line " + lineNo + " is not key=value");
                }
                String key = line.substring(0, eq);
                if (values.containsKey(CRC_KEY)) {
                    throw damaged(file, "line " + lineNo + ": nothing may follow " + CRC_KEY);
                }
                if (values.put(key, line.substring(eq + 1)) != null) {
                    throw damaged(file, "line " + lineNo + ": " + key + " given twice");
                }
                if (key.equals(CRC_KEY)) {
                    crcLineStart = at;
                }
            }
            at = end + 1;
        }
        String format = values.get("format");
        if (format == null) {
            throw damaged(file, "no format line: not a checkpoint manifest");
        }
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new CheckpointException(Kind.UNSUPPORTED, file, "checkpoint format " + clip(format)
                    + ", but this trapcheck reads format " + FORMAT + " only: start afresh");
        }
        if (crcLineStart < 0) {
            throw damaged(file, "no " + CRC_KEY + " line (truncated?)");
        }
        String recorded = values.get(CRC_KEY);
        if (!CRC.matcher(recorded).matches() || Integer.parseUnsignedInt(recorded, 16) != crc(bytes, crcLineStart)) {
            throw damaged(file, "checksum mismatch: the manifest was altered or damaged");
        }
        for (String key : values.keySet()) {
            if (!KEYS.contains(key) && !OPTIONAL.containsKey(key)) {
                throw damaged(file, "unknown field " + clip(key));
            }
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw damaged(file, "field " + key + " is missing");
            }
        }
        return new Fields(file, values).manifest();
    }

    /** The typed fields of a manifest whose syntax and checksum are right, checked one by one and together. */
    private record Fields(Path file, Map<String, String> values) {

        CheckpointManifest manifest() {
            Identity id = new Identity(string("model", DIGEST), string("origin", DIGEST), string("shape", DIGEST),
                    (int) number("stateWords", 1, Integer.MAX_VALUE), (int) number("actionCount", 0, Integer.MAX_VALUE),
                    bool("exact"), bool("symmetry"), string("seenKind", KIND), bool("partialOrder"));
            long generation = number("generation", 1, Long.MAX_VALUE);
            int level = (int) number("level", 0, Integer.MAX_VALUE);
            long levelStart = number("levelStart", 0, Long.MAX_VALUE);
            long frontierSize = number("frontierSize", 1, Long.MAX_VALUE);
            long seenCount = number("seenCount", 1, Long.MAX_VALUE);
            long seenSlots = number("seenSlots", 1, Long.MAX_VALUE);
            long generated = number("generated", 0, Long.MAX_VALUE);
            long[] fires = fires(id.actionCount());
            if (levelStart > Long.MAX_VALUE - frontierSize || seenCount != levelStart + frontierSize) {
                throw damaged(file, "seenCount " + seenCount + " is not levelStart + frontierSize (" + levelStart
                        + " + " + frontierSize + ")");
            }
            if ((level == 0) != (levelStart == 0) || level > levelStart) {
                throw damaged(file, "level " + level + " with levelStart " + levelStart
                        + ": every level before the frontier's holds at least one state");
            }
            long sum = 0;
            for (long f : fires) {
                sum += f;
                if (sum < 0) {
                    break;
                }
            }
            if (sum != generated) {
                throw damaged(file, "the fires add up to " + (sum < 0 ? "more than 2^63" : Long.toString(sum))
                        + ", not to generated (" + generated + ")");
            }
            return new CheckpointManifest(generation, id, level, levelStart, frontierSize, seenCount, seenSlots,
                    generated, fires, crc("seenCrc32c"), crc("frontierCrc32c"), crc("linksCrc32c"));
        }

        private String string(String key, Pattern form) {
            String v = values.get(key);
            if (!form.matcher(v).matches()) {
                throw damaged(file, key + ": malformed value " + clip(v));
            }
            return v;
        }

        private long number(String key, long min, long max) {
            return decimal(key, values.get(key), min, max);
        }

        private long decimal(String key, String v, long min, long max) {
            long n;
            try {
                n = DECIMAL.matcher(v).matches() ? Long.parseLong(v) : -1;
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < min || n > max) {
                throw damaged(file, key + ": expected a whole number from " + min + " to " + max + ", found " + clip(v));
            }
            return n;
        }

        private boolean bool(String key) {
            String v = values.getOrDefault(key, OPTIONAL.get(key));
            if (!v.equals("true") && !v.equals("false")) {
                throw damaged(file, key + ": expected true or false, found " + clip(v));
            }
            return v.equals("true");
        }

        private int crc(String key) {
            return Integer.parseUnsignedInt(string(key, CRC), 16);
        }

        private long[] fires(int actionCount) {
            String v = values.get("fires");
            String[] parts = v.isEmpty() ? new String[0] : v.split(",", -1);
            if (parts.length != actionCount) {
                throw damaged(file, "fires: " + parts.length + " counts for " + actionCount + " actions");
            }
            long[] fires = new long[actionCount];
            for (int a = 0; a < actionCount; a++) {
                fires[a] = decimal("fires[" + a + "]", parts[a], 0, Long.MAX_VALUE);
            }
            return fires;
        }
    }

    static CheckpointException damaged(Path file, String problem) {
        return new CheckpointException(Kind.DAMAGED, file, problem);
    }

    /** A value quoted in a message: printable ASCII, at most 40 characters. */
    private static String clip(String v) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < v.length() && i < 40; i++) {
            char c = v.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append(v.length() > 40 ? "...'" : "'").toString();
    }
}
