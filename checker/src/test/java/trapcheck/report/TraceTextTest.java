package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Trace;
import trapcheck.engine.Verdict;
import trapcheck.spi.CheckTarget;

class TraceTextTest {

    static final Counterexample.Tool TOOL = new Counterexample.Tool("trapcheck", "0.1.0");

    static Counterexample counterexample() {
        CounterFixture.CounterTarget target = CounterFixture.CounterTarget.standard();
        Trace trace = CounterFixture.trace(target.model(), 0, 0, 0, 1, 1);
        return Counterexample.of(TOOL, target, trace, trace.steps().get(4).violations());
    }

    @Test
    void rendersNumberedStepsChangedFieldsAndExplanations() {
        assertEquals("""
                counterexample for counter: 5 steps, breaks [not-both-max, sum-at-most-4]
                  0  initial state
                  1  left increments 0 -> 1
                       left.count: zero -> one
                  2  left increments 1 -> 2
                       left.count: one -> two
                  3  left increments 2 -> 3
                       left.count: two -> three
                  4  right increments 0 -> 1
                       right.count: zero -> one
                  5  right increments 1 -> 2  (breaks [not-both-max, sum-at-most-4])
                       right.count: one -> two
                BROKEN not-both-max: left is three and right is two after right increments 1 -> 2
                BROKEN sum-at-most-4: left + right = 5 after right increments 1 -> 2
                """, TraceText.render(counterexample()));
    }

    @Test
    void rendersAViolatingInitialState() {
        var target = new CounterFixture.CounterTarget("bad-start", Path.of("bad.yaml"), 3, new long[] {3, 2},
                new CheckTarget.Expectation(Verdict.VIOLATED, "not-both-max"), CounterFixture.SHA);
        Trace trace = new Trace(new long[] {3, 2}, List.of());
        Counterexample cx = Counterexample.of(TOOL, target, trace, 1);
        assertEquals("""
                counterexample for bad-start: 0 steps, breaks [not-both-max]
                  0  initial state (breaks [not-both-max, sum-at-most-4])
                BROKEN not-both-max: left is three and right is two at the start
                """, TraceText.render(cx));
    }

    @Test
    void showsEachPartOfAStepLeavesOutWhatTheLabelTellsAndMarksTheCulprit() {
        assertEquals("""
                counterexample for counter: 5 steps, breaks [not-both-max, sum-at-most-4]
                  0  initial state
                  1  left increments 0 -> 1
                       left: count + 1
                  2  left increments 1 -> 2
                       left: count + 1
                  3  left increments 2 -> 3  <= culprit
                       left: count + 1
                  4  right increments 0 -> 1
                       right.count: zero -> one
                  5  right increments 1 -> 2  (breaks [not-both-max, sum-at-most-4])
                       right.count: one -> two
                BROKEN not-both-max: left is three and right is two after right increments 1 -> 2
                BROKEN sum-at-most-4: left + right = 5 after right increments 1 -> 2
                culprit: step 3 wrote three into left.count (specs/counter.yaml:3:7)
                """, TraceText.render(TraceJsonTest.detailed()));
    }

    @Test
    void givesOneSentenceOnceWithEveryIdItExplains() {
        Counterexample cx = counterexample();
        Counterexample same = new Counterexample(cx.tool(), cx.spec(), List.of(
                new Counterexample.Broken("a", "", "the same why"), new Counterexample.Broken("b", "", "another"),
                new Counterexample.Broken("c", "", "the same why")), cx.initial(), cx.steps(), cx.lanes());
        String[] lines = TraceText.render(same).split("\n");
        assertEquals("BROKEN a, c: the same why", lines[lines.length - 2]);
        assertEquals("BROKEN b: another", lines[lines.length - 1]);
    }

    @Test
    void aLongTraceShowsItsFirstAndLastStepsAndTheCulprit() {
        var base = CounterFixture.CounterTarget.standard();
        int[] actions = new int[41];
        for (int i = 0; i < 40; i++) {
            actions[i] = i % 2 == 0 ? 0 : 2; // left 0 -> 1 -> reset, twenty times
        }
        actions[40] = 1;
        Trace trace = CounterFixture.trace(base.model(), actions);
        Counterexample cx = Counterexample.of(TOOL, CounterFixture.detailed(base), trace, 2);
        assertEquals(41, cx.culprit().step(), "right's only write");
        String text = TraceText.render(cx, 6);
        String[] lines = text.split("\n");
        assertEquals("counterexample for counter: 41 steps, breaks [sum-at-most-4] (6 of them shown)", lines[0]);
        assertEquals("   1  left increments 0 -> 1", lines[2]);
        assertEquals("   3  left increments 0 -> 1", lines[6]);
        assertEquals("  ...  (35 steps not shown)", lines[8]);
        assertEquals("  39  left increments 0 -> 1", lines[9]);
        assertEquals(TraceText.render(cx), TraceText.render(cx, 41), "a trace within the limit is shown whole");
        // the culprit is shown even in the middle
        Counterexample mid = new Counterexample(cx.tool(), cx.spec(), cx.violated(),
                new Counterexample.Culprit("sum-at-most-4", 20, "left.count", null, List.of(
                        new Counterexample.Hop(20, "left.count", null))), cx.initial(), cx.steps(), cx.lanes());
        String midText = TraceText.render(mid, 6);
        assertEquals(true, midText.contains("""
                  ...  (16 steps not shown)
                  20  left resets from 1  <= culprit
                        left: reset
                  ...  (18 steps not shown)
                """), midText);
    }

    @Test
    void isDeterministic() {
        assertEquals(TraceText.render(counterexample()), TraceText.render(counterexample()));
    }

    @Test
    void widensStepNumbersPastNine() {
        var target = CounterFixture.CounterTarget.standard();
        // left 0->1->reset, ten times round, then nothing broken: exercise the two-digit padding
        int[] actions = {0, 2, 0, 2, 0, 2, 0, 2, 0, 2};
        Trace trace = CounterFixture.trace(target.model(), actions);
        String text = TraceText.render(Counterexample.of(TOOL, target, trace, 0));
        String[] lines = text.split("\n");
        assertEquals("   0  initial state", lines[1]);
        assertEquals("   1  left increments 0 -> 1", lines[2]);
        assertEquals("        left.count: zero -> one", lines[3]);
        assertEquals("  10  left resets from 1", lines[lines.length - 2]);
    }
}
