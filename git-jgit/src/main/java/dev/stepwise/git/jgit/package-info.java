/**
 * Git with JGit: a GitOps manifest sink and a state store that keep rollouts and routes in a Git repository.
 */
@NullMarked
package dev.stepwise.git.jgit;

import org.jspecify.annotations.NullMarked;
