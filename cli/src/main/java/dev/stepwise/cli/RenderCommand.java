package dev.stepwise.cli;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stepwise render SPEC [--mesh M] [--step N | --weight W ...]}: the mesh resources that
 * route the spec's service at one split of its rollout, then the track Services, as multi-document
 * YAML, ready to commit for a GitOps pipeline. The split is, by default, the first one the spec's
 * strategy writes that routes traffic to the canary (its header/cookie matches for an A/B test,
 * its mirror step for a canary with {@code mirror: true}, the three-way split with a baseline);
 * {@code --step} picks another, {@code --weight}/{@code --match-header}/{@code --mirror} describe
 * one by hand. The mesh is the spec's provider unless {@code --mesh} names one; the port is the
 * spec's {@code service.port} unless {@code --port} gives one.
 */
@Command(name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"Prints the mesh resources routing the spec's target at one split of its rollout, then the "
                + "track Services, as YAML documents separated by ---, ready to commit for GitOps.",
                "The split is the first one the spec's strategy writes that sends traffic to the canary: an A/B "
                        + "test's header and cookie matches, a canary's mirror step (mirror: true) or first weight, "
                        + "with the baseline's share when baseline: true. --step N picks the N-th split the "
                        + "rollout writes (a healthy run, as plan shows it); --weight, --match-header and --mirror "
                        + "give a split by hand instead. Which step was rendered is said on standard error.",
                "The spec's strategy is checked against what the mesh can route first.",
                "Exit status: 0 when rendered; 1 for an invalid spec, a split the mesh cannot route, or a strategy it "
                        + "cannot run; 2 for a bad command line."},
        footer = {"", "Meshes:",
                "  istio        VirtualService + DestinationRule (networking.istio.io/v1)",
                "  kuma         Kuma 2.14 MeshHTTPRoute, subset backends (needs a port)",
                "  kuma-v3      Kuma 3.0 MeshHTTPRoute, services referenced by labels",
                "  kuma-legacy  Kuma TrafficRoute, weights only (needs a port)",
                "  gateway-api  HTTPRoute; GAMMA: its parent is the Service (needs a port)",
                "The spec's service section gives the port, the host names, Istio gateways,",
                "Gateway API parentRefs, the Kuma mesh and the track Services; by default",
                "tracks are addressed as Flagger names them: Services <service>-primary,",
                "<service>-canary and <service>-baseline, or pods labelled",
                "version=stable|canary|baseline.",
                "Track Services (v1, skipped with --routes-only): stable's and the canary's,",
                "and the baseline's when the strategy uses it; port, targetPort and portName",
                "from spec.service; each selects its track's Deployment's pods by the label",
                "app=<target>-primary, app=<target> or app=<target>-baseline, as Flagger does."})
final class RenderCommand implements Callable<Integer> {

    /** The meshes whose resources name the Service port. */
    private static final Set<MeshChoice> NEEDS_PORT = EnumSet.of(MeshChoice.KUMA, MeshChoice.KUMA_LEGACY,
            MeshChoice.GATEWAY_API);

    @Parameters(index = "0", paramLabel = "SPEC", description = "The rollout spec: its namespace and target name the route.")
    Path specFile;

    @Option(names = "--mesh", paramLabel = "MESH",
            description = "istio, kuma, kuma-v3, kuma-legacy or gateway-api; default the spec's provider.")
    @Nullable String mesh;

    @Option(names = "--step", paramLabel = "N",
            description = "Render the N-th split the spec's rollout writes, from 1; default the first that sends "
                    + "traffic to the canary. An N out of range lists them all.")
    @Nullable Integer step;

    @Option(names = {"--weight", "--canary-weight"}, paramLabel = "W",
            description = "By hand: percent of the traffic to the canary, 0..100; the rest goes to stable.")
    @Nullable Integer weight;

    @Option(names = "--match-header", paramLabel = "NAME=VALUE",
            description = "By hand: requests with this header value go to the canary (A/B); repeat for several.")
    List<String> matchHeaders = new ArrayList<>();

    @Option(names = "--mirror", paramLabel = "PERCENT",
            description = "By hand: percent of stable traffic mirrored to the canary, 0..100; default 0.")
    @Nullable Integer mirror;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The service port, instead of the spec's service.port; default the spec's (kuma, "
                    + "kuma-legacy, gateway-api and the track Services need one).")
    int port;

    @Option(names = "--routes-only", description = "Only the mesh resources, no track Services.")
    boolean routesOnly;

    @ParentCommand
    StepwiseCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Style style = cli.style();
        Optional<TrafficSplit> byHand = byHand();
        if (mesh != null) {
            meshChoice(mesh, "--mesh");
        }
        Optional<RolloutSpec> rollout = Inputs.readSpec(specFile, err, style);
        if (rollout.isEmpty()) {
            return StepwiseCli.INVALID_INPUT;
        }
        Optional<String> provider = mesh != null ? Optional.of(mesh) : rollout.get().provider().map(ProviderSpec::name);
        if (provider.isEmpty()) {
            err.println(specFile + ": " + style.bad("no mesh to render for") + ": set spec.provider in the spec or pass"
                    + " --mesh (" + MeshChoice.labels() + ")");
            return StepwiseCli.INVALID_INPUT;
        }
        MeshChoice choice = meshChoice(provider.get(), mesh != null ? "--mesh" : "spec.provider");
        String cannot = specFile + ": " + style.bad("cannot render for " + choice);
        try {
            Optional<List<Manifest>> manifests = render(rollout.get(), choice, byHand, cannot, style, err);
            manifests.ifPresent(all -> all.forEach(manifest -> out.print("---\n" + manifest.toYaml())));
            out.flush();
            return manifests.isPresent() ? 0 : StepwiseCli.INVALID_INPUT;
        } catch (InvalidConfigException e) {
            err.println(cannot);
            for (Problem problem : e.problems()) {
                err.println("  " + problem);
            }
        } catch (InvalidValueException e) {
            err.println(cannot + ": " + RenderWording.speak(e, byHand.isPresent(), rollout.get().strategy().kind()));
        }
        return StepwiseCli.INVALID_INPUT;
    }

    /** The routes and track Services; empty, with the reasons on {@code err}, when the mesh cannot route them. */
    private Optional<List<Manifest>> render(RolloutSpec rollout, MeshChoice choice, Optional<TrafficSplit> byHand,
                                            String cannot, Style style, PrintWriter err) {
        RouteTarget target = SpecRouting.target(rollout, port);
        if (!target.hasPort() && NEEDS_PORT.contains(choice)) {
            err.println(cannot + ": " + choice + " routes to a Service port; set spec.service.port in the spec (or"
                    + " pass --port)");
            return Optional.empty();
        }
        MeshRenderer renderer = SpecRouting.renderer(choice, rollout, target);
        List<String> unfit = renderer.capabilities().check(rollout.strategy().trafficNeeds());
        unfit.forEach(reason -> err.println(specFile + ": " + style.bad("cannot run on " + choice) + ": " + reason));
        List<String> unroutable = byHand.map(split -> renderer.capabilities().check(TrafficNeeds
                .builder("the split given by hand").split(split, "--weight, --match-header, --mirror").build()))
                .orElse(List.of());
        unroutable.forEach(reason -> err.println(cannot + ": " + reason));
        if (!unfit.isEmpty() || !unroutable.isEmpty()) {
            return Optional.empty();
        }
        RolloutSplits splits = RolloutSplits.of(rollout.metadata().name(), rollout.strategy());
        TrafficSplit split = byHand.orElseGet(() -> fromSpec(splits, err));
        List<Manifest> manifests = new ArrayList<>(renderer.render(split, List.of()));
        if (!routesOnly) {
            manifests.addAll(trackServices(rollout, target, splits.usesBaseline() || split.baseline() > 0, err));
        }
        return Optional.of(manifests);
    }

    /** The split the options describe by hand, if they describe one; checks their values and that --step is not among them. */
    private Optional<TrafficSplit> byHand() {
        if (weight == null && mirror == null && matchHeaders.isEmpty()) {
            return Optional.empty();
        }
        if (step != null) {
            throw bad("--step picks one of the spec's splits; --weight, --match-header and --mirror give one by hand:"
                    + " pass one or the other");
        }
        int canary = weight == null ? 0 : weight;
        int mirrored = mirror == null ? 0 : mirror;
        if (canary < 0 || canary > 100) {
            throw bad("--weight: " + canary + " must be 0 to 100 (percent of the traffic to the canary)");
        }
        if (mirrored < 0 || mirrored > 100) {
            throw bad("--mirror: " + mirrored + " must be 0 to 100 (percent of stable traffic mirrored)");
        }
        List<RouteMatch> matches = new ArrayList<>();
        for (String header : matchHeaders) {
            int eq = header.indexOf('=');
            if (eq <= 0) {
                throw bad("--match-header: " + header + " must be NAME=VALUE");
            }
            try {
                matches.add(RouteMatch.toCanary(MatchCondition.header(header.substring(0, eq), Operator.EXACT,
                        header.substring(eq + 1))));
            } catch (InvalidValueException e) {
                throw bad("--match-header: " + header + ": " + e.getMessage());
            }
        }
        return Optional.of(TrafficSplit.canary(canary).withMirror(mirrored).withMatches(matches));
    }

    /** The spec's split at {@code --step}, or the first reaching the canary; says on {@code err} which one. */
    private TrafficSplit fromSpec(RolloutSplits splits, PrintWriter err) {
        int chosen;
        if (step != null) {
            if (step < 1 || step > splits.splits().size()) {
                throw bad("--step: " + step + " must be 1 to " + splits.splits().size() + "; the spec's rollout writes:\n"
                        + splits.listing());
            }
            chosen = step;
        } else {
            chosen = splits.firstToCanary();
        }
        TrafficSplit split = splits.at(chosen);
        err.println("rendering step " + chosen + " of " + splits.splits().size()
                + (step == null ? " (the first that sends traffic to the canary; --step N picks another)" : "") + ": "
                + split);
        return split;
    }

    /** The track Services, or none (with a note on {@code err}) when no port is known. */
    private List<Manifest> trackServices(RolloutSpec rollout, RouteTarget target, boolean baseline, PrintWriter err) {
        if (!target.hasPort()) {
            err.println("note: no track Services rendered: they need a port; set spec.service.port in the spec (or pass"
                    + " --port), or pass --routes-only");
            return List.of();
        }
        ServiceSpec service = rollout.service().orElseGet(() -> ServiceSpec.of(target.service(), target.port()));
        return TrackServices.of(rollout, service, target.port(), baseline);
    }

    private MeshChoice meshChoice(String label, String from) {
        try {
            return MeshChoice.of(label);
        } catch (IllegalArgumentException e) {
            throw bad(from + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
