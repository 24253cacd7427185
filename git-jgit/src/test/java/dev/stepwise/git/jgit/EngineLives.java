package dev.stepwise.git.jgit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@link GitOpsEngineProcess} in JVMs of its own, one after another on the same working
 * directory, and kills them with {@code kill -9} ({@link Process#destroyForcibly()}, which sends
 * {@code SIGKILL} on Linux: each killed JVM must end with status 137 = 128 + 9). Each kill comes at
 * a random moment: a quarter of them while the JVM starts (before it says {@code running}: opening
 * the working copy, recovering from the last kill), a quarter within {@link #runningWindow()} after
 * it runs (the first load, a pending step applied again), and half within that window after its
 * first push (steps: fetches, commits, pushes; so the rollouts go on from kill to kill). After each kill the lock files left
 * in the working copy's {@code .git} are counted: what the dead process held at its death.
 * Every wait is bounded; a JVM that ends by itself before its kill fails the test with its output.
 */
final class EngineLives {

    /** How long a JVM may take to say it runs. */
    static final Duration STARTUP = Duration.ofSeconds(60);
    /** How long the last JVM may take to finish the revision under way. */
    static final Duration FINISH = Duration.ofSeconds(120);

    private final List<String> command;
    private final Path workingDirectory;
    private final RemoteHistory remote;
    private final Path logs;
    private final Duration interval;
    private int lives;
    private long startupMillis = 1000;
    private int killsWhileStarting;
    private int killsWithLock;
    private final TreeMap<String, Integer> locksLeft = new TreeMap<>();

    EngineLives(List<String> arguments, Path workingDirectory, RemoteHistory remote, Path logs, Duration interval) {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path"), GitOpsEngineProcess.class.getName()));
        java.addAll(arguments);
        this.command = List.copyOf(java);
        this.workingDirectory = workingDirectory;
        this.remote = remote;
        this.logs = logs;
        this.interval = interval;
    }

    /** Starts a JVM and kills it at a moment drawn from {@code random}. */
    void killOnce(Random random) throws IOException, InterruptedException {
        int moment = random.nextInt(4);
        long delay = (long) (random.nextDouble() * (moment == 0 ? startupMillis : runningWindow()));
        Life life = start();
        if (moment == 0) {
            life.await(delay);
            killsWhileStarting++;
        } else {
            life.awaitRunning();
            if (moment > 1) {
                life.awaitPush();
            }
            life.await(delay);
        }
        life.process.destroyForcibly();
        if (!life.process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("life " + life.number + " did not die within 30 s of SIGKILL");
        }
        if (life.process.exitValue() != 137) {
            throw new AssertionError("life " + life.number + " ended with " + life.process.exitValue()
                    + ", not 137 (SIGKILL) as killed:\n" + life.output());
        }
        List<String> locks = locks();
        if (!locks.isEmpty()) {
            killsWithLock++;
            locks.forEach(lock -> locksLeft.merge(lock, 1, Integer::sum));
        }
    }

    /**
     * How long after {@code running} or the first push a kill may come: five analysis intervals, or the time the last
     * JVM took to start if longer. On a loaded machine Git operations slow down as much as starting
     * does, so the kills still spread over a whole step.
     */
    private long runningWindow() {
        return Math.max(5 * interval.toMillis(), startupMillis);
    }

    /** Starts a last JVM and waits until it has finished the train and exited normally. */
    void finish() throws IOException, InterruptedException {
        Life life = start();
        if (!life.process.waitFor(FINISH.toMillis(), TimeUnit.MILLISECONDS)) {
            life.process.destroyForcibly();
            throw new AssertionError("the last life did not finish within " + FINISH + ":\n" + life.output());
        }
        if (life.process.exitValue() != 0) {
            throw new AssertionError("the last life ended with " + life.process.exitValue() + ":\n" + life.output());
        }
    }

    int lives() {
        return lives;
    }

    int killsWhileStarting() {
        return killsWhileStarting;
    }

    int killsWithLock() {
        return killsWithLock;
    }

    /** Lock files (relative to {@code .git}) found after kills, and how often. */
    TreeMap<String, Integer> locksLeft() {
        return new TreeMap<>(locksLeft);
    }

    /** The lock files in the working copy's {@code .git} now. */
    List<String> locks() throws IOException {
        Path git = workingDirectory.resolve(".git");
        if (!Files.isDirectory(git)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(git)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".lock")).map(p -> git.relativize(p).toString())
                    .sorted().toList();
        }
    }

    private Life start() throws IOException {
        lives++;
        Path out = logs.resolve("life-" + lives + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new Life(lives, process, out, System.nanoTime());
    }

    /** One JVM of the engine. */
    private final class Life {
        final int number;
        final Process process;
        final Path out;
        final long startedNanos;

        Life(int number, Process process, Path out, long startedNanos) {
            this.number = number;
            this.process = process;
            this.out = out;
            this.startedNanos = startedNanos;
        }

        /** Waits until the JVM prints {@code running}; notes how long it took, for kills while starting. */
        void awaitRunning() throws IOException, InterruptedException {
            long deadline = startedNanos + STARTUP.toNanos();
            while (!Files.readString(out).contains("running")) {
                if (System.nanoTime() > deadline || process.waitFor(5, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("life " + number + " did not run within " + STARTUP + " or ended:\n" + output());
                }
            }
            startupMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        }

        /** Waits until {@code main} on the remote moves: this JVM has pushed, the train goes on between kills. */
        void awaitPush() throws IOException, InterruptedException {
            String before = remote.headId();
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (remote.headId().equals(before)) {
                if (System.nanoTime() > deadline || process.waitFor(5, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("life " + number + " pushed nothing within " + STARTUP + " or ended:\n" + output());
                }
            }
        }

        /** Waits {@code millis}; the JVM must still be alive at the end. */
        void await(long millis) throws IOException, InterruptedException {
            if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("life " + number + " ended by itself with " + process.exitValue() + ":\n" + output());
            }
        }

        String output() throws IOException {
            List<String> lines = Files.readAllLines(out);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }
}
