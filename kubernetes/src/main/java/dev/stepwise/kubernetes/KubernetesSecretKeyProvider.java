package dev.stepwise.kubernetes;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.SecretKeyProvider;
import dev.stepwise.spec.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads a spec's {@code secretKeyRef} from the Secret in the rollout's namespace through the
 * environment's {@link KubernetesClient}: its {@code data} (base64) or {@code stringData}. The
 * value is never logged. Registered for {@link java.util.ServiceLoader}.
 */
public final class KubernetesSecretKeyProvider implements SecretKeyProvider {

    @Override
    public Optional<String> read(SecretRef.SecretKey key, LaunchContext context) {
        KubernetesClient client = context.environment().require(KubernetesClient.class, "a secretKeyRef");
        Secret secret = client.secrets().inNamespace(context.namespace()).withName(key.name()).get();
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().containsKey(key.key())) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key.key())),
                    StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(secret.getStringData()).map(data -> data.get(key.key()));
    }

    @Override
    public String toString() {
        return "KubernetesSecretKeyProvider";
    }
}
