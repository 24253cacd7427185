package dev.stepwise.launch;

/**
 * The {@link LaunchEnvironment} lacks something a provider the spec chose needs (a Kubernetes
 * client, a Git directory); the message says what to pass.
 */
public final class MissingEnvironmentException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MissingEnvironmentException(String message) {
        super(message);
    }
}
