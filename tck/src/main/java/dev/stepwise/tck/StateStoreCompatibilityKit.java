package dev.stepwise.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.judge.SequentialEvidence;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link StateStore} contract as tests: compare-and-set on a version, exactly one winner among
 * concurrent writers, and records that come back exactly as saved. A store proves it keeps the
 * contract with one small class in its own tests:
 *
 * <pre>{@code
 * class ConfigMapStateStoreCompatibilityTest extends StateStoreCompatibilityKit {
 *     @Override
 *     protected StateStore createStore() {
 *         return new ConfigMapStateStore(client, "stepwise-test");
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createStore()} is called before every test and must give an empty store. The records
 * saved use every field, every kind of {@link Action} and a verdict of every status, with instants
 * to the millisecond; the kit fails when core gains an action kind it does not save yet. The concurrency tests race
 * {@value #RACING_THREADS} threads and wait at most {@link #concurrencyTimeout()}; nothing
 * sleeps.
 */
@DisplayName("StateStore compatibility")
public abstract class StateStoreCompatibilityKit {

    /** When the sample records' times are: 2026-03-01T12:00:00.123Z. */
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    /** Threads saving the same rollout at once in the concurrency tests. */
    public static final int RACING_THREADS = 8;

    /** The store under test, fresh and empty for every test. */
    protected StateStore store;

    /** An empty store. */
    protected abstract StateStore createStore();

    /** How long a concurrency test waits for its threads; default 30 seconds. */
    protected Duration concurrencyTimeout() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    /** A committed, verified record: progressing at 10% canary, version 0 (as before its first save). */
    protected static StoredRollout simpleRollout(String id) {
        RolloutState state = RolloutState.initial("v2", T0).withPhase(Phase.PROGRESSING)
                .withSplit(TrafficSplit.canary(10)).atStep(0, T0);
        StepNote note = new StepNote(id, 0, 3, Decision.ADVANCE, "analysis passed",
                List.of(Verdict.pass("request-success-rate", 99.5)), T0, false);
        return new StoredRollout(id, state, List.of(), note, new NextLook(Duration.ofMinutes(1), true, Set.of()),
                T0.plusSeconds(60), Optional.of(T0), List.of(), Set.of(), Optional.empty(), 0);
    }

    /**
     * A record using every field: paused from progressing, a split with a baseline, matches and a
     * mirror, one pending action of every kind, a step note with a verdict of every status (one
     * without an observed value, one infinite, one critical) overriding a conflict, gates, hook results,
     * commands, a conflict holding it and two judges' evidence.
     */
    protected static StoredRollout richRollout(String id) {
        TrafficSplit split = new TrafficSplit(80, 10, 10, List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "always")),
                RouteMatch.toCanary(MatchCondition.header("user-agent", Operator.REGEX, ".*Firefox.*"),
                        MatchCondition.cookie("beta", Operator.PREFIX, "on"))), 25);
        RolloutState state = new RolloutState(Phase.PAUSED, "podinfo-7c9d", 2, split, 1, 2, 1, Phase.PROGRESSING,
                T0.minusSeconds(300), 0);
        List<Action> pending = List.of(new Action.SetTraffic(split), new Action.ScaleTrack(Track.BASELINE, 10),
                new Action.PromoteCanary("podinfo-7c9d"), new Action.CallWebhook(HookType.POST_ROLLOUT),
                Action.Emit.info("Advance podinfo canary weight 10"), Action.Emit.warning("Halt: podinfo paused"));
        NextLook next = new NextLook(Duration.ofSeconds(90), true, Set.of(HookType.CONFIRM_PROMOTION, HookType.ROLLBACK));
        List<HookResult> hookResults = List.of(HookResult.succeeded(HookType.PRE_ROLLOUT),
                HookResult.failed(HookType.POST_ROLLOUT, "HTTP 500: load test failed"));
        List<Verdict> verdicts = List.of(Verdict.pass("request-success-rate", 99.25),
                Verdict.fail("request-duration", 612.5, "612.5 > max 500"),
                Verdict.noData("error-budget", "empty result"), Verdict.error("saturation", "HTTP 503 from Prometheus"),
                new Verdict("queue-depth", Verdict.Status.NO_DATA, Double.POSITIVE_INFINITY, "infinite"),
                Verdict.criticalFail("sequential-errors", 5.12, "HARMFUL: log LR 5.12 in (-3.00, 4.61)"),
                Verdict.hold("sequential-slow", 0.75, "KEEP_COLLECTING: log LR 0.75 in (-3.00, 4.61) (held 2 of 10 looks)"));
        Map<String, JudgeEvidence> evidence = Map.of(
                "sequential-errors", new JudgeEvidence(new SequentialEvidence(5.123456789, new TrackCounts(1800, 40),
                        new TrackCounts(16200, 81), 3), 0),
                "sequential-slow", new JudgeEvidence(new SequentialEvidence(0.75, new TrackCounts(1800, 20),
                        new TrackCounts(16200, 160), 3), 2));
        StepNote note = new StepNote(id, 2, 41, Decision.ROLL_BACK, "2 failed analyses: \"request-duration\" above 500",
                verdicts, T0.minusMillis(250), true);
        HeldConflict conflict = new HeldConflict("apps/podinfo/virtualservice.yaml",
                "apps/podinfo/virtualservice.yaml was changed outside Stepwise: commit 1a2b3c by Jane", T0.minusSeconds(5));
        return new StoredRollout(id, state, pending, note, next, T0.plusSeconds(90), Optional.of(T0.minusMillis(1500)),
                hookResults, Set.of(Command.PAUSE, Command.PROMOTE), Optional.of(conflict), evidence, 0);
    }

    @Nested
    @DisplayName("load")
    class Load {

        @Test
        @DisplayName("finds nothing for an unknown id, without throwing")
        void unknownIsEmpty() {
            assertThat(store.load("test/unknown")).isEmpty();
        }

        @Test
        @DisplayName("gives back every field of a saved record: pending actions of every kind, the step note with its verdicts, the conflict holding it")
        void roundTripsEveryField() {
            StoredRollout rich = richRollout("test/podinfo");
            assertThat(rich.pending()).extracting(Object::getClass).as("the sample holds every kind of action")
                    .containsAll(Arrays.asList(Action.class.getPermittedSubclasses()));
            assertThat(rich.note().verdicts()).extracting(Verdict::status).as("the sample holds a verdict of every status")
                    .containsAll(Arrays.asList(Verdict.Status.values()));

            StoredRollout saved = store.save(rich, 0);

            StoredRollout loaded = store.load("test/podinfo").orElseThrow();
            assertThat(loaded).isEqualTo(saved).isEqualTo(rich.withVersion(1));
            assertThat(loaded.note()).isEqualTo(rich.note());
            assertThat(loaded.note().verdicts().get(2).hasObservedValue()).as("no observed value stays none").isFalse();
            assertThat(loaded.conflict()).isEqualTo(rich.conflict());
        }

        @Test
        @DisplayName("gives back a committed record not yet verified")
        void roundTripsUnverified() {
            StoredRollout s = simpleRollout("test/podinfo");
            StoredRollout unverified = s.withDue(s.dueAt(), Optional.empty());

            store.save(unverified, 0);

            assertThat(store.load("test/podinfo")).contains(unverified.withVersion(1));
        }
    }

    @Nested
    @DisplayName("save")
    class Save {

        @Test
        @DisplayName("creates a new rollout at version 1 when 0 is expected")
        void createsAtVersionOne() {
            StoredRollout saved = store.save(simpleRollout("test/podinfo"), 0);

            assertThat(saved.version()).isEqualTo(1);
            assertThat(saved.state().version()).isEqualTo(1);
            assertThat(saved).isEqualTo(simpleRollout("test/podinfo").withVersion(1));
            assertThat(store.load("test/podinfo")).contains(saved);
        }

        @Test
        @DisplayName("stores an update with the next version when the stored one is expected")
        void updatesAtNextVersion() {
            store.save(simpleRollout("test/podinfo"), 0);

            StoredRollout saved = store.save(richRollout("test/podinfo"), 1);

            assertThat(saved).isEqualTo(richRollout("test/podinfo").withVersion(2));
            assertThat(store.load("test/podinfo")).contains(saved);
        }

        @Test
        @DisplayName("refuses a stale version with StaleStateException and writes nothing")
        void refusesStaleVersion() {
            StoredRollout first = store.save(simpleRollout("test/podinfo"), 0);

            assertThatThrownBy(() -> store.save(richRollout("test/podinfo"), 0))
                    .isInstanceOfSatisfying(StaleStateException.class, e -> {
                        assertThat(e.id()).isEqualTo("test/podinfo");
                        assertThat(e.expected()).isZero();
                        assertThat(e.actual()).isEqualTo(1);
                    });
            assertThatThrownBy(() -> store.save(richRollout("test/podinfo"), 2)).isInstanceOf(StaleStateException.class);

            assertThat(store.load("test/podinfo")).contains(first);
        }

        @Test
        @DisplayName("refuses an update of a rollout that is not stored, reporting it absent, and writes nothing")
        void refusesUpdateOfAbsent() {
            assertThatThrownBy(() -> store.save(simpleRollout("test/podinfo"), 3))
                    .isInstanceOfSatisfying(StaleStateException.class, e -> assertThat(e.actual()).isEqualTo(-1));

            assertThat(store.load("test/podinfo")).isEmpty();
            assertThat(store.ids()).isEmpty();
        }

        @Test
        @DisplayName("lets exactly one of 8 concurrent creations win")
        void oneConcurrentCreationWins() throws Exception {
            RaceOutcome outcome = race("test/podinfo", 0);

            assertThat(outcome.winners()).hasSize(1);
            assertThat(outcome.stale()).isEqualTo(RACING_THREADS - 1);
            assertThat(store.load("test/podinfo")).contains(outcome.winners().get(0));
        }

        @Test
        @DisplayName("lets exactly one of 8 concurrent updates from the same version win")
        void oneConcurrentUpdateWins() throws Exception {
            store.save(simpleRollout("test/podinfo"), 0);

            RaceOutcome outcome = race("test/podinfo", 1);

            assertThat(outcome.winners()).singleElement().extracting(StoredRollout::version).isEqualTo(2L);
            assertThat(outcome.stale()).isEqualTo(RACING_THREADS - 1);
            assertThat(store.load("test/podinfo")).contains(outcome.winners().get(0));
        }
    }

    @Nested
    @DisplayName("ids and delete")
    class IdsAndDelete {

        @Test
        @DisplayName("lists the ids of every stored rollout, sorted")
        void idsSorted() {
            assertThat(store.ids()).isEmpty();
            for (String id : List.of("team-b/api", "team-a/web", "team-a/api")) {
                store.save(simpleRollout(id), 0);
            }

            assertThat(store.ids()).containsExactly("team-a/api", "team-a/web", "team-b/api");
        }

        @Test
        @DisplayName("deletes a rollout, after which it can be created again from version 0")
        void deletes() {
            store.save(simpleRollout("test/podinfo"), 0);
            store.save(simpleRollout("test/other"), 0);

            store.delete("test/podinfo");

            assertThat(store.load("test/podinfo")).isEmpty();
            assertThat(store.ids()).containsExactly("test/other");
            assertThat(store.save(simpleRollout("test/podinfo"), 0).version()).isEqualTo(1);
        }

        @Test
        @DisplayName("does nothing when deleting an unknown id")
        void deleteUnknown() {
            store.save(simpleRollout("test/podinfo"), 0);

            store.delete("test/unknown");

            assertThat(store.ids()).containsExactly("test/podinfo");
        }
    }

    /** What a race of saves gave: the records saved, and how many saves were refused as stale. */
    private record RaceOutcome(List<StoredRollout> winners, int stale) {
    }

    /**
     * Has {@value #RACING_THREADS} threads save a distinct record of {@code id}, all expecting
     * {@code expectedVersion}, released at the same moment.
     */
    private RaceOutcome race(String id, long expectedVersion) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACING_THREADS);
        CountDownLatch ready = new CountDownLatch(RACING_THREADS);
        CountDownLatch start = new CountDownLatch(1);
        long timeoutMillis = concurrencyTimeout().toMillis();
        try {
            List<Future<StoredRollout>> saves = new ArrayList<>();
            for (int t = 0; t < RACING_THREADS; t++) {
                StoredRollout mine = simpleRollout(id);
                StoredRollout distinct = new StoredRollout(id, mine.state(), mine.pending(), mine.note(), mine.next(),
                        mine.dueAt().plusSeconds(t), mine.verifiedAt(), mine.hookResults(), mine.commands(), Optional.empty(), 0);
                saves.add(pool.submit(() -> {
                    ready.countDown();
                    if (!start.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                        throw new IllegalStateException("never told to start");
                    }
                    try {
                        return store.save(distinct, expectedVersion);
                    } catch (StaleStateException e) {
                        return null;
                    }
                }));
            }
            assertThat(ready.await(timeoutMillis, TimeUnit.MILLISECONDS)).as("all threads ready").isTrue();
            start.countDown();
            List<StoredRollout> winners = new ArrayList<>();
            for (Future<StoredRollout> save : saves) {
                StoredRollout saved = save.get(timeoutMillis, TimeUnit.MILLISECONDS);
                if (saved != null) {
                    winners.add(saved);
                }
            }
            return new RaceOutcome(winners, RACING_THREADS - winners.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
