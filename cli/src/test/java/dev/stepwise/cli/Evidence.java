package dev.stepwise.cli;

import dev.stepwise.secret.internal.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The secrets planted and everything captured to look for them in. */
final class Evidence {

    /** Where a captured text came from. */
    enum Source { LOG, EVENT, EXCEPTION, MESSAGE, TO_STRING, COMMIT, CLI }

    private record Captured(Source source, String text) {
    }

    private final Map<String, String> planted = new LinkedHashMap<>();
    private final List<Captured> captured = new ArrayList<>();

    /** A new distinctive secret, planted in {@code where}. */
    synchronized String plant(String where) {
        String secret = "s3cr3t-PLANTED-%02d".formatted(planted.size() + 1);
        planted.put(secret, where);
        return secret;
    }

    synchronized void add(Source source, String text) {
        captured.add(new Captured(source, text));
    }

    /** The message of {@code thrown}, of its causes and of everything suppressed, and its toString. */
    void addThrowable(Source source, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            add(source, t.toString());
            for (Throwable suppressed : t.getSuppressed()) {
                addThrowable(source, suppressed);
            }
        }
    }

    void addLogLines(List<String> lines) {
        lines.forEach(line -> add(Source.LOG, line));
    }

    /** Runs the CLI in this JVM, keeping its standard output and error. */
    void cli(Object[] args) {
        cli(Terminal.script(), args);
    }

    /** Runs the CLI in this JVM with {@code terminal}'s environment, keeping its standard output and error. */
    void cli(Terminal terminal, Object[] args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        CommandLine commandLine = StepwiseCli.commandLine(terminal, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.execute(strings);
        add(Source.CLI, out.toString());
        add(Source.CLI, err.toString());
    }

    synchronized long count(Source source) {
        return captured.stream().filter(c -> c.source() == source).count();
    }

    /** Every captured text holding a planted secret: where it was planted, where it was found, the text. */
    synchronized List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        planted.forEach((secret, where) -> {
            Secrets forms = Secrets.of(secret);
            for (Captured c : captured) {
                if (forms.foundIn(c.text())) {
                    leaks.add(secret + " (" + where + ") in " + c.source() + ": " + abbreviate(c.text()));
                }
            }
        });
        return leaks;
    }

    synchronized String figures() {
        Map<Source, Long> counts = new EnumMap<>(Source.class);
        for (Source source : Source.values()) {
            counts.put(source, count(source));
        }
        long lines = captured.stream().mapToLong(c -> c.text().lines().count()).sum();
        return "planted secrets: " + planted.size() + ", texts scanned: " + captured.size() + " (" + lines
                + " lines) " + counts;
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
