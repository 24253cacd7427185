package dev.stepwise.mesh.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which {@code http} routes of a VirtualService are Stepwise's: the weighted route named
 * {@code routeName} and the A/B routes named {@code routeName-match-<n>}. Every other route is the
 * user's and is never changed or moved.
 */
public final class ManagedRoutes {

    private final String routeName;
    private final Pattern matchRoute;

    public ManagedRoutes(String routeName) {
        this.routeName = routeName;
        this.matchRoute = Pattern.compile(Pattern.quote(routeName) + "-match-(0|[1-9][0-9]*)");
    }

    public String weightedName() {
        return routeName;
    }

    public String matchName(int index) {
        return routeName + "-match-" + index;
    }

    public boolean isWeighted(JsonNode route) {
        return route.path("name").asText("").equals(routeName);
    }

    public boolean isMatch(JsonNode route) {
        return matchRoute.matcher(route.path("name").asText("")).matches();
    }

    public boolean isManaged(JsonNode route) {
        return isWeighted(route) || isMatch(route);
    }

    /**
     * Replaces the managed routes of {@code http} with {@code ours}, in one block where the first
     * managed route was, or at the end when there was none. At the end, because Istio takes the
     * first route that matches: the user's earlier routes keep their precedence, and a catch-all
     * weighted route placed before them would shadow them.
     */
    public void splice(ArrayNode http, List<ObjectNode> ours) {
        List<JsonNode> kept = new ArrayList<>();
        int insertAt = -1;
        for (JsonNode route : http) {
            if (isManaged(route)) {
                insertAt = insertAt < 0 ? kept.size() : insertAt;
            } else {
                kept.add(route);
            }
        }
        kept.addAll(insertAt < 0 ? kept.size() : insertAt, ours);
        http.removeAll();
        http.addAll(kept);
    }
}
