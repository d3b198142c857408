package dev.hoist.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.ExitCodes;
import java.io.IOException;

/**
 * One answer of the controller, twice: {@link #json()} exactly as it was sent, which {@code --output json}
 * prints (fields this CLI does not know yet included), and {@link #value()} read as the API type that the
 * controller serves there, which everything else uses.
 *
 * @param <T> the API type, e.g. {@code DeploymentView} or {@code List<AgentView>}
 */
public final class Answer<T> {
    private final JsonNode json;
    private final ObjectMapper mapper;
    private final JavaType type;
    private T value;

    Answer(JsonNode json, ObjectMapper mapper, JavaType type) {
        this.json = json;
        this.mapper = mapper;
        this.type = type;
    }

    /** The body as sent; a missing node when there was none. */
    public JsonNode json() {
        return json;
    }

    /** Whether the controller sent a body at all. */
    public boolean present() {
        return !json.isMissingNode() && !json.isNull();
    }

    /** The body as the API type; {@code null} when there was none. */
    public T value() {
        if (value == null && present()) {
            try {
                value = mapper.readerFor(type).readValue(json);
            } catch (IOException e) {
                String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                throw new CliFailure("the controller's answer does not read as " + describe(type) + " (" + why
                        + "); is this CLI much older or newer than the controller? --output json shows the answer",
                        ExitCodes.REFUSED);
            }
        }
        return value;
    }

    private static String describe(JavaType type) {
        return type.isCollectionLikeType() ? "a list of " + type.getContentType().getRawClass().getSimpleName()
                : type.getRawClass().getSimpleName();
    }
}
