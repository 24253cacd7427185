package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OperatorCommands.send")
class OperatorCommandsTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final String ID = "test/podinfo";

    private final InMemoryStateStore store = new InMemoryStateStore();

    static StoredRollout rollout() {
        RolloutState state = RolloutState.initial("v2", T0).withPhase(Phase.PROGRESSING).withSplit(TrafficSplit.canary(10));
        return new StoredRollout(ID, state, List.of(), StepNote.registered(ID, state, T0),
                new NextLook(Duration.ofMinutes(1), true, Set.of()), T0.plusSeconds(60), Optional.of(T0), List.of(),
                Set.of(), Optional.empty(), 0);
    }

    @Test
    @DisplayName("adds the command to the stored rollout with a compare-and-set save and returns the saved record")
    void stores() {
        store.save(rollout().withCommands(Set.of(Command.PAUSE)), 0);

        StoredRollout saved = OperatorCommands.send(store, ID, Command.PROMOTE);

        assertThat(saved.version()).isEqualTo(2);
        assertThat(saved.commands()).containsExactlyInAnyOrder(Command.PAUSE, Command.PROMOTE);
        assertThat(store.load(ID)).contains(saved);
    }

    @Test
    @DisplayName("pause and resume are taken in the order issued: the later replaces a pending one of the other kind")
    void pauseAndResumeInOrder() {
        store.save(rollout().withCommands(Set.of(Command.PAUSE, Command.PROMOTE)), 0);

        assertThat(OperatorCommands.send(store, ID, Command.RESUME).commands())
                .containsExactlyInAnyOrder(Command.RESUME, Command.PROMOTE);
        assertThat(OperatorCommands.send(store, ID, Command.PAUSE).commands())
                .containsExactlyInAnyOrder(Command.PAUSE, Command.PROMOTE);
    }

    @Test
    @DisplayName("a rollout not stored is refused on the field id")
    void unknown() {
        assertThatThrownBy(() -> OperatorCommands.send(store, ID, Command.PROMOTE))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("id"))
                .hasMessageContaining("has not been reconciled yet");
    }

    @Test
    @DisplayName("retry of a held rollout is refused on the field command, naming the change; nothing is saved")
    void retryHeld() {
        store.save(rollout().withConflict(new HeldConflict("apps/podinfo/vs.yaml", "edited", T0)), 0);

        assertThatThrownBy(() -> OperatorCommands.send(store, ID, Command.RETRY))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("command"))
                .hasMessageContaining("apps/podinfo/vs.yaml").hasMessageContaining("send resume");
        assertThat(store.load(ID).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    @DisplayName("a save beaten by another writer reads the rollout again and keeps what that writer stored")
    void staleThenStored() {
        store.save(rollout(), 0);
        AtomicInteger saves = new AtomicInteger();
        StateStore racing = new Racing(store, 2, saves);

        StoredRollout saved = OperatorCommands.send(racing, ID, Command.ABORT);

        assertThat(saves.get()).isEqualTo(3);
        assertThat(saved.commands()).containsExactlyInAnyOrder(Command.ABORT, Command.PAUSE);
    }

    @Test
    @DisplayName("passes the StaleStateException on after " + OperatorCommands.ATTEMPTS + " beaten saves")
    void staleEveryTime() {
        store.save(rollout(), 0);
        AtomicInteger saves = new AtomicInteger();

        assertThatThrownBy(() -> OperatorCommands.send(new Racing(store, Integer.MAX_VALUE, saves), ID, Command.ABORT))
                .isInstanceOf(StaleStateException.class);
        assertThat(saves.get()).isEqualTo(OperatorCommands.ATTEMPTS);
    }

    /** A store where another writer (storing pause) gets in before each of the first {@code beaten} saves. */
    private record Racing(InMemoryStateStore delegate, int beaten, AtomicInteger saves) implements StateStore {
        @Override
        public Optional<StoredRollout> load(String id) {
            return delegate.load(id);
        }

        @Override
        public StoredRollout save(StoredRollout rollout, long expectedVersion) {
            if (saves.incrementAndGet() <= beaten) {
                StoredRollout now = delegate.load(rollout.id()).orElseThrow();
                delegate.save(now.withCommands(Set.of(Command.PAUSE)), now.version());
            }
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
