package dev.stepwise.importer.argo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stepwise.importer.ImportFinding;
import dev.stepwise.importer.ImportResult;
import dev.stepwise.importer.ImportedSpec;
import dev.stepwise.importer.ManifestDocument;
import dev.stepwise.importer.ManifestImporter;
import dev.stepwise.importer.ManifestSet;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports Argo Rollouts {@code argoproj.io/v1alpha1} {@code Rollout}s, with the {@code
 * AnalysisTemplate}s and {@code ClusterAnalysisTemplate}s (and the {@code Deployment}s and
 * {@code Service}s, for replicas and ports) given alongside, as Stepwise specs. Tool name
 * {@value #TOOL}; found by {@link java.util.ServiceLoader}.
 *
 * <p>Canary steps carry over one for one (Stepwise's step list is Argo's); template conditions that
 * are a threshold on {@code result[0]} become custom Prometheus checks; blue/green maps to
 * Stepwise's blue/green. Every field without an equivalent is a finding with its path. Each spec
 * written is read back by {@link RolloutSpec}'s reader; a spec it refuses is an error finding
 * (with the reader's path), never an exception. A Rollout with an error yields no spec.
 */
public final class ArgoImporter implements ManifestImporter {

    /** The name the CLI takes: {@value}. */
    public static final String TOOL = "argo";

    private static final Set<String> READ_KINDS = Set.of("Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate",
            "Deployment", "Service");
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /** Public for {@link java.util.ServiceLoader}. */
    public ArgoImporter() {
    }

    @Override
    public String tool() {
        return TOOL;
    }

    @Override
    public ImportResult importFrom(ManifestSet manifests) {
        Set<ImportFinding> findings = new LinkedHashSet<>();
        List<ManifestDocument> rollouts = manifests.ofKind("Rollout");
        if (rollouts.isEmpty()) {
            FindingLog.of("manifests", findings).error("kind", "no Rollout among the " + manifests.documents().size()
                    + " documents given: the Argo import reads argoproj.io/v1alpha1 Rollouts");
        }
        Map<String, ManifestDocument> deployments = byName(manifests, "Deployment");
        Map<String, ManifestDocument> services = byName(manifests, "Service");
        for (ManifestDocument other : manifests.documents()) {
            if (!READ_KINDS.contains(other.kind())) {
                FindingLog.of(other.label(), findings).warning("kind", "a " + (other.kind().isEmpty() ? "document"
                        + " without kind" : other.kind()) + " is not read by the Argo import; left as it is");
            }
        }
        AnalysisTemplates templates = AnalysisTemplates.of(manifests);
        List<ImportedSpec> specs = new ArrayList<>();
        for (ManifestDocument rollout : rollouts) {
            FindingLog log = FindingLog.of(rollout.label(), findings);
            if (!AnalysisTemplates.API_VERSION.equals(rollout.apiVersion())) {
                log.error("apiVersion", rollout.apiVersion() + " is not read; the import reads "
                        + AnalysisTemplates.API_VERSION);
                continue;
            }
            ObjectNode spec = RolloutTranslation.translate(rollout, templates, deployments, services, log);
            String yaml = write(spec);
            verify(yaml, rollout.label(), log);
            if (!log.hasErrors()) {
                specs.add(new ImportedSpec(rollout.label(), yaml));
            }
        }
        return new ImportResult(specs, List.copyOf(findings));
    }

    /** Reads the written spec back as a person's file would be read; each problem is an error finding. */
    private static void verify(String yaml, String source, FindingLog log) {
        try {
            RolloutSpec.parseYaml(yaml, source);
        } catch (InvalidConfigException e) {
            for (Problem problem : e.problems()) {
                log.error(problem.path(), "the imported spec is refused at this path: " + problem.message());
            }
        }
    }

    private static String write(ObjectNode spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec tree always writes as YAML", e);
        }
    }

    private static Map<String, ManifestDocument> byName(ManifestSet manifests, String kind) {
        Map<String, ManifestDocument> byName = new HashMap<>();
        manifests.ofKind(kind).forEach(d -> byName.putIfAbsent(d.name(), d));
        return byName;
    }

    @Override
    public String toString() {
        return "ArgoImporter[" + TOOL + "]";
    }
}
