package dev.stepwise.git.jgit;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/** The branch a remote's {@code HEAD} names, read from the refs the remote advertised to a fetch. */
final class RemoteHead {

    private RemoteHead() {
    }

    /**
     * The branch {@code HEAD} names among {@code advertised}: the target of a symbolic {@code HEAD}
     * (what a server says since Git 1.8.4), else, from a server that sends only the commit, a
     * branch at the same commit, {@code preferred} first. Empty when {@code HEAD} is not advertised
     * (a repository with no commit on its {@code HEAD} branch), names a branch without a commit,
     * or names no branch.
     */
    static Optional<String> branch(Collection<Ref> advertised, String preferred) {
        Optional<Ref> head = advertised.stream().filter(ref -> ref.getName().equals(Constants.HEAD)).findFirst();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        if (head.get().isSymbolic()) {
            Ref target = head.get().getTarget();
            // a branch without a commit yet is no branch to follow
            return target.getObjectId() == null ? Optional.empty() : branchName(target.getName());
        }
        ObjectId commit = head.get().getObjectId();
        List<String> sameCommit = advertised.stream()
                .filter(ref -> ref.getName().startsWith(Constants.R_HEADS) && Objects.equals(commit, ref.getObjectId()))
                .map(Ref::getName)
                .sorted()
                .toList();
        String preferredRef = Constants.R_HEADS + preferred;
        return sameCommit.contains(preferredRef) ? branchName(preferredRef)
                : sameCommit.stream().findFirst().flatMap(RemoteHead::branchName);
    }

    private static Optional<String> branchName(String refName) {
        return refName.startsWith(Constants.R_HEADS)
                ? Optional.of(refName.substring(Constants.R_HEADS.length()))
                : Optional.empty();
    }
}
