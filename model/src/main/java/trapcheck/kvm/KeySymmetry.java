package trapcheck.kvm;

import java.util.List;
import trapcheck.kvm.spec.Op;

/**
 * Which modelled keys are interchangeable, read off the compiled hook programs: two keys are when
 * they have the same class (address or generic) and exactly the same key ops name them. Not when a
 * host-context handler moves two of them one at a time: the order of the moves is then visible in
 * the handler's positions, and swapping the keys is no symmetry. The canonicaliser permutes the key
 * columns of each class.
 */
final class KeySymmetry {
    /** Per modelled key, the smallest key it is interchangeable with (itself if none). */
    private final int[] keyClass;

    /**
     * @param programs every compiled hook program of the policy
     * @param hostContextHandlers the trap handlers that run in host context (their positions are state)
     */
    KeySymmetry(World world, List<HookProgram> programs, List<HookProgram> hostContextHandlers) {
        int count = world.keys.length;
        keyClass = new int[count];
        for (int a = 0; a < count; a++) {
            keyClass[a] = a;
            for (int b = 0; b < a; b++) {
                if (keyClass[b] == b && world.keys[a].authClass() == world.keys[b].authClass()
                        && namedTogether(programs, a, b)) {
                    keyClass[a] = b;
                    break;
                }
            }
        }
        for (HookProgram handler : hostContextHandlers) {
            for (int i = 0; i < handler.kind.length; i++) {
                if (handler.op[i] instanceof Op.KeyMove) {
                    breakClassesMovedApart(handler.keys[i]);
                }
            }
        }
    }

    /** A host-context key op moves its keys one at a time: no two of them stay interchangeable. */
    private void breakClassesMovedApart(int[] moved) {
        for (int x = 0; x < moved.length; x++) {
            for (int y = x + 1; y < moved.length; y++) {
                if (keyClass[moved[x]] == keyClass[moved[y]]) {
                    int broken = keyClass[moved[x]];
                    for (int c = 0; c < keyClass.length; c++) {
                        if (keyClass[c] == broken) {
                            keyClass[c] = c;
                        }
                    }
                }
            }
        }
    }

    private static boolean namedTogether(List<HookProgram> programs, int a, int b) {
        for (HookProgram prog : programs) {
            for (int i = 0; i < prog.kind.length; i++) {
                if (prog.op[i] instanceof Op.KeyMove) {
                    boolean hasA = false;
                    boolean hasB = false;
                    for (int x : prog.keys[i]) {
                        hasA |= x == a;
                        hasB |= x == b;
                    }
                    if (hasA != hasB) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Per modelled key, the smallest key it is interchangeable with (itself if none); a copy. */
    int[] keyClasses() {
        return keyClass.clone();
    }

    /** Whether any two modelled keys are interchangeable. */
    boolean any() {
        for (int k = 0; k < keyClass.length; k++) {
            if (keyClass[k] != k) {
                return true;
            }
        }
        return false;
    }
}
