package dev.stepwise.cli;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
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
 * {@code stepwise render SPEC [--mesh M] --canary-weight N}: the mesh resources that route the
 * spec's service at one split, as multi-document YAML, ready to commit for a GitOps pipeline. The
 * mesh is the spec's provider unless {@code --mesh} names one; the port is the spec's
 * {@code service.port} unless {@code --port} gives one.
 */
@Command(name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"Prints the mesh resources routing the spec's target at one traffic split, as YAML documents "
                + "separated by ---, ready to commit for GitOps.",
                "The spec's strategy is checked against what the mesh can route first.",
                "Exit status: 0 when rendered; 1 for an invalid spec, a split the mesh cannot route, or a strategy it "
                        + "cannot run."},
        footer = {"", "Meshes:",
                "  istio        VirtualService + DestinationRule (networking.istio.io/v1)",
                "  kuma         Kuma 2.14 MeshHTTPRoute, subset backends (needs a port)",
                "  kuma-v3      Kuma 3.0 MeshHTTPRoute, services referenced by labels",
                "  kuma-legacy  Kuma TrafficRoute, weights only (needs a port)",
                "  gateway-api  HTTPRoute; GAMMA: its parent is the Service (needs a port)",
                "The spec's service section gives the port, the host names, Istio gateways,",
                "Gateway API parentRefs, the Kuma mesh and the track Services; by default",
                "tracks are addressed as Flagger names them: Services <target>-primary,",
                "<target>-canary and <target>-baseline, or pods labelled",
                "version=stable|canary|baseline."})
final class RenderCommand implements Callable<Integer> {

    /** The meshes whose resources name the Service port. */
    private static final Set<MeshChoice> NEEDS_PORT = EnumSet.of(MeshChoice.KUMA, MeshChoice.KUMA_LEGACY,
            MeshChoice.GATEWAY_API);

    @Parameters(index = "0", paramLabel = "SPEC", description = "The rollout spec: its namespace and target name the route.")
    Path specFile;

    @Option(names = "--mesh", paramLabel = "MESH",
            description = "istio, kuma, kuma-v3, kuma-legacy or gateway-api; default the spec's provider.")
    @Nullable String mesh;

    @Option(names = "--canary-weight", required = true, paramLabel = "N",
            description = "Percent of the traffic to the canary, 0..100; the rest goes to stable.")
    int canaryWeight;

    @Option(names = "--match-header", paramLabel = "NAME=VALUE",
            description = "Requests with this header value go to the canary (A/B); repeat for several.")
    List<String> matchHeaders = new ArrayList<>();

    @Option(names = "--mirror", paramLabel = "PERCENT", defaultValue = "0",
            description = "Percent of stable traffic mirrored to the canary, 0..100; default ${DEFAULT-VALUE}.")
    int mirror;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The service port, instead of the spec's service.port; default the spec's (kuma, "
                    + "kuma-legacy and gateway-api need one).")
    int port;

    @ParentCommand
    StepwiseCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Style style = cli.style();
        if (mesh != null) {
            meshChoice(mesh);
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
        MeshChoice choice = meshChoice(provider.get());
        try {
            RouteTarget target = SpecRouting.target(rollout.get(), port);
            if (!target.hasPort() && NEEDS_PORT.contains(choice)) {
                err.println(specFile + ": " + style.bad("cannot render for " + choice) + ": " + choice + " routes to a"
                        + " Service port; set spec.service.port in the spec (or pass --port)");
                return StepwiseCli.INVALID_INPUT;
            }
            MeshRenderer renderer = SpecRouting.renderer(choice, rollout.get(), target);
            List<String> unfit = renderer.capabilities().check(rollout.get().strategy().trafficNeeds());
            if (!unfit.isEmpty()) {
                unfit.forEach(reason -> err.println(specFile + ": " + style.bad("cannot run on " + choice) + ": " + reason));
                return StepwiseCli.INVALID_INPUT;
            }
            List<Manifest> manifests = renderer.render(split(), List.of());
            for (Manifest manifest : manifests) {
                out.print("---\n" + manifest.toYaml());
            }
            out.flush();
            return 0;
        } catch (InvalidConfigException e) {
            err.println(specFile + ": " + style.bad("cannot render for " + choice));
            for (Problem problem : e.problems()) {
                err.println("  " + problem);
            }
        } catch (InvalidValueException e) {
            err.println(specFile + ": " + style.bad("cannot render for " + choice) + ": " + e.getMessage());
        }
        return StepwiseCli.INVALID_INPUT;
    }

    private MeshChoice meshChoice(String label) {
        try {
            return MeshChoice.of(label);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mesh: " + e.getMessage());
        }
    }

    private TrafficSplit split() {
        TrafficSplit split = TrafficSplit.canary(canaryWeight).withMirror(mirror);
        List<RouteMatch> matches = new ArrayList<>();
        for (String header : matchHeaders) {
            int eq = header.indexOf('=');
            if (eq <= 0) {
                throw new InvalidValueException("--match-header", header, "must be NAME=VALUE");
            }
            matches.add(RouteMatch.toCanary(MatchCondition.header(header.substring(0, eq), Operator.EXACT,
                    header.substring(eq + 1))));
        }
        return split.withMatches(matches);
    }
}
