package dev.stepwise.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.time.Durations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code spec.strategy.custom} from what a {@link StrategyProvider} wrote: {@code type}
 * first, then its fields sorted by name, so the text is the same however the provider built its
 * map.
 */
final class CustomStrategyWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CustomStrategyWriter() {
    }

    static ObjectNode write(StrategyProviders.Written written) {
        ObjectNode root = NODES.objectNode();
        ObjectNode custom = root.putObject(StrategyKind.CUSTOM.label()).put(StrategySpecReader.CUSTOM_TYPE, written.type());
        new TreeMap<>(written.fields()).forEach((name, value) -> {
            if (name.equals(StrategySpecReader.CUSTOM_TYPE)) {
                throw new IllegalStateException("the provider of " + written.type() + " wrote a field named type,"
                        + " which names the provider; rename it");
            }
            custom.set(name, value(name, value));
        });
        return root;
    }

    private static JsonNode value(String path, Object value) {
        if (value instanceof String text) {
            return NODES.textNode(text);
        } else if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            return NODES.numberNode(((Number) value).doubleValue());
        } else if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        } else if (value instanceof BigInteger integer) {
            return NODES.numberNode(integer);
        } else if (value instanceof Duration duration) {
            return NODES.textNode(Durations.format(duration));
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            for (int i = 0; i < list.size(); i++) {
                array.add(value(path + "[" + i + "]", list.get(i)));
            }
            return array;
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            new TreeMap<>(map).forEach((key, item) -> object.set(String.valueOf(key), value(path + "." + key, item)));
            return object;
        }
        throw new IllegalStateException("a custom strategy's field " + path + " holds a "
                + (value == null ? "null" : value.getClass().getName()) + "; write strings, numbers, booleans,"
                + " durations, lists and maps");
    }
}
