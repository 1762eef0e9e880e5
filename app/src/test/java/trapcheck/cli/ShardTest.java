package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --shard I/N}: every spec in exactly one shard, by its name alone. */
class ShardTest {

    @Property
    void everyNameIsInExactlyOneShard(@ForAll @Size(max = 60) Set<@StringLength(min = 1, max = 30) String> names,
                                      @ForAll @IntRange(min = 1, max = 17) int count) {
        for (String name : names) {
            int in = 0;
            for (int i = 1; i <= count; i++) {
                if (new Shard(i, count).contains(name)) {
                    in++;
                }
            }
            assertEquals(1, in, name + " in " + in + " of " + count + " shards");
        }
    }

    @Property
    void aNamesShardDependsOnItsNameAlone(@ForAll @StringLength(min = 1, max = 30) String name,
                                          @ForAll @IntRange(min = 1, max = 17) int count) {
        int shard = Shard.of(name, count);
        assertTrue(shard >= 1 && shard <= count);
        assertEquals(shard, Shard.of(new String(name.toCharArray()), count));
    }

    @Test
    void theSplitIsPinnedAndRoughlyEven() {
        // Pinned: a CI matrix that runs shard 2/4 today runs the same specs tomorrow.
        assertEquals(List.of(3, 4, 3, 1), List.of("v5.2-lazy-host-trap", "v5.7-stable-fix", "v5.8-early-hyp-trap",
                "v6.10-eager").stream().map(n -> Shard.of(n, 4)).toList());
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            sizes.merge(Shard.of("spec-" + i, 4), 1, Integer::sum);
        }
        sizes.values().forEach(n -> assertTrue(n > 900 && n < 1100, sizes.toString()));
    }

    @Test
    void theShardsOfACorpusCoverItOnce(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir);
        for (int i = 0; i < 8; i++) {
            Cli.spec(specs, "x" + i + ".yaml", "name=extra-" + i, "maxLeft=2");
        }
        List<String> seen = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Cli.Run r = Cli.run("check", specs.toString(), "--shard", i + "/3", "--out", dir.resolve("out").toString());
            r.outLines().stream().filter(l -> !l.startsWith(" ") && !l.contains(" specs: ") && !l.contains(" spec: "))
                    .map(l -> l.substring(0, l.indexOf(' '))).forEach(seen::add);
            assertTrue(r.err().contains("shard " + i + "/3: "), r.err());
        }
        seen.sort(null);
        List<String> all = new ArrayList<>(List.of("ok", "mismatch", "3-bad", "ok-too"));
        for (int i = 0; i < 8; i++) {
            all.add("extra-" + i);
        }
        all.sort(null);
        assertEquals(all, seen, "each spec, the invalid one included, checked by exactly one shard");
        assertEquals(2, Cli.run("check", specs.toString(), "--shard", "4/3").exit());
        assertEquals(2, Cli.run("check", specs.toString(), "--shard", "0/3").exit());
        assertEquals(2, Cli.run("check", specs.toString(), "--shard", "two").exit());
    }
}
