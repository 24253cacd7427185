package dev.stepwise.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.internal.NodePath;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sorts problems into the order of the document, whatever order the readers found them in: a
 * problem goes where its path is, or where the nearest enclosing node is when the path is absent
 * from the document (a missing field, a builder's derived problem).
 */
final class DocumentOrder {

    private final Map<String, Integer> positions = new HashMap<>();

    private DocumentOrder() {
    }

    static DocumentOrder of(JsonNode tree) {
        DocumentOrder order = new DocumentOrder();
        order.visit(tree, "");
        return order;
    }

    private void visit(JsonNode node, String path) {
        positions.put(path, positions.size());
        if (node.isObject()) {
            node.properties().forEach(e -> visit(e.getValue(), NodePath.child(path, e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), NodePath.index(path, i));
            }
        }
    }

    /** The problems, stably sorted by where they are in the document. */
    List<Problem> sort(List<Problem> problems) {
        return problems.stream().sorted(Comparator.comparingInt(p -> position(p.path()))).collect(Collectors.toList());
    }

    private int position(String path) {
        String at = path;
        while (!at.isEmpty()) {
            Integer position = positions.get(at);
            if (position != null) {
                return position;
            }
            at = NodePath.parent(at);
        }
        return -1;
    }
}
