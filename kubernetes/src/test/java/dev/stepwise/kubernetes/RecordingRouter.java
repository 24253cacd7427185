package dev.stepwise.kubernetes;

import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.function.Consumer;

/**
 * A router that adds every step's split it wrote, after the write went through, to a shared list
 * ({@code "a: 10% @v3"}), and can be held right before a write ({@link #beforeApply}): where a
 * pause hurts most, after the engine's leadership check and before the write lands.
 */
final class RecordingRouter implements TrafficRouter {

    private final String engine;
    private final TrafficRouter router;
    private final List<String> writes;
    private volatile Consumer<TrafficSplit> beforeApply = split -> { };

    RecordingRouter(String engine, TrafficRouter router, List<String> writes) {
        this.engine = engine;
        this.router = router;
        this.writes = writes;
    }

    /** Runs {@code hook} before each later write of a step's split. */
    void beforeApply(Consumer<TrafficSplit> hook) {
        beforeApply = hook;
    }

    @Override
    public void reconcile() {
        router.reconcile();
    }

    @Override
    public void reconcile(StepNote why) {
        router.reconcile(why);
    }

    @Override
    public void apply(TrafficSplit split) {
        router.apply(split);
    }

    @Override
    public void apply(TrafficSplit split, StepNote why) {
        beforeApply.accept(split);
        router.apply(split, why);
        writes.add(engine + ": " + split.canary() + "% @v" + why.version());
    }

    @Override
    public TrafficSplit current() {
        return router.current();
    }

    @Override
    public Verification verify(TrafficSplit split) {
        return router.verify(split);
    }

    @Override
    public void release() {
        router.release();
    }

    @Override
    public RouterCapabilities capabilities() {
        return router.capabilities();
    }
}
