package dev.stepwise.operator.crd;

import dev.stepwise.operator.RolloutResource;
import dev.stepwise.operator.RolloutStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The {@code Rollout} custom resource as the CRD generator sees it: names from
 * {@link RolloutResource}, {@code spec} from {@link Spec}, {@code status} from
 * {@link RolloutStatus} (the record the controller writes), the printer columns
 * {@code kubectl get swro} shows. The generated CRD is {@code deploy/crd.yaml}.
 */
@Group(RolloutResource.GROUP)
@Version(RolloutResource.VERSION)
@Kind(RolloutResource.KIND)
@Plural(RolloutResource.PLURAL)
@Singular("rollout")
@ShortNames(RolloutResource.SHORT_NAME)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Weight", jsonPath = ".status.canaryWeight", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.step", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Rollout extends CustomResource<Spec, RolloutStatus> implements Namespaced {

    private static final long serialVersionUID = 1L;
}
