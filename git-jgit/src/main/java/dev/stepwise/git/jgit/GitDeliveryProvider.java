package dev.stepwise.git.jgit;

import dev.stepwise.launch.Delivery;
import dev.stepwise.launch.DeliveryProvider;
import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.MissingEnvironmentException;
import dev.stepwise.spec.DeliverySpec;

import java.nio.file.Path;

/**
 * {@code delivery: git}: one {@link JGitBackend} on the spec's repository and branch, with a
 * working copy at {@code <git directory>/<namespace>/<name>} under the environment's Git directory;
 * a {@link GitManifestSink} writing under the spec's {@code path} (pushed, or proposed as a pull
 * request as the spec's {@code mode} says) and a {@link GitStateStore} on the same backend. The
 * route is verified against what the branch holds, as a GitOps controller applies it. Credentials
 * are the environment's {@link GitCredentials} ({@code with(GitCredentials.class, ...)}), anonymous
 * when it has none; the clock is the environment's. Closing the launch closes the backend.
 * Registered for {@link java.util.ServiceLoader}.
 */
public final class GitDeliveryProvider implements DeliveryProvider {

    @Override
    public String kind() {
        return "git";
    }

    @Override
    public Delivery delivery(DeliverySpec delivery, LaunchContext context) {
        DeliverySpec.Git git = (DeliverySpec.Git) delivery;
        Path root = context.environment().gitDirectory().orElseThrow(() -> new MissingEnvironmentException(
                "delivery: git needs a directory for the working copy: pass LaunchEnvironment.builder()"
                        + ".gitDirectory(path)"));
        Path workingCopy = root.resolve(context.namespace()).resolve(context.spec().metadata().name());
        JGitBackendBuilder backend = JGitBackend.builder(git.repository(), workingCopy)
                .clock(context.environment().clock())
                .credentials(context.environment().service(GitCredentials.class).orElseGet(GitCredentials::none));
        if (!git.branch().isEmpty()) {
            backend.branch(git.branch());
        }
        JGitBackend opened = backend.build();
        try {
            GitManifestSinkBuilder sink = GitManifestSink.builder(opened).delivery(
                    git.mode() == DeliverySpec.GitMode.PULL_REQUEST ? GitManifestSink.Delivery.PULL_REQUEST
                            : GitManifestSink.Delivery.PUSH);
            if (!git.path().isEmpty()) {
                sink.baseDir(git.path());
            }
            return new Delivery(sink.build(), GitStateStore.of(opened), opened);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "GitDeliveryProvider[git]";
    }
}
