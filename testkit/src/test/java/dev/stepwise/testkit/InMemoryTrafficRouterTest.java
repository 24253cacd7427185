package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryTrafficRouter")
class InMemoryTrafficRouterTest {

    private static final TrafficSplit TEN = TrafficSplit.canary(10);
    private static final TrafficSplit TWENTY = TrafficSplit.canary(20);

    @Nested
    @DisplayName("verification lag")
    class VerificationLag {

        private final InMemoryTrafficRouter router = InMemoryTrafficRouter.builder().verificationLag(2).build();

        @Test
        @DisplayName("answers pending for the first looks after a change, then verified")
        void pendingThenVerified() {
            router.reconcile();
            router.apply(TEN);

            assertThat(List.of(router.verify(TEN), router.verify(TEN), router.verify(TEN), router.verify(TEN)))
                    .containsExactly(Verification.PENDING, Verification.PENDING, Verification.VERIFIED, Verification.VERIFIED);
        }

        @Test
        @DisplayName("does not restart when the same split is applied again")
        void reapplyingIsNoChange() {
            router.reconcile();
            router.apply(TEN);
            router.verify(TEN);
            router.verify(TEN);

            router.apply(TEN);

            assertThat(router.verify(TEN)).isEqualTo(Verification.VERIFIED);
        }

        @Test
        @DisplayName("restarts with every new split, including the release")
        void restartsOnChange() {
            router.reconcile();
            router.apply(TEN);
            router.verify(TEN);
            router.verify(TEN);

            router.apply(TWENTY);

            assertThat(router.verify(TWENTY)).isEqualTo(Verification.PENDING);
            router.release();
            assertThat(router.verify(TrafficSplit.allStable())).isEqualTo(Verification.PENDING);
        }

        @Test
        @DisplayName("never verifies a split other than the one held, and does not count such looks")
        void otherSplitsArePending() {
            router.reconcile();
            router.apply(TEN);

            assertThat(router.verify(TWENTY)).isEqualTo(Verification.PENDING);
            assertThat(router.verify(TWENTY)).isEqualTo(Verification.PENDING);
            assertThat(router.verify(TEN)).isEqualTo(Verification.PENDING);
        }

        @Test
        @DisplayName("rejects a negative lag, naming the setting")
        void rejectsNegativeLag() {
            assertThatThrownBy(() -> InMemoryTrafficRouter.builder().verificationLag(-1))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage("verificationLag: -1 must be at least 0");
        }
    }

    @Nested
    @DisplayName("fault injection")
    class FaultInjection {

        private final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        private final RuntimeException unreachable = new UncheckedIOException(new IOException("mesh unreachable"));

        @Test
        @DisplayName("fails exactly the next calls asked for, then works again")
        void failsTheNextCalls() {
            router.reconcile();
            router.failNext(2, unreachable);

            assertThatThrownBy(() -> router.apply(TEN)).isSameAs(unreachable);
            assertThatThrownBy(router::current).isSameAs(unreachable);
            router.apply(TEN);

            assertThat(router.current()).isEqualTo(TEN);
        }

        @Test
        @DisplayName("changes nothing and records nothing on a failed call")
        void failedCallChangesNothing() {
            router.reconcile();
            router.apply(TEN);
            router.failNext(3, unreachable);

            assertThatThrownBy(() -> router.apply(TWENTY)).isSameAs(unreachable);
            assertThatThrownBy(router::release).isSameAs(unreachable);
            assertThatThrownBy(() -> router.verify(TEN)).isSameAs(unreachable);

            assertThat(router.current()).isEqualTo(TEN);
            assertThat(router.applied()).containsExactly(TEN);
            assertThat(router.exists()).isTrue();
        }

        @Test
        @DisplayName("fails reconcile too, but never capabilities")
        void capabilitiesNeverFail() {
            router.failNext(1, unreachable);

            assertThat(router.capabilities()).isEqualTo(RouterCapabilities.all());
            assertThatThrownBy(router::reconcile).isSameAs(unreachable);
            assertThat(router.exists()).isFalse();
        }

        @Test
        @DisplayName("clears a pending failure when asked for zero calls")
        void zeroClears() {
            router.failNext(5, unreachable);
            router.failNext(0, unreachable);

            router.reconcile();

            assertThat(router.exists()).isTrue();
        }
    }

    @Nested
    @DisplayName("route")
    class Route {

        private final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();

        @Test
        @DisplayName("records every split applied in order, duplicates included")
        void recordsHistory() {
            router.reconcile();
            router.apply(TEN);
            router.apply(TEN);
            router.apply(TWENTY);

            assertThat(router.applied()).containsExactly(TEN, TEN, TWENTY);
        }

        @Test
        @DisplayName("records the route change of every successful apply that has one, a refused one not")
        void recordsChanges() {
            Instant at = Instant.parse("2026-01-01T00:00:00Z");
            StepNote first = new StepNote("test/podinfo", 0, 4, Decision.ADVANCE, "canary weight 10%", List.of(), at, false);
            StepNote refused = StepNote.outsideRollout("refused", at);
            router.reconcile();

            router.apply(TEN, first);
            router.apply(TWENTY);
            router.failNext(1, new ConflictingChangeException("vs.yaml", "edited by Jane"));
            assertThatThrownBy(() -> router.apply(TWENTY, refused)).isInstanceOf(ConflictingChangeException.class);

            assertThat(router.changes()).containsExactly(first);
            assertThat(router.applied()).containsExactly(TEN, TWENTY);
            assertThat(router.calls()).as("reconcile, three applies").isEqualTo(4);
        }

        @Test
        @DisplayName("refuses to apply before the route exists, as a mesh without the route would")
        void applyNeedsTheRoute() {
            assertThatThrownBy(() -> router.apply(TEN))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot apply stable 90% / canary 10%: the route does not exist; reconcile() first");
            assertThat(router.applied()).isEmpty();
        }

        @Test
        @DisplayName("removes the route on release")
        void releaseRemovesTheRoute() {
            router.reconcile();
            router.apply(TEN);

            router.release();

            assertThat(router.exists()).isFalse();
            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        }

        @Test
        @DisplayName("refuses splits its capabilities exclude, saying what is missing")
        void refusesUnsupportedSplits() {
            InMemoryTrafficRouter limited = InMemoryTrafficRouter.builder()
                    .capabilities(new RouterCapabilities(true, false, false, 5)).build();
            limited.reconcile();
            TrafficSplit matching = TrafficSplit.allStable().withMatches(
                    List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "1"))));

            assertThatThrownBy(() -> limited.apply(TrafficSplit.canary(7)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("it needs a stable weight of 93% (not a multiple of 5%)");
            assertThatThrownBy(() -> limited.apply(matching)).hasMessageContaining("it needs header matches");
            assertThatThrownBy(() -> limited.apply(TrafficSplit.allStable().withMirror(50)))
                    .hasMessageContaining("it needs mirroring");
            assertThat(limited.applied()).isEmpty();
        }

        @Test
        @DisplayName("switches all or nothing when it cannot route by weight")
        void withoutWeights() {
            InMemoryTrafficRouter blueGreen = InMemoryTrafficRouter.builder()
                    .capabilities(new RouterCapabilities(false, false, false, 1)).build();
            blueGreen.reconcile();

            blueGreen.apply(TrafficSplit.allCanary());

            assertThat(blueGreen.current()).isEqualTo(TrafficSplit.allCanary());
            assertThatThrownBy(() -> blueGreen.apply(TEN)).hasMessageContaining("it needs percent weights");
        }

        @Test
        @DisplayName("describes its route, history, lag and pending failures")
        void describesItself() {
            InMemoryTrafficRouter lagging = InMemoryTrafficRouter.builder().verificationLag(2).build();
            lagging.reconcile();
            lagging.apply(TEN);
            lagging.failNext(1, new IllegalStateException("down"));

            assertThat(lagging).hasToString("InMemoryTrafficRouter[route at stable 90% / canary 10%, 1 applied,"
                    + " verification lag 2 (2 left), failing the next 1 calls]");
            assertThat(InMemoryTrafficRouter.ofDefaults()).hasToString("InMemoryTrafficRouter[no route, 0 applied]");
        }
    }
}
