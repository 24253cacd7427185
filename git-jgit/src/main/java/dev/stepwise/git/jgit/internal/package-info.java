/**
 * How the JGit backend clones, commits, pushes and reads its working copy. Not API: may change in any release.
 */
@NullMarked
package dev.stepwise.git.jgit.internal;

import org.jspecify.annotations.NullMarked;
