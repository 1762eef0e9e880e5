package trapcheck.spi;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The machines a spec can be checked on besides its own, for {@code trapcheck sweep}: points of a
 * grid whose axes the model names (how many processors, of each kind, how many guests...), bounded by
 * named limits the user sets.
 */
public interface Topologies {

    /**
     * A limit a sweep takes from the command line.
     *
     * @param name        as the user writes it ({@code --max NAME=N})
     * @param description what it bounds
     * @param min         the smallest value of what it bounds, where every sweep starts
     * @param defaultMax  the bound when the user gives none
     */
    record Bound(String name, String description, int min, int defaultMax) {
    }

    /**
     * One machine.
     *
     * @param coordinates its place on each of {@link #axes()}: a point whose coordinates are all at least
     *                    another's is at least as large
     * @param label       how a person reads it ("2 pCPUs, 2 VMs of 1 vCPU, 0 other tasks")
     * @param entities    how many things it has in all (its size for a sweep)
     * @param stateBits   the bits of its packed state (ties of size are broken by it)
     * @param target      the spec on this machine
     */
    record Point(List<Integer> coordinates, String label, int entities, int stateBits, Supplier<CheckTarget> target) {
        public Point {
            coordinates = List.copyOf(coordinates);
        }
    }

    List<Bound> bounds();

    /** What the coordinates of a point count, in order. */
    List<String> axes();

    /**
     * Every machine within the bounds (each bound's value the largest allowed, a bound left out its
     * default), in no particular order; machines past the model's own limits are left out.
     *
     * @throws IllegalArgumentException naming the bound, for an unknown name or a value below its minimum
     */
    List<Point> within(Map<String, Integer> max);
}
