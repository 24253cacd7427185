package dev.stepwise.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A pause planted in an engine's side effects, like a long GC pause: {@link #around} puts a real
 * SPI behind a proxy whose named methods count as side effects; the {@code at}-th of them (counted
 * over every SPI behind this stall, from 1) blocks its thread before it reaches the real SPI until
 * {@link #release()}, then goes on. Every wait is bounded. Thread-safe.
 */
final class Stall {

    /** The longest a stalled call or a test waits for the other side, in real time. */
    static final long WAIT_SECONDS = 30;

    private final int at;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> effects = new ArrayList<>();

    /** Stalls the {@code at}-th side effect; 0 never stalls and only counts. */
    Stall(int at) {
        this.at = at;
    }

    /** {@code real} behind this stall; the calls of {@code methods} (by name, every overload) are side effects. */
    <T> T around(Class<T> spi, T real, Set<String> methods) {
        Object proxy = Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, (self, method, args) -> {
            if (methods.contains(method.getName())) {
                pass(method.getName() + (args == null || args.length == 0 ? "" : " " + args[0]));
            }
            return call(real, method, args);
        });
        return spi.cast(proxy);
    }

    /** Side effects counted so far, the stalled one included. */
    synchronized int calls() {
        return effects.size();
    }

    /** The side effects counted so far, in order: the method's name and its first argument. */
    synchronized List<String> effects() {
        return List.copyOf(effects);
    }

    /** Whether the stalled side effect has been reached. */
    boolean reached() {
        return reached.getCount() == 0;
    }

    /** Waits (bounded) until the stalled side effect is reached; false if it was not in time. */
    boolean awaitReached() throws InterruptedException {
        return reached.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Lets the stalled side effect go on. */
    void release() {
        released.countDown();
    }

    private void pass(String effect) {
        boolean stop;
        synchronized (this) {
            effects.add(effect);
            stop = effects.size() == at;
        }
        if (stop) {
            reached.countDown();
            try {
                if (!released.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("side effect #" + at + " was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stalled at side effect #" + at, e);
            }
        }
    }

    private static Object call(Object real, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
