package dev.stepwise.engine;

/**
 * What a reconcile threw, as the engine handles it: any {@link Throwable} (an SPI's
 * {@link RuntimeException}, an {@link Error} such as {@link StackOverflowError} or
 * {@link AssertionError}, even a checked exception thrown sneakily) is a failure, published as
 * {@link RolloutEvent.Failed} and retried with backoff up to the deadline; nothing stops a rollout
 * silently.
 *
 * @param error what the failure event and the log say: the throwable's simple class name and message
 * @param fatal whether the engine passes the throwable on once the failure is recorded and the
 *              next look scheduled (see {@link #of})
 */
record Failure(String error, boolean fatal) {

    /**
     * The failure {@code thrown} is. Fatal are the {@link VirtualMachineError}s that say the JVM
     * itself is in trouble ({@link OutOfMemoryError}, {@link InternalError}, {@link UnknownError}):
     * the application embedding the engine must hear of them (its scheduler's thread, its uncaught
     * exception handler), and a library swallowing them would hide a sick JVM. They are still
     * recorded first and the rollout's next look scheduled, so even they cannot stop a rollout
     * silently. A {@link StackOverflowError} is not fatal: it is confined to the thread whose stack
     * has already unwound to the engine, which is as healthy as before (typically a recursion bug in
     * an SPI), so it is an ordinary failure.
     */
    static Failure of(Throwable thrown) {
        String message = thrown.getMessage();
        String error = thrown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return new Failure(error, thrown instanceof VirtualMachineError && !(thrown instanceof StackOverflowError));
    }
}
