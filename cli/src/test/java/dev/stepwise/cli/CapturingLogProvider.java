package dev.stepwise.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider that keeps every log line at every level, TRACE included, with the messages
 * of its throwable and all causes; chosen with {@code -Dslf4j.provider} for this module's tests.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {

    private static final List<String> LINES = new ArrayList<>();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final ILoggerFactory loggers = CapturingLogger::new;

    /** Whether SLF4J uses this provider in this JVM. */
    static boolean active() {
        return org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName().startsWith(CapturingLogProvider.class.getName());
    }

    /** Every line logged so far. */
    static synchronized List<String> lines() {
        return List.copyOf(LINES);
    }

    private static synchronized void add(String line) {
        LINES.add(line);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    /** Keeps everything; prints WARN and ERROR lines to standard error. */
    private static final class CapturingLogger extends AbstractLogger {

        CapturingLogger(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return CapturingLogger.class.getName();
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            StringBuilder line = new StringBuilder(level + " " + name + " - "
                    + MessageFormatter.basicArrayFormat(pattern, arguments));
            for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
                line.append(" | ").append(t);
                for (Throwable suppressed : t.getSuppressed()) {
                    line.append(" | suppressed ").append(suppressed);
                }
            }
            add(line.toString());
            if (level == Level.WARN || level == Level.ERROR) {
                System.err.println(line);
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }

}
