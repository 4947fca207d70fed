package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlTimelineTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();

    private static Command cmd(String id, CommandType type, Long at, long seq) {
        return new Command(id, "k", type, at, null, null, null, null, null, seq);
    }

    private static Command affine(String id, Long at, double[] gamma, double[] beta, long seq) {
        return new Command(id, "*", CommandType.SET_AFFINE, at, gamma, beta, null, null, null, seq);
    }

    @Test
    void withoutCommandsEveryTimeGetsTheInitialState() {
        ControlTimeline t = ControlTimeline.of(List.of(), 2, CONFIG);
        assertThat(t.at(Long.MIN_VALUE)).isEqualTo(CONFIG.initialControl());
        assertThat(t.at(1000)).isEqualTo(CONFIG.initialControl());
    }

    @Test
    void aTimedSwitchAppliesFromItsEffectiveTimeOn() {
        ControlTimeline t = ControlTimeline.of(List.of(cmd("c1", CommandType.EVAL, 100L, 0)), 2, CONFIG);
        assertThat(t.at(99).mode()).isEqualTo(Mode.TRAIN);
        assertThat(t.at(100).mode()).isEqualTo(Mode.EVAL);
        assertThat(t.at(5000).mode()).isEqualTo(Mode.EVAL);
    }

    @Test
    void orderOfArrivalDoesNotMatterForTimedCommands() {
        Command eval = cmd("c1", CommandType.EVAL, 100L, 5);
        Command train = cmd("c2", CommandType.TRAIN, 200L, 1);
        ControlTimeline t = ControlTimeline.of(List.of(eval, train), 2, CONFIG);
        assertThat(t.at(150).mode()).isEqualTo(Mode.EVAL);
        assertThat(t.at(250).mode()).isEqualTo(Mode.TRAIN);
        assertThat(ControlTimeline.of(List.of(train, eval), 2, CONFIG).at(150)).isEqualTo(t.at(150));
    }

    @Test
    void untimedCommandsApplyToEveryEventTimeInArrivalOrder() {
        ControlTimeline t = ControlTimeline.of(
                List.of(cmd("a", CommandType.EVAL, null, 1), cmd("b", CommandType.TRAIN, null, 2)), 2, CONFIG);
        assertThat(t.at(Long.MIN_VALUE).mode()).isEqualTo(Mode.TRAIN);
        t = ControlTimeline.of(
                List.of(cmd("a", CommandType.EVAL, null, 3), cmd("b", CommandType.TRAIN, null, 2)), 2, CONFIG);
        assertThat(t.at(0).mode()).isEqualTo(Mode.EVAL);
    }

    @Test
    void resetReturnsToTheInitialStateAndCountsAGeneration() {
        Command setAffine = affine("a", 10L, new double[] {2, 2}, new double[] {1, 1}, 0);
        Command eval = cmd("e", CommandType.EVAL, 20L, 1);
        Command reset = cmd("r", CommandType.RESET, 30L, 2);
        ControlTimeline t = ControlTimeline.of(List.of(setAffine, eval, reset), 2, CONFIG);
        assertThat(t.at(25).mode()).isEqualTo(Mode.EVAL);
        assertThat(t.at(25).gamma(0)).isEqualTo(2.0);
        ControlState after = t.at(30);
        assertThat(after.mode()).isEqualTo(CONFIG.initialMode());
        assertThat(after.hasAffine()).isFalse();
        assertThat(after.resetGeneration()).isEqualTo(1);
        assertThat(t.latest()).isEqualTo(after);
    }

    @Test
    void setAffineOfAnotherDimensionIsRejectedForThatKeyAndChangesNothing() {
        Command wrong = affine("a", null, new double[] {2, 2, 2}, null, 0);
        ControlTimeline t = ControlTimeline.of(List.of(wrong), 2, CONFIG);
        assertThat(t.latest()).isEqualTo(CONFIG.initialControl());
        assertThat(t.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo(ReasonCode.WRONG_AFFINE_DIMENSION);
            assertThat(r.command().id()).isEqualTo("a");
        });
    }

    @Test
    void setParamsChangesMomentumAndEpsilon() {
        Command p = new Command("p", "k", CommandType.SET_PARAMS, 5L, null, null, 0.5, null, null, 0);
        ControlTimeline t = ControlTimeline.of(List.of(p), 1, CONFIG);
        assertThat(t.at(5).momentum()).isEqualTo(0.5);
        assertThat(t.at(5).epsilon()).isEqualTo(CONFIG.epsilon());
        assertThat(t.at(4).momentum()).isEqualTo(CONFIG.momentum());
    }
}
