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
