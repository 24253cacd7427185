package dev.stepwise.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.SupersededWriteException;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link TrafficRouter} contract as tests. An adapter proves it keeps the contract with one
 * small class in its own tests:
 *
 * <pre>{@code
 * class KumaTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {
 *     @Override
 *     protected TrafficRouter createRouter() {
 *         return new KumaTrafficRouter(client, target);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createRouter()} is called before every test and must give a router whose route does
 * not exist yet (clean up in the subclass's own {@code @AfterEach}). Tests of an optional feature
 * (header matches, mirroring, a baseline) are skipped, with the reason, when the router's
 * {@link TrafficRouter#capabilities() capabilities} exclude it. A router whose data plane takes
 * time to converge overrides {@link #pollVerification()} to wait between two verifications (for
 * example by advancing a fake mesh's clock); the kit itself never sleeps.
 */
@DisplayName("TrafficRouter compatibility")
public abstract class TrafficRouterCompatibilityKit {

    /** Verifications {@link #awaitVerified} asks before giving up, by default. */
    public static final int DEFAULT_MAX_VERIFICATION_POLLS = 50;

    /** The router under test, fresh for every test. */
    protected TrafficRouter router;

    /** A router for one target whose route does not exist yet. */
    protected abstract TrafficRouter createRouter();

    /**
     * Called between two verifications that answered PENDING; default: nothing, for routers whose
     * data plane converges by itself between calls (or never lags). Override to wait for a real
     * data plane.
     */
    protected void pollVerification() {
    }

    /** How many verifications {@link #awaitVerified} asks at most; default {@value #DEFAULT_MAX_VERIFICATION_POLLS}. */
    protected int maxVerificationPolls() {
        return DEFAULT_MAX_VERIFICATION_POLLS;
    }

    /**
     * Whether the mesh routes a baseline track next to stable and canary; default true. Override
     * to return false to skip the baseline tests (the capabilities do not say).
     */
    protected boolean routesBaseline() {
        return true;
    }

    /**
     * Asks {@link TrafficRouter#verify} until it stops answering PENDING, calling
     * {@link #pollVerification()} in between, at most {@link #maxVerificationPolls()} times.
     *
     * @return the last answer
     */
    protected Verification awaitVerified(TrafficSplit split) {
        Verification answer = router.verify(split);
        for (int poll = 1; poll < maxVerificationPolls() && answer == Verification.PENDING; poll++) {
            pollVerification();
            answer = router.verify(split);
        }
        return answer;
    }

    @BeforeEach
    void createRouterUnderTest() {
        router = createRouter();
    }

    /** Canary weights tried one at a time: every 5%, plus the edges 1% and 99%. */
    static Stream<Integer> canaryWeights() {
        return Stream.concat(Stream.of(1, 99), IntStream.rangeClosed(0, 20).mapToObj(i -> i * 5)).sorted();
    }

    private int granularity() {
        return router.capabilities().weightGranularity();
    }

    @Nested
    @DisplayName("reconcile")
    class Reconcile {

        @Test
        @DisplayName("creates the route with all traffic on stable")
        void createsRouteAtAllStable() {
            router.reconcile();

            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        }

        @Test
        @DisplayName("changes nothing when the route already exists")
        void reconcilingTwiceChangesNothing() {
            router.reconcile();
            router.reconcile();

            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        }

        @Test
        @DisplayName("leaves weights already applied alone")
        void keepsAppliedWeights() {
            TrafficSplit split = someSplit();
            router.reconcile();
            router.apply(split);

            router.reconcile();

            assertThat(router.current()).isEqualTo(split);
        }
    }

    @Nested
    @DisplayName("apply")
    class Apply {

        @ParameterizedTest(name = "{0}% to the canary")
        @MethodSource("dev.stepwise.tck.TrafficRouterCompatibilityKit#canaryWeights")
        @DisplayName("holds the weights applied")
        void holdsWeights(int canaryWeight) {
            assumeThat(canaryWeight % granularity())
                    .as("%d%% is not a multiple of the router's weight granularity %d%%", canaryWeight, granularity())
                    .isZero();
            assumeThat(router.capabilities().weights() || canaryWeight % 100 == 0)
                    .as("the router does not route by percent weights").isTrue();
            router.reconcile();

            router.apply(TrafficSplit.canary(canaryWeight));

            assertThat(router.current()).isEqualTo(TrafficSplit.canary(canaryWeight));
        }

        @Test
        @DisplayName("holds every weight that is a multiple of its granularity, exactly")
        void honoursGranularity() {
            assumeThat(router.capabilities().weights()).as("the router does not route by percent weights").isTrue();
            router.reconcile();

            for (int weight = 0; weight <= 100; weight += granularity()) {
                router.apply(TrafficSplit.canary(weight));

                assertThat(router.current()).as("after applying %d%%", weight).isEqualTo(TrafficSplit.canary(weight));
                assertThat(router.current().canary() % granularity()).isZero();
            }
        }

        @Test
        @DisplayName("changes nothing when the same split is applied twice")
        void isIdempotent() {
            TrafficSplit split = someSplit();
            router.reconcile();

            router.apply(split);
            router.apply(split);

            assertThat(router.current()).isEqualTo(split);
            assertThat(awaitVerified(split)).isIn(Verification.VERIFIED, Verification.UNSUPPORTED);
        }

        @Test
        @DisplayName("moves all traffic back to stable when asked, as a rollback does")
        void movesBackToStable() {
            router.reconcile();
            router.apply(someSplit());

            router.apply(TrafficSplit.allStable());

            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        }

        @Test
        @DisplayName("routes a baseline next to the canary")
        void holdsBaseline() {
            assumeThat(routesBaseline()).as("the router does not route a baseline track").isTrue();
            assumeThat(router.capabilities().weights()).as("the router does not route by percent weights").isTrue();
            TrafficSplit split = TrafficSplit.canaryWithBaseline(weightNear(10));
            router.reconcile();

            router.apply(split);

            assertThat(router.current()).isEqualTo(split);
        }

        @Test
        @DisplayName("mirrors stable traffic to the canary when it can mirror")
        void mirrors() {
            assumeThat(router.capabilities().mirror()).as("the router cannot mirror").isTrue();
            TrafficSplit split = TrafficSplit.allStable().withMirror(50);
            router.reconcile();

            router.apply(split);

            assertThat(router.current()).isEqualTo(split);
        }

        @Test
        @DisplayName("routes requests by header and cookie when it can match headers")
        void matchesHeaders() {
            assumeThat(router.capabilities().headerMatch()).as("the router cannot match headers").isTrue();
            TrafficSplit split = TrafficSplit.allStable().withMatches(List.of(
                    RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "always")),
                    RouteMatch.toCanary(MatchCondition.header("user-agent", Operator.REGEX, ".*Firefox.*"),
                            MatchCondition.cookie("beta", Operator.PREFIX, "yes"))));
            router.reconcile();

            router.apply(split);

            assertThat(router.current()).isEqualTo(split);
        }
    }

    @Nested
    @DisplayName("verify")
    class Verify {

        @Test
        @DisplayName("eventually verifies an applied split, or says it cannot tell")
        void verifiesAppliedSplit() {
            TrafficSplit split = someSplit();
            router.reconcile();
            router.apply(split);

            assertThat(awaitVerified(split)).isIn(Verification.VERIFIED, Verification.UNSUPPORTED);
        }

        @Test
        @DisplayName("never verifies a split other than the one applied")
        void neverVerifiesAnotherSplit() {
            TrafficSplit split = someSplit();
            router.reconcile();
            router.apply(split);
            awaitVerified(split);

            assertThat(router.verify(TrafficSplit.allStable())).isNotEqualTo(Verification.VERIFIED);
        }
    }

    @Nested
    @DisplayName("release")
    class Release {

        @Test
        @DisplayName("leaves all traffic on stable")
        void leavesAllOnStable() {
            router.reconcile();
            router.apply(someSplit());

            router.release();

            assertThat(router.current().isAllStable()).as("%s is all stable", router.current()).isTrue();
        }

        @Test
        @DisplayName("is harmless when repeated")
        void releasingTwiceIsHarmless() {
            router.reconcile();
            router.release();

            router.release();

            assertThat(router.current().isAllStable()).isTrue();
        }

        @Test
        @DisplayName("lets a later reconcile create the route again at all stable")
        void reconcileAfterRelease() {
            router.reconcile();
            router.apply(someSplit());
            router.release();

            router.reconcile();

            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        }
    }

    @Nested
    @DisplayName("fencing")
    class Fencing {

        private static final String ROLLOUT = "tck/podinfo";

        @Test
        @DisplayName("refuses a step older than the one last written for the rollout, writing nothing")
        void refusesAnOlderStep() {
            router.reconcile(registered(ROLLOUT));
            router.apply(someSplit(), step(ROLLOUT, 5));
            router.apply(TrafficSplit.allStable(), step(ROLLOUT, 7));

            SupersededWriteException refused = catchThrowableOfType(SupersededWriteException.class,
                    () -> router.apply(someSplit(), step(ROLLOUT, 5)));

            assertThat(refused).as("the late write of version 5").isNotNull();
            assertThat(refused.rollout()).isEqualTo(ROLLOUT);
            assertThat(refused.refused()).isEqualTo(5);
            assertThat(refused.newer()).isEqualTo(7);
            assertThat(refused.getMessage()).contains("superseded by a later write of this rollout, version 7");
            assertThat(router.current()).as("the split of version 7").isEqualTo(TrafficSplit.allStable());
        }

        @Test
        @DisplayName("accepts the same step again, as a re-apply after a crash does")
        void acceptsTheSameStepAgain() {
            router.reconcile(registered(ROLLOUT));
            router.apply(TrafficSplit.allStable(), step(ROLLOUT, 7));

            router.apply(someSplit(), step(ROLLOUT, 7));
            router.apply(someSplit(), step(ROLLOUT, 7));

            assertThat(router.current()).isEqualTo(someSplit());
        }

        @Test
        @DisplayName("does not fence changes made outside a rollout, and they leave the rollout's fence alone")
        void changesOutsideARolloutAreNotFenced() {
            router.reconcile(registered(ROLLOUT));
            router.apply(TrafficSplit.allStable(), step(ROLLOUT, 7));

            router.apply(someSplit(), StepNote.outsideRollout("repaired by hand", Instant.EPOCH));
            assertThat(router.current()).isEqualTo(someSplit());
            router.apply(TrafficSplit.allStable());
            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());

            assertThat(catchThrowableOfType(SupersededWriteException.class,
                    () -> router.apply(someSplit(), step(ROLLOUT, 5)))).as("the late write of version 5").isNotNull();
            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        }

        @Test
        @DisplayName("keeps each rollout's versions apart")
        void rolloutsAreFencedApart() {
            router.reconcile(registered(ROLLOUT));
            router.apply(TrafficSplit.allStable(), step(ROLLOUT, 7));

            assertThatCode(() -> router.apply(someSplit(), step("tck/other", 2))).doesNotThrowAnyException();

            assertThat(router.current()).isEqualTo(someSplit());
        }

        @Test
        @DisplayName("starts the rollout's sequence anew when it is registered again")
        void registrationStartsAnew() {
            router.reconcile(registered(ROLLOUT));
            router.apply(TrafficSplit.allStable(), step(ROLLOUT, 7));

            router.reconcile(registered(ROLLOUT));
            router.apply(someSplit(), step(ROLLOUT, 2));

            assertThat(router.current()).isEqualTo(someSplit());
        }

        private StepNote registered(String rollout) {
            return StepNote.registered(rollout, RolloutState.initial("v2", Instant.EPOCH), Instant.EPOCH);
        }

        private StepNote step(String rollout, long version) {
            return new StepNote(rollout, 1, version, Decision.ADVANCE, "step at version " + version, List.of(),
                    Instant.EPOCH, false);
        }
    }

    /**
     * A split sending some traffic to the canary that the router supports: about 30% when it routes
     * by weight, else all of it.
     */
    protected TrafficSplit someSplit() {
        return router.capabilities().weights() ? TrafficSplit.canary(weightNear(30)) : TrafficSplit.allCanary();
    }

    /** The multiple of the router's granularity nearest {@code percent}: at least one step, at most 100. */
    private int weightNear(int percent) {
        int g = granularity();
        return Math.min(Math.max(g, Math.round((float) percent / g) * g), 100 / g * g);
    }
}
