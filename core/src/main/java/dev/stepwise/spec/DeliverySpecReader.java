package dev.stepwise.spec;

import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads {@code spec.delivery}: exactly one of {@code cluster: {}} and {@code git: {...}}. */
final class DeliverySpecReader {

    static final List<String> GIT_FIELDS = List.of("repository", "branch", "path", "mode");
    static final List<String> MODES = Arrays.stream(DeliverySpec.GitMode.values()).map(DeliverySpec.GitMode::label)
            .collect(Collectors.toList());

    private static final String ONE_OF = "declare exactly one of " + String.join(", ", DeliverySpec.KINDS);
    private static final Map<String, String> GIT_HINTS = Map.of(
            "url", "the field is repository",
            "token", "Git credentials are given to the process running the rollout, never written in a spec",
            "password", "Git credentials are given to the process running the rollout, never written in a spec");

    private DeliverySpecReader() {
    }

    static Optional<DeliverySpec> read(NodeReader delivery) {
        delivery.allowOnly(DeliverySpec.KINDS);
        List<String> declared = DeliverySpec.KINDS.stream().filter(delivery::has).collect(Collectors.toList());
        if (declared.size() != 1) {
            delivery.problem(declared.isEmpty() ? ONE_OF : ValueText.setTogether(declared) + "; " + ONE_OF);
            return Optional.empty();
        }
        if (declared.get(0).equals("cluster")) {
            return delivery.object("cluster").flatMap(cluster -> {
                cluster.allowOnly(List.of());
                return cluster.troubled() ? Optional.empty() : Optional.of(DeliverySpec.cluster());
            });
        }
        return delivery.object("git").flatMap(DeliverySpecReader::git);
    }

    private static Optional<DeliverySpec> git(NodeReader git) {
        git.allowOnly(GIT_FIELDS, GIT_HINTS);
        Optional<String> repository = git.required("repository", NodeReader::asString);
        String branch = git.string("branch").orElse("");
        String path = git.string("path").orElse("");
        DeliverySpec.GitMode mode = git.optional("mode",
                value -> value.asChoice(DeliverySpec.GitMode.values(), DeliverySpec.GitMode::label))
                .orElse(DeliverySpec.GitMode.PUSH);
        if (git.troubled() || repository.isEmpty()) {
            return Optional.empty();
        }
        return git.build(() -> new DeliverySpec.Git(repository.get(), branch, path, mode));
    }
}
