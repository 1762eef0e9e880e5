package trapcheck.kvm.spec;

/**
 * {@code expect:}; absent means the spec must hold.
 *
 * @param violated  true for {@code verdict: violated}
 * @param invariant the invariant id a violation must name (required when violated), null otherwise
 * @param pos       where the {@code expect} key stands
 */
public record Expect(boolean violated, String invariant, SourcePos pos) {
}
