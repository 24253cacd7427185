package dev.stepwise.importer.flagger;

import dev.stepwise.importer.ImportFinding;
import dev.stepwise.importer.ImportResult;
import dev.stepwise.importer.ImportedSpec;
import dev.stepwise.importer.ManifestDocument;
import dev.stepwise.importer.ManifestImporter;
import dev.stepwise.importer.ManifestSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Imports Flagger {@code flagger.app/v1beta1} {@code Canary} manifests, with the
 * {@code MetricTemplate}s given alongside, as Stepwise specs (tool {@value #TOOL}).
 *
 * <p>Each Canary becomes one spec: the strategy chosen as Flagger chooses it ({@code match} and
 * {@code iterations}: an A/B test; {@code iterations} alone: blue/green; else a canary), the
 * service, provider, analysis, metrics and webhooks carried field by field. Whatever has no
 * equivalent is a finding with its path: a warning when the rollout behaves differently, an
 * error when it cannot run. The spec written is read back by {@link dev.stepwise.spec.RolloutSpec}'s
 * reader; each problem it has is an error. A Canary with an error gives no spec. Documents of other
 * kinds, and templates no Canary references, are warnings. Pure: no I/O, no clock.
 */
public final class FlaggerImporter implements ManifestImporter {

    /** The tool's name on the command line: {@value}. */
    public static final String TOOL = "flagger";

    @Override
    public String tool() {
        return TOOL;
    }

    @Override
    public ImportResult importFrom(ManifestSet manifests) {
        List<ManifestDocument> templates = manifests.ofKind("MetricTemplate");
        Set<String> used = new HashSet<>();
        CanaryTranslation translation = new CanaryTranslation(new CanaryTranslation.Context(templates, used));
        List<ImportedSpec> specs = new ArrayList<>();
        List<ImportFinding> findings = new ArrayList<>();
        for (ManifestDocument document : manifests.documents()) {
            if (document.kind().equals("Canary")) {
                Findings found = new Findings(document.label());
                String yaml = SpecYaml.write(translation.translate(document, found));
                if (!found.hasErrors() && SpecYaml.readsBack(yaml, found)) {
                    specs.add(new ImportedSpec(document.label(), yaml));
                }
                findings.addAll(found.list());
            } else if (!document.kind().equals("MetricTemplate")) {
                findings.add(ImportFinding.warning(document.label(), "kind", "\"" + document.kind()
                        + "\" is not read by the Flagger import (it reads Canary and MetricTemplate)"));
            }
        }
        for (ManifestDocument template : templates) {
            if (!used.contains(template.label())) {
                findings.add(ImportFinding.warning(template.label(), "metadata.name",
                        "no Canary references this MetricTemplate: not imported"));
            }
        }
        if (manifests.ofKind("Canary").isEmpty()) {
            findings.add(ImportFinding.error(manifests.documents().isEmpty() ? "(no documents)"
                    : manifests.documents().get(0).file(), "kind", "no Canary among the documents given"));
        }
        return new ImportResult(specs, findings);
    }

    @Override
    public String toString() {
        return "FlaggerImporter[" + TOOL + "]";
    }
}
