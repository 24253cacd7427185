package dev.stepwise.kubernetes.internal;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Deployments of the stable (and baseline) track derived from the user's target, as Flagger
 * derives {@code <name>-primary}: the target's spec with its pod template, the selector label's
 * value suffixed ({@code app: podinfo} becomes {@code app: podinfo-primary}) so that the target's
 * selector never matches the copy's pods, and the version label set to the track's value. Pure.
 */
public final class DerivedDeployments {

    /** Selector labels looked for in the target's {@code spec.selector.matchLabels}, in order (Flagger's). */
    public static final List<String> SELECTOR_LABELS = List.of("app", "name", "app.kubernetes.io/name");
    /** Label on everything bootstrapping creates. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Annotation naming the target a resource was created for. */
    public static final String BOOTSTRAPPED_FROM = "stepwise.dev/bootstrapped-from";

    private final KubernetesSerialization serialization;

    public DerivedDeployments(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    /** The first of {@link #SELECTOR_LABELS} (or {@code configured}) in the target's selector, if any. */
    public static Optional<String> selectorLabel(Deployment target, @Nullable String configured) {
        Map<String, String> match = matchLabels(target);
        List<String> candidates = configured == null ? SELECTOR_LABELS : List.of(configured);
        return candidates.stream().filter(match::containsKey).findFirst();
    }

    /** {@code spec.selector.matchLabels}, empty when unset. */
    public static Map<String, String> matchLabels(Deployment d) {
        LabelSelector selector = d.getSpec() == null ? null : d.getSpec().getSelector();
        return selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }

    /** {@code spec.template.metadata.labels}, empty when unset. */
    public static Map<String, String> podLabels(Deployment d) {
        if (d.getSpec() == null || d.getSpec().getTemplate() == null
                || d.getSpec().getTemplate().getMetadata() == null
                || d.getSpec().getTemplate().getMetadata().getLabels() == null) {
            return Map.of();
        }
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** Whether a Service or Deployment selector {@code selector} (non-empty) selects pods labelled {@code labels}. */
    public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /**
     * The track's Deployment {@code name} made from {@code target}.
     *
     * @param selector the track's selector, e.g. {@code {app: podinfo-primary}}
     * @param replicas its spec.replicas
     */
    public Deployment derive(Deployment target, String name, Map<String, String> selector, String versionLabel,
                             String version, int replicas, @Nullable OwnerReference owner) {
        DeploymentSpec spec = serialization.clone(target.getSpec());
        spec.setReplicas(replicas);
        spec.setSelector(new LabelSelector(List.of(), new LinkedHashMap<>(selector)));
        Map<String, String> labels = new LinkedHashMap<>(podLabels(target));
        labels.putAll(selector);
        labels.put(versionLabel, version);
        spec.getTemplate().getMetadata().setLabels(labels);

        Deployment derived = new Deployment();
        Map<String, String> meta = new LinkedHashMap<>();
        if (target.getMetadata().getLabels() != null) {
            meta.putAll(target.getMetadata().getLabels());
        }
        meta.putAll(selector);
        derived.setMetadata(metadata(name, target, meta, owner));
        derived.setSpec(spec);
        return derived;
    }

    /** Metadata of a resource made for {@code target}: {@code labels}, managed-by, the annotation and the owner. */
    static ObjectMeta metadata(String name, Deployment target, Map<String, String> labels,
                               @Nullable OwnerReference owner) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(target.getMetadata().getNamespace());
        labels = new LinkedHashMap<>(labels);
        labels.put(MANAGED_BY, "stepwise");
        meta.setLabels(labels);
        meta.setAnnotations(new LinkedHashMap<>(Map.of(BOOTSTRAPPED_FROM, target.getMetadata().getName())));
        if (owner != null) {
            meta.setOwnerReferences(new ArrayList<>(List.of(owner)));
        }
        return meta;
    }

    /**
     * What is wrong with an existing track Deployment, one line each (empty: it fits): its selector
     * must not select the target's pods, and its pods must carry the track's version label.
     */
    public static List<String> check(Deployment existing, String what, Deployment target, Map<String, String> selector,
                                     String versionLabel, String version) {
        List<String> problems = new ArrayList<>();
        Map<String, String> match = matchLabels(existing);
        if (selects(match, podLabels(target))) {
            problems.add(what + ": spec.selector.matchLabels " + match + " also selects the pods of the target "
                    + target.getMetadata().getName() + "; it should be " + selector);
        }
        String actual = podLabels(existing).get(versionLabel);
        if (!version.equals(actual)) {
            problems.add(what + ": spec.template.metadata.labels." + versionLabel + " is "
                    + (actual == null ? "not set" : "\"" + actual + "\"") + "; it should be \"" + version + "\"");
        }
        return problems;
    }
}
