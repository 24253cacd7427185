package dev.stepwise.git.jgit.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who owns a working copy, as written in its owner file: one {@code key=value} line each.
 *
 * @param pid          the owning process
 * @param host         the host it runs on
 * @param processStart when that process started ({@link ProcessHandle.Info#startInstant()}), or
 *                     {@code unknown}; tells a live owner from another process that got its pid
 * @param token        the owning backend, unique per claim
 * @param since        when the claim was made
 */
public record OwnerRecord(long pid, String host, String processStart, String token, String since) {

    private static final String UNKNOWN = "unknown";

    /** This process, as a new owner. */
    public static OwnerRecord current() {
        ProcessHandle self = ProcessHandle.current();
        return new OwnerRecord(self.pid(), LocalHost.NAME, startOf(self), UUID.randomUUID().toString(),
                Instant.now().toString());
    }

    /** The record in {@code text}; empty when the text is blank or lacks a field (a claim interrupted while written). */
    public static Optional<OwnerRecord> parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        try {
            long pid = Long.parseLong(fields.getOrDefault("pid", ""));
            String host = fields.get("host");
            String start = fields.get("process-start");
            String token = fields.get("token");
            String since = fields.getOrDefault("since", UNKNOWN);
            if (host == null || start == null || token == null) {
                return Optional.empty();
            }
            return Optional.of(new OwnerRecord(pid, host, start, token, since));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The text of the owner file. */
    public String format() {
        return "pid=" + pid + "\nhost=" + host + "\nprocess-start=" + processStart + "\ntoken=" + token
                + "\nsince=" + since + "\n";
    }

    /**
     * Whether the owning process still runs on this host: its pid is alive and, when both start
     * times are known, started when the record says (else the pid was reused, as pid 1 is in a
     * restarted container). A pid of this JVM counts as running: another backend here owns it.
     */
    public boolean isRunning() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        String start = startOf(process.get());
        return start.equals(UNKNOWN) || processStart.equals(UNKNOWN) || start.equals(processStart);
    }

    /** For messages: pid, host and the time of the claim. */
    public String describe() {
        return "pid " + pid + " on " + host + " (since " + since + ")";
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse(UNKNOWN);
    }

    /** The host name, looked up once (a lookup can be slow). */
    private static final class LocalHost {
        static final String NAME = lookup();

        private static String lookup() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
            }
        }
    }
}
