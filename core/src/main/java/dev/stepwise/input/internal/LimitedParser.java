package dev.stepwise.input.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.stepwise.input.InputLimits;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A parser that checks, token by token, what Jackson's YAML parser does not: string and name
 * lengths (its {@code StreamReadConstraints} bound them for JSON only) and YAML aliases, which it
 * would hand over as the alias's name. Every {@code next...} method goes through
 * {@link #nextToken()}, so no token passes unchecked.
 */
final class LimitedParser extends JsonParserDelegate {

    private final InputLimits limits;

    LimitedParser(JsonParser parser, InputLimits limits) {
        super(parser);
        this.limits = limits;
    }

    @Override
    public @Nullable JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (token == null) {
            return null;
        }
        if (delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw refused("the YAML alias *" + yaml.getText() + " is not supported; write the value out");
        }
        if (token == JsonToken.FIELD_NAME) {
            check("field name length", delegate.currentName().length(), limits.maxNameLength(), "maxNameLength");
        } else if (token == JsonToken.VALUE_STRING) {
            check("string length", delegate.getTextLength(), limits.maxStringLength(), "maxStringLength");
        } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            check("number length", delegate.getTextLength(), limits.maxNumberLength(), "maxNumberLength");
        }
        return token;
    }

    @Override
    public @Nullable JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    @Override
    public @Nullable String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
        return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
    }

    @Override
    public @Nullable String nextTextValue() throws IOException {
        return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        // the tree reader never skips; a skip would pass tokens unchecked, so walk them instead
        if (currentToken() == JsonToken.START_OBJECT || currentToken() == JsonToken.START_ARRAY) {
            int open = 1;
            while (open > 0) {
                JsonToken token = nextToken();
                if (token == null) {
                    break;
                }
                open += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            }
        }
        return this;
    }

    private void check(String what, int value, int limit, String name) {
        if (value > limit) {
            throw refused(what + " " + value + " is more than the limit of " + limit + " (" + name + ")");
        }
    }

    private UnreadableDocumentException refused(String message) {
        return new UnreadableDocumentException(message + DocumentReader.at(delegate.currentTokenLocation()));
    }
}
