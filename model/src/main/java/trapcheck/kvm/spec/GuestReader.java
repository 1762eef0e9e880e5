package trapcheck.kvm.spec;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** {@code guest:} — optional; every field has a default (everything a guest can do, all five keys). */
final class GuestReader {
    static final Map<String, GuestAction> ACTIONS = Values.vocabulary(GuestAction.values(), GuestAction::word);
    static final Map<String, Key> KEYS = Values.vocabulary(Key.values(), Key::name);
    static final int MAX_KEY_VERSIONS = 8;
    static final List<String> FIELDS = List.of("actions", "keys", "key_versions", "signed_pointers");

    private GuestReader() {
    }

    static Guest read(YamlNode node, String path) {
        if (node == null) {
            return new Guest(EnumSet.allOf(GuestAction.class), List.of(Key.values()), 2, false);
        }
        MapFields f = new MapFields(node, path, "a map of guest fields (" + String.join(", ", FIELDS) + ")", FIELDS);
        EnumSet<GuestAction> actions = EnumSet.allOf(GuestAction.class);
        if (f.has("actions")) {
            actions.clear();
            actions.addAll(Values.words(f.get("actions"), f.pathOf("actions"), "guest action", ACTIONS, false));
        }
        List<Key> keys = List.of(Key.values());
        if (f.has("keys")) {
            // Stored in Key order whatever order they are listed in: the model indexes keys by position.
            EnumSet<Key> listed = EnumSet.noneOf(Key.class);
            listed.addAll(Values.words(f.get("keys"), f.pathOf("keys"), "key", KEYS, false));
            keys = List.copyOf(listed);
        }
        int versions = f.integer("key_versions", 2, 1, MAX_KEY_VERSIONS);
        boolean signed = f.bool("signed_pointers", false);
        return new Guest(actions, keys, versions, signed);
    }
}
