package dev.stepwise.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;

/** Services as a person writes them, for {@link TrackBootstrapTest}. */
final class TrackBootstrapTestServices {

    Service service(String name, Map<String, String> selector, int port) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("test").endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withName("http").withPort(port)
                .withNewTargetPort(port).endPort().endSpec().build();
    }
}
