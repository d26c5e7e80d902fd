package dev.dendrite.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every example as a user would (each in seconds) and checks the number it
 * prints: a broken example fails the build. The bounds sit well below what the
 * examples reach, so they do not depend on the machine.
 */
class ExamplesTest {

    @Test
    void quickstartTrainsSavesLoadsAndPredicts() throws Exception {
        // a 64-128-10 network on the digits reaches about 0.97; chance is 0.10
        assertThat(Quickstart.run()).isGreaterThan(0.93);
        Quickstart.main(new String[0]);
    }

    @Test
    void customLayerTrainsAndReloadsThroughItsRegisteredType() {
        assertThat(CustomLayer.run()).isGreaterThan(0.90);
    }

    @Test
    void functionalModelLearnsTheTasteGroups() {
        // liking depends only on the two groups, so the held-out pairs can be predicted exactly;
        // always answering "not liked" would score about 2/3
        assertThat(FunctionalModel.run()).isGreaterThan(0.95);
    }

    @Test
    void schedulesRunAndTheListenerStopsAtTheGoal() {
        assertThat(Schedules.run()).isGreaterThanOrEqualTo(0.97);
    }
}
