package trapcheck.kvm.spec;

import trapcheck.spi.SourceFile;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code extends: FILE}: a spec that starts from another spec (its base, a path relative to the
 * spec's folder) and replaces what it gives. The merge is done on the located trees, before any
 * validation, so every node keeps the file and line it came from and every error points there.
 *
 * <p>What "replaces" means, level by level (docs/spec-reference.md, "Extending a spec"):
 * <ul>
 *   <li>{@code spec}, {@code name}, {@code description} and {@code expect} belong to each file:
 *       never taken from the base.</li>
 *   <li>{@code topology}, {@code guest}, {@code check}: a section given replaces the base's whole.</li>
 *   <li>{@code policy}, field by field: {@code lazy} is replaced; {@code expose} rule by rule,
 *       {@code id_registers} field by field, {@code hooks} hook by hook, each hook (a trap handler's
 *       context and ops together) replaced whole.</li>
 * </ul>
 * Every name the format defines exists in every base, written or by its default, so a name the
 * base lacks is one the format does not define there: validating the merged tree reports it at the
 * extension's line, with did-you-mean. A base must be a valid spec on its own, and is checked as
 * one first, so its own errors are reported in its own file.
 */
final class Bases {
    /** How many specs may stand behind one; a longer chain is a generated accident. */
    static final int MAX_DEPTH = 8;

    private static final List<String> SECTIONS = List.of("topology", "guest", "policy", "check");
    private static final List<String> POLICY_MAPS = List.of("expose", "id_registers", "hooks");

    private Bases() {
    }

    /**
     * The spec's tree with its bases merged in; {@code sources} (the spec's own file so far) gets
     * each base's file and hash appended, nearest first.
     */
    static YamlNode resolve(Path file, YamlNode own, List<SourceFile> sources) {
        return resolve(file, own, sources, new ArrayList<>(List.of(identity(file))), new ArrayList<>(List.of(file)));
    }

    /** @param identities the real paths of the chain so far, for cycles; @param shown the same as named */
    private static YamlNode resolve(Path file, YamlNode tree, List<SourceFile> sources, List<Path> identities,
                                    List<Path> shown) {
        if (!(tree instanceof YamlNode.MapNode spec) || !spec.entries().containsKey("extends")) {
            return tree;
        }
        YamlNode at = spec.entries().get("extends").value();
        String named = Values.string(at, "extends");
        if (named.isEmpty()) {
            throw SpecError.at(at, "extends", "expected the path of the spec to start from, found an empty string");
        }
        Path base;
        try {
            Path folder = file.getParent();
            base = folder == null ? Path.of(named) : folder.resolve(named);
        } catch (InvalidPathException e) {
            throw SpecError.at(at, "extends", "not a usable file name: " + Quote.value(named));
        }
        Path identity = identity(base);
        int seen = identities.indexOf(identity);
        if (seen >= 0) {
            throw SpecError.at(at, "extends", "a cycle of extends: " + chain(shown.subList(seen, shown.size()), base));
        }
        if (identities.size() > MAX_DEPTH) {
            throw SpecError.at(at, "extends", "more than " + MAX_DEPTH + " specs extend one another ("
                    + chain(shown, base) + "); the limit is " + MAX_DEPTH);
        }
        byte[] content;
        try {
            content = SpecLoader.read(base);
        } catch (SpecError e) {
            throw SpecError.at(at, "extends", Quote.path(base) + ": " + e.problem);
        }
        YamlNode baseTree = YamlReader.read(content, SpecSyntax.of(base), base);
        sources.add(new SourceFile(base, SpecLoader.sha256(content)));
        identities.add(identity);
        shown.add(base);
        YamlNode merged = resolve(base, baseTree, sources, identities, shown);
        SpecLoader.build(base, "", merged, List.of());
        return merge((YamlNode.MapNode) merged, spec);
    }

    /** The base's sections under the extension's: see the class comment for what replaces what. */
    static YamlNode.MapNode merge(YamlNode.MapNode base, YamlNode.MapNode extension) {
        Map<String, YamlNode.Entry> out = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            YamlNode.Entry e = base.entries().get(section);
            if (e != null) {
                out.put(section, e);
            }
        }
        for (YamlNode.Entry e : extension.entries().values()) {
            YamlNode.Entry under = out.get(e.key());
            if (e.key().equals("extends")) {
                continue;
            }
            out.put(e.key(), e.key().equals("policy") && under != null
                    ? new YamlNode.Entry(e.key(), e.line(), e.column(), overlay(under.value(), e.value(), POLICY_MAPS))
                    : e);
        }
        return new YamlNode.MapNode(out, extension.line(), extension.column(), extension.source());
    }

    /**
     * The extension's entries over the base's; under a name in {@code deeper} where both give a map,
     * those maps are overlaid the same way, one level down. Anything but two maps: the extension's.
     */
    private static YamlNode overlay(YamlNode base, YamlNode extension, List<String> deeper) {
        if (!(base instanceof YamlNode.MapNode b) || !(extension instanceof YamlNode.MapNode x)) {
            return extension;
        }
        Map<String, YamlNode.Entry> out = new LinkedHashMap<>(b.entries());
        for (YamlNode.Entry e : x.entries().values()) {
            YamlNode.Entry under = out.get(e.key());
            out.put(e.key(), under != null && deeper.contains(e.key())
                    ? new YamlNode.Entry(e.key(), e.line(), e.column(), overlay(under.value(), e.value(), List.of()))
                    : e);
        }
        return new YamlNode.MapNode(out, x.line(), x.column(), x.source());
    }

    /** The file itself, whatever path leads to it, so that a cycle through a symlink or ".." is seen. */
    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException | RuntimeException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static String chain(List<Path> files, Path next) {
        return files.stream().map(Quote::path).collect(Collectors.joining(" -> ")) + " -> " + Quote.path(next);
    }
}
