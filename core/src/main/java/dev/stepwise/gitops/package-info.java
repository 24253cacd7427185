/**
 * GitOps: the {@link dev.stepwise.gitops.GitBackend} SPI a Git implementation (module
 * {@code git-jgit}) provides, so that every traffic change is a commit with an audit message and
 * a rollback is a commit too.
 */
@NullMarked
package dev.stepwise.gitops;

import org.jspecify.annotations.NullMarked;
