package dev.stepwise.cli;

import dev.stepwise.engine.ExecutorScheduler;
import dev.stepwise.engine.OperatorCommands;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.kubernetes.BootstrapMode;
import dev.stepwise.kubernetes.KubernetesEvents;
import dev.stepwise.kubernetes.StateNamespace;
import dev.stepwise.kubernetes.TrackBootstrapException;
import dev.stepwise.launch.Launch;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MissingEnvironmentException;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spec.DeliverySpec;
import dev.stepwise.spec.InvalidSpecException;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stepwise run SPEC}: builds the rollout the spec declares with {@link RolloutLauncher}
 * (the installed providers, and those on {@code --classpath}: custom strategies, or adapters; a
 * Kubernetes client from the kubeconfig), sets up its tracks, drives it
 * in a {@link RolloutEngine} on the wall clock with a progress line per step, and prints its
 * timeline. The state is kept where the operator commands look: ConfigMaps in
 * {@code --state-namespace} ({@code delivery: cluster}) or the Git repository ({@code delivery: git}).
 * A stored paused rollout is resumed. Ctrl-C pauses the rollout in its store and stops.
 */
@CommandLine.Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"Runs the rollout a spec declares on a cluster (or into Git), showing each step.",
                "Ctrl-C leaves it paused in its state store; run again to resume it."},
        footer = {"", "Exit status: 0 Succeeded; 1 invalid spec or tracks that cannot be set up; 3 cluster or store"
                + " unreachable; 4 rolled back or aborted; 5 left paused or awaiting promotion (Ctrl-C, or a pause"
                + " without --until-end)."})
final class RunCommand implements Callable<Integer> {

    /** Exit status of a rollout rolled back or aborted. */
    static final int ROLLED_BACK = 4;
    /** Exit status of a rollout left paused or awaiting promotion. */
    static final int PAUSED = 5;

    @Parameters(paramLabel = "SPEC", description = "The rollout spec (YAML or JSON).")
    Path file;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file; default as kubectl finds it (KUBECONFIG, then ~/.kube/config).")
    @Nullable Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context; default the current one.")
    @Nullable String context;

    @Option(names = "--state-namespace", paramLabel = "NS", defaultValue = StateNamespace.CLI_DEFAULT,
            description = "delivery: cluster: namespace of the rollouts' state ConfigMaps, as the operator commands"
                    + " read them; default ${DEFAULT-VALUE}.")
    String stateNamespace = StateNamespace.CLI_DEFAULT;

    @Option(names = "--git-dir", paramLabel = "DIR",
            description = "delivery: git: the directory the working copy goes under (<DIR>/<namespace>/<name>).")
    @Nullable Path gitDir;

    @Option(names = "--bootstrap", paramLabel = "MODE", defaultValue = "create",
            description = "create (default): create the -primary Deployment and the track Services when missing;"
                    + " require: create nothing, stop listing what is missing.")
    BootstrapMode bootstrap = BootstrapMode.CREATE;

    @Option(names = "--until-end", description = "Keep running through pauses and promotion gates, waiting for"
            + " `stepwise resume` or `promote` from another shell, until the rollout ends.")
    boolean untilEnd;

    @Option(names = "--events", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "delivery: cluster: write a Kubernetes Event on the target Deployment for every decision"
                    + " (needs create and patch on events); default on, --no-events to turn off.")
    boolean events = true;

    @CommandLine.Mixin
    ClassPathOption classPath = new ClassPathOption();

    @ParentCommand
    StepwiseCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ClassPathOption.Plugins> plugins = classPath.open(err);
        if (plugins.isEmpty()) {
            err.flush();
            return StepwiseCli.INVALID_INPUT;
        }
        try (ClassPathOption.Plugins opened = plugins.get()) {
            RolloutLauncher launcher = RolloutLauncher.of(opened.loader());
            Optional<RolloutSpec> rollout = Inputs.readSpec(file, launcher.strategies(), err, cli.style());
            if (rollout.isEmpty()) {
                return StepwiseCli.INVALID_INPUT;
            }
            return run(launcher, rollout.get(), out, err);
        } catch (IOException e) {
            err.println(classPath + ": cannot close: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(RolloutLauncher launcher, RolloutSpec rollout, PrintWriter out, PrintWriter err) {
        KubernetesClient client;
        try {
            client = client();
        } catch (RuntimeException e) {
            err.println("run: cannot use the kubeconfig: " + StoreCommand.reason(e));
            return StepwiseCli.STORE_UNREACHABLE;
        }
        try (client) {
            Launch launch = launch(launcher, rollout, client, err);
            if (launch == null) {
                return StepwiseCli.INVALID_INPUT;
            }
            try (launch) {
                return drive(rollout, launch, events(rollout, client), out, err);
            }
        } catch (RuntimeException e) {
            err.println("run " + rollout.metadata().name() + ": cannot reach the cluster (" + client.getMasterUrl()
                    + "): " + StoreCommand.reason(e));
            return StepwiseCli.STORE_UNREACHABLE;
        }
    }

    /** The rollout built from the spec; null, with the problems on {@code err}, when it cannot be. */
    private @Nullable Launch launch(RolloutLauncher launcher, RolloutSpec rollout, KubernetesClient client,
                                    PrintWriter err) {
        LaunchEnvironment.Builder environment = LaunchEnvironment.builder()
                .with(KubernetesClient.class, client).with(BootstrapMode.class, bootstrap)
                .with(StateNamespace.class, new StateNamespace(stateNamespace));
        if (gitDir != null) {
            environment.gitDirectory(gitDir);
        }
        try {
            return launcher.launch(rollout, environment.build());
        } catch (InvalidSpecException e) {
            Inputs.printProblems(err, file, e, cli.style());
        } catch (MissingEnvironmentException e) {
            err.println(file + ": " + (rollout.delivery() instanceof DeliverySpec.Git
                    ? "spec.delivery: git needs a directory for the working copy: pass --git-dir DIR"
                    : e.getMessage()));
        } catch (TrackBootstrapException e) {
            err.println(file + ": " + e.getMessage()
                    + (bootstrap == BootstrapMode.REQUIRE ? "\n(--bootstrap require; without it, run creates what is missing)" : ""));
        }
        return null;
    }

    /** The Kubernetes Events of a cluster delivery, unless {@code --no-events}. */
    private Optional<KubernetesEvents> events(RolloutSpec rollout, KubernetesClient client) {
        return events && rollout.delivery() instanceof DeliverySpec.Cluster ? Optional.of(KubernetesEvents.of(client))
                : Optional.empty();
    }

    private int drive(RolloutSpec rollout, Launch launch, Optional<KubernetesEvents> events, PrintWriter out,
                      PrintWriter err) {
        try {
            return drive(rollout, launch, launch.store(), events, out, err);
        } finally {
            events.ifPresent(KubernetesEvents::close); // after the engine: its last decisions are written
        }
    }

    private int drive(RolloutSpec rollout, Launch launch, StateStore store, Optional<KubernetesEvents> events,
                      PrintWriter out, PrintWriter err) {
        String id = launch.id();
        resumeIfPaused(store, id, out);
        Style style = cli.style();
        ProgressBar bar = new ProgressBar(out, cli.terminal().interactive(), rollout.strategy().stepsToSuccess(), style);
        RunSession[] session = new RunSession[1];
        RunProgress progress = new RunProgress(rollout.metadata().name(), rollout.strategy(), out, err, bar, style,
                () -> session[0].poke());
        out.println(style.bold("Rolling out " + id) + " (" + rollout.strategy().kind() + ", state in " + where(rollout)
                + ")");
        out.flush();
        try (ExecutorScheduler scheduler = ExecutorScheduler.ofDefaults();
             RolloutEngine engine = engine(scheduler, store, progress, events)) {
            session[0] = new RunSession(engine, store, id, untilEnd, end -> interrupted(end, id, out));
            ShutdownHooks.Registration hook = cli.hooks().add(() -> session[0].interrupt());
            RunSession.End end;
            try {
                engine.register(launch.definition());
                end = session[0].await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end = session[0].interrupt();
            } finally {
                hook.remove();
            }
            return ended(end, progress, id, out);
        }
    }

    private static RolloutEngine engine(ExecutorScheduler scheduler, StateStore store, RunProgress progress,
                                        Optional<KubernetesEvents> events) {
        RolloutEngine.Builder engine = RolloutEngine.builder().scheduler(scheduler).stateStore(store).listener(progress);
        events.ifPresent(engine::listener);
        return engine.build();
    }

    private String where(RolloutSpec rollout) {
        return rollout.delivery() instanceof DeliverySpec.Cluster ? "ConfigMaps in namespace " + stateNamespace
                : "the Git repository";
    }

    /** Run again after Ctrl-C: a paused rollout is resumed. */
    private static void resumeIfPaused(StateStore store, String id, PrintWriter out) {
        Optional<StoredRollout> stored = store.load(id);
        if (stored.isPresent() && stored.get().state().phase() == Phase.PAUSED) {
            OperatorCommands.send(store, id, Command.RESUME);
            out.println("Resuming " + id + ", paused at canary " + stored.get().state().split().canary() + "%");
        }
    }

    private int ended(RunSession.End end, RunProgress progress, String id, PrintWriter out) {
        Phase phase = end.rollout().map(r -> r.state().phase()).orElse(Phase.INITIALIZING);
        if (end instanceof RunSession.Interrupted) {
            return PAUSED;
        }
        progress.timeline(phase).ifPresent(out::print);
        if (phase == Phase.SUCCEEDED) {
            out.println(id + ": " + cli.style().result(phase, phase.label()));
            return 0;
        }
        if (phase.isTerminal()) {
            out.println(id + ": " + cli.style().result(phase, phase.label()) + "; the stable version serves all traffic");
            return ROLLED_BACK;
        }
        String name = id.substring(id.indexOf('/') + 1);
        String namespace = id.substring(0, id.indexOf('/'));
        out.println(id + ": " + phase.label() + "; " + (phase == Phase.AWAITING_PROMOTION
                ? "`stepwise promote " + name + " -n " + namespace + "`, then `stepwise run " + file + "` again"
                : "`stepwise run " + file + "` again resumes it") + " (with --until-end, run waits for `stepwise "
                + (phase == Phase.AWAITING_PROMOTION ? "promote" : "resume") + "` instead of stopping)");
        return PAUSED;
    }

    /** What the Ctrl-C hook prints once the rollout is paused and the engine stopped. */
    private void interrupted(RunSession.Interrupted end, String id, PrintWriter out) {
        String name = id.substring(id.indexOf('/') + 1);
        String namespace = id.substring(0, id.indexOf('/'));
        String state = end.rollout().map(r -> r.state().phase().label() + " at canary " + r.state().split().canary() + "%")
                .orElse("not stored yet");
        String refused = end.pauseRefused().map(why -> " (the pause was refused: " + why + ")").orElse("");
        out.println();
        out.println("Interrupted: " + id + " is " + state + refused + ". `stepwise run " + file
                + "` resumes it; `stepwise abort " + name + " -n " + namespace + "` rolls it back.");
        out.flush();
    }

    private KubernetesClient client() {
        Config config = kubeconfig != null ? Config.fromKubeconfig(context, kubeconfig.toFile()) : Config.autoConfigure(context);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
