package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.rollout.Action;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryWorkload")
class InMemoryWorkloadTest {

    @Nested
    @DisplayName("readiness")
    class Readiness {

        @Test
        @DisplayName("has every track ready at once by default")
        void readyAtOnce() {
            InMemoryWorkload workload = InMemoryWorkload.ofDefaults();

            workload.scale(Track.CANARY, 50);

            assertThat(workload.readyTracks()).containsExactlyInAnyOrder(Track.STABLE, Track.CANARY, Track.BASELINE);
        }

        @Test
        @DisplayName("leaves a rescaled track out for the first looks of its readiness delay")
        void readinessDelay() {
            InMemoryWorkload workload = InMemoryWorkload.builder().readinessDelay(2).build();

            workload.scale(Track.CANARY, 25);

            assertThat(workload.readyTracks()).containsExactlyInAnyOrder(Track.STABLE, Track.BASELINE);
            assertThat(workload.readyTracks()).containsExactlyInAnyOrder(Track.STABLE, Track.BASELINE);
            assertThat(workload.readyTracks()).contains(Track.CANARY);
        }

        @Test
        @DisplayName("does not restart the delay when a track is scaled to the percent it has")
        void sameScaleIsNoChange() {
            InMemoryWorkload workload = InMemoryWorkload.builder().readinessDelay(1).build();
            workload.scale(Track.CANARY, 25);
            workload.readyTracks();

            workload.scale(Track.CANARY, 25);
            workload.scale(Track.STABLE, 100);

            assertThat(workload.readyTracks()).contains(Track.CANARY, Track.STABLE);
        }

        @Test
        @DisplayName("counts a track scaled to zero as ready: it has no pods to wait for")
        void zeroIsReady() {
            InMemoryWorkload workload = InMemoryWorkload.builder().readinessDelay(3).build();
            workload.scale(Track.CANARY, 100);

            workload.scale(Track.CANARY, 0);

            assertThat(workload.readyTracks()).contains(Track.CANARY);
        }

        @Test
        @DisplayName("rolls the stable pods on a promotion of a new revision")
        void promotionRollsStable() {
            InMemoryWorkload workload = InMemoryWorkload.builder().readinessDelay(1).build();
            workload.deploy("v2");

            workload.promote("v2");

            assertThat(workload.readyTracks()).doesNotContain(Track.STABLE);
            assertThat(workload.readyTracks()).contains(Track.STABLE);
        }
    }

    @Nested
    @DisplayName("revisions and scale")
    class RevisionsAndScale {

        private final InMemoryWorkload workload = InMemoryWorkload.ofDefaults();

        @Test
        @DisplayName("starts with both tracks at the stable revision, stable at 100% and the rest at 0%")
        void startsAtStable() {
            assertThat(workload.canaryRevision()).isEqualTo("v1");
            assertThat(workload.stableRevision()).isEqualTo("v1");
            assertThat(workload.percent(Track.STABLE)).isEqualTo(100);
            assertThat(workload.percent(Track.CANARY)).isZero();
        }

        @Test
        @DisplayName("puts a deployed revision on the canary and makes a promoted one stable")
        void deployAndPromote() {
            workload.deploy("v2");
            assertThat(workload.canaryRevision()).isEqualTo("v2");
            assertThat(workload.stableRevision()).isEqualTo("v1");

            workload.promote("v2");
            workload.promote("v2");

            assertThat(workload.stableRevision()).isEqualTo("v2");
            assertThat(workload.promotions()).containsExactly("v2", "v2");
        }

        @Test
        @DisplayName("records every scale call in order, repeats included")
        void recordsScaleHistory() {
            workload.scale(Track.CANARY, 10);
            workload.scale(Track.CANARY, 10);
            workload.scale(Track.CANARY, 0);

            assertThat(workload.scaleHistory()).containsExactly(new Action.ScaleTrack(Track.CANARY, 10),
                    new Action.ScaleTrack(Track.CANARY, 10), new Action.ScaleTrack(Track.CANARY, 0));
            assertThat(workload.percent(Track.CANARY)).isZero();
        }

        @Test
        @DisplayName("refuses to scale a track it does not have, naming it")
        void missingTrack() {
            InMemoryWorkload withoutBaseline = InMemoryWorkload.builder().tracks(Track.STABLE, Track.CANARY).build();

            assertThatThrownBy(() -> withoutBaseline.scale(Track.BASELINE, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot scale the baseline track: this workload has only [stable, canary]");
            assertThat(withoutBaseline.readyTracks()).containsExactlyInAnyOrder(Track.STABLE, Track.CANARY);
        }

        @Test
        @DisplayName("rejects percents outside 0..100 and blank revisions, naming the field")
        void rejectsBadValues() {
            assertThatThrownBy(() -> workload.scale(Track.CANARY, 101))
                    .isInstanceOf(InvalidValueException.class).hasMessage("percent: 101 must be between 0 and 100");
            assertThatThrownBy(() -> workload.deploy(" "))
                    .isInstanceOf(InvalidValueException.class).hasMessage("revision: \" \" must be non-empty");
            assertThatThrownBy(() -> InMemoryWorkload.builder().tracks(Track.STABLE))
                    .isInstanceOf(InvalidValueException.class).hasMessage("tracks: [stable] must include stable and canary");
        }

        @Test
        @DisplayName("describes its revisions, scale and settings")
        void describesItself() {
            InMemoryWorkload slow = InMemoryWorkload.builder().readinessDelay(2).build();
            slow.deploy("v2");
            slow.scale(Track.CANARY, 20);

            assertThat(slow).hasToString("InMemoryWorkload[stable v1, canary v2, scale {stable=100, canary=20, baseline=0},"
                    + " readiness delay 2]");
        }
    }

    @Nested
    @DisplayName("fault injection")
    class FaultInjection {

        private final InMemoryWorkload workload = InMemoryWorkload.builder().readinessDelay(1).build();
        private final RuntimeException down = new IllegalStateException("API server unreachable");

        @Test
        @DisplayName("fails exactly the next calls asked for, changing and recording nothing")
        void failsTheNextCalls() {
            workload.deploy("v2");
            workload.failNext(3, down);

            assertThatThrownBy(() -> workload.scale(Track.CANARY, 10)).isSameAs(down);
            assertThatThrownBy(() -> workload.promote("v2")).isSameAs(down);
            assertThatThrownBy(workload::readyTracks).isSameAs(down);

            assertThat(workload.canaryRevision()).isEqualTo("v2");
            assertThat(workload.scaleHistory()).isEmpty();
            assertThat(workload.promotions()).isEmpty();
            assertThat(workload.stableRevision()).isEqualTo("v1");
            assertThat(workload.percent(Track.CANARY)).isZero();
        }

        @Test
        @DisplayName("does not count a failed look against the readiness delay")
        void failedLookDoesNotCount() {
            workload.scale(Track.CANARY, 10);
            workload.failNext(1, down);

            assertThatThrownBy(workload::readyTracks).isSameAs(down);

            assertThat(workload.readyTracks()).doesNotContain(Track.CANARY);
            assertThat(workload.readyTracks()).contains(Track.CANARY);
        }
    }
}
