package dev.stepwise.bench;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.gatewayapi.GatewayApiMeshRenderer;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.mesh.kuma.KumaApi;
import dev.stepwise.mesh.kuma.KumaMeshRenderer;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One step of a mesh router's pure work: render a split over the stored resources and parse it
 * back (what {@code MeshTrafficRouter.apply} and {@code verify} compute), per mesh. The baseline in
 * the same run is copying those resources' JSON trees once each, the least any render must do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MeshRenderBenchmark {

    @Param({"istio", "kuma", "kuma-legacy", "gateway-api"})
    public String mesh;

    private MeshRenderer renderer;
    private List<Manifest> stored;
    private TrafficSplit next;

    @Setup
    public void setUp() {
        RouteTarget target = RouteTarget.builder("test", "podinfo").port(9898).build();
        renderer = switch (mesh) {
            case "istio" -> IstioMeshRenderer.of(target);
            case "kuma" -> KumaMeshRenderer.of(target);
            case "kuma-legacy" -> KumaMeshRenderer.builder(target).api(KumaApi.TRAFFIC_ROUTE).build();
            case "gateway-api" -> GatewayApiMeshRenderer.of(target);
            default -> throw new IllegalArgumentException(mesh);
        };
        TrafficSplit current = TrafficSplit.canary(20);
        if (renderer.capabilities().headerMatch()) {
            current = current.withMatches(List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider"))));
        }
        stored = renderer.render(current, List.of());
        next = new TrafficSplit(70, 30, 0, current.matches(), 0);
    }

    @Benchmark
    public void renderAndParse(Blackhole sink) {
        List<Manifest> rendered = renderer.render(next, stored);
        sink.consume(renderer.parse(rendered));
    }

    @Benchmark
    public void copyTreesOnly(Blackhole sink) {
        for (Manifest manifest : stored) {
            sink.consume(manifest.json());
        }
    }
}
