package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An ended rollout is looked at once per interval for a new revision; those looks ask the
 * workload only, and cost the state store nothing (issue 12: in GitOps mode every load was a fetch).
 */
@DisplayName("Looks at an ended rollout")
class EndedRolloutLooksTest {

    private final VirtualScheduler scheduler = VirtualScheduler.startingAt(RolloutEngineTest.T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();
    private final CountingStore store = new CountingStore(new InMemoryStateStore());
    private final InMemoryWorkload workload = RolloutEngineTest.workload();
    private final CanaryStrategy canary = RolloutEngineTest.canary(1);
    private final Duration interval = canary.analysis().interval();
    private final RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock())
            .scheduler(scheduler).stateStore(store).build(), scheduler);
    private final String id = engine.register(RolloutEngineTest.definition("podinfo", canary,
            InMemoryTrafficRouter.ofDefaults(), workload, RolloutEngineTest.HEALTHY));

    @Test
    @DisplayName("load it from the store at most once per 10 minutes while the revision stays the same")
    void noLoads() {
        finish();
        int loads = store.loads.get();

        scheduler.advance(Reconciler.ENDED_RELOAD.minus(interval.multipliedBy(2)));
        assertThat(store.loads.get() - loads).isZero();

        scheduler.advance(interval.multipliedBy(10));
        assertThat(store.loads.get() - loads).isEqualTo(1);
    }

    @Test
    @DisplayName("take a command another process stored within 10 minutes and one interval")
    void commandStoredElsewhere() {
        finish();
        StoredRollout rec = store.load(id).orElseThrow();
        store.save(rec.withCommands(Set.of(Command.RETRY)), rec.version());

        scheduler.advance(Duration.ofMinutes(10).plus(interval));

        assertThat(store.load(id)).hasValueSatisfying(now -> assertThat(now.commands()).isEmpty());
    }

    @Test
    @DisplayName("load the rollout again, and start it over, once the workload has a new revision")
    void newRevision() {
        finish();
        workload.deploy("v3");

        scheduler.advance(interval.plusSeconds(1));

        assertThat(store.load(id)).hasValueSatisfying(rec -> assertThat(rec.state().revision()).isEqualTo("v3"));
    }

    @Test
    @DisplayName("take an operator's command at once: the look after it loads the rollout and consumes the command")
    void command() {
        finish();
        int loads = store.loads.get();

        engine.command(id, Command.PAUSE);
        scheduler.advance(Duration.ofSeconds(1));

        // the command's own load, and the look's: a look answered from memory would leave the command stored
        assertThat(store.loads.get() - loads).isEqualTo(2);
        assertThat(store.load(id)).hasValueSatisfying(rec -> assertThat(rec.commands()).isEmpty());
    }

    private void finish() {
        scheduler.advance(Duration.ofHours(1));
        assertThat(store.load(id)).hasValueSatisfying(rec -> assertThat(rec.state().phase()).isEqualTo(Phase.SUCCEEDED));
    }

    /** A store counting its loads. */
    private static final class CountingStore implements StateStore {
        final AtomicInteger loads = new AtomicInteger();
        private final StateStore delegate;

        CountingStore(StateStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<StoredRollout> load(String id) {
            loads.incrementAndGet();
            return delegate.load(id);
        }

        @Override
        public StoredRollout save(StoredRollout rollout, long expectedVersion) {
            return delegate.save(rollout, expectedVersion);
        }

        @Override
        public List<String> ids() {
            return delegate.ids();
        }

        @Override
        public void delete(String id) {
            delegate.delete(id);
        }
    }
}
