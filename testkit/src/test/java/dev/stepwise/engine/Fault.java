package dev.stepwise.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A fault planted in one SPI: {@link #around} puts a real implementation behind a proxy whose
 * named methods, once {@link #arm armed}, throw the given throwable on the next calls instead of
 * reaching it; every other call, and every call once the fault is spent, reaches the real one.
 * Thread-safe.
 */
final class Fault {

    private Supplier<? extends Throwable> throwable = () -> new AssertionError("unarmed");
    private int left;
    private int thrown;

    /** The next {@code calls} calls of a faulty method throw what {@code throwable} supplies; 0 heals. */
    synchronized void arm(int calls, Supplier<? extends Throwable> throwable) {
        this.left = calls;
        this.throwable = throwable;
    }

    /** How many calls threw so far. */
    synchronized int thrown() {
        return thrown;
    }

    /** {@code real} behind this fault, which the calls of {@code methods} (by name, every overload) throw. */
    <T> T around(Class<T> spi, T real, Set<String> methods) {
        Object proxy = Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, (self, method, args) -> {
            if (methods.contains(method.getName())) {
                throwIfArmed();
            }
            return call(real, method, args);
        });
        return spi.cast(proxy);
    }

    private synchronized void throwIfArmed() throws Throwable {
        if (left > 0) {
            left--;
            thrown++;
            throw throwable.get();
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
