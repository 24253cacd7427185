package dev.stepwise.cli;

/**
 * Where {@code stepwise run} registers what Ctrl-C does: the JVM's shutdown hooks, or (in tests) a
 * hook the test calls itself, so that no signal is sent to the build's JVM.
 */
@FunctionalInterface
interface ShutdownHooks {

    /** The JVM's shutdown hooks: {@code action} runs on its own thread when the process is told to end (Ctrl-C, SIGTERM). */
    ShutdownHooks JVM = action -> {
        Thread thread = new Thread(action, "stepwise-run-shutdown");
        Runtime.getRuntime().addShutdownHook(thread);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(thread);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook runs, or ran, anyway
            }
        };
    };

    /** Registers {@code action} to run when the process is interrupted; the returned handle removes it again. */
    Registration add(Runnable action);

    /** A registered hook. */
    @FunctionalInterface
    interface Registration {
        /** Removes the hook (after a run that ended by itself); idempotent. */
        void remove();
    }
}
