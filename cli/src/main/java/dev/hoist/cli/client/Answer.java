package dev.hoist.cli.client;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hoist.cli.ExitCodes;
import java.io.IOException;

/**
 * One answer of the controller, read the way a command needs it: {@link #value()} as the API type that
 * the controller serves there, which tables and messages use, or {@link #json()} exactly as it was sent,
 * which {@code --output json} prints (fields this CLI does not know yet included). Each is parsed from
 * the body on first use only, so a command pays for one of them.
 *
 * @param <T> the API type, e.g. {@code DeploymentView} or {@code List<AgentView>}
 */
public final class Answer<T> {
    private final String body;
    private final ObjectMapper mapper;
    private final JavaType type;
    private final String controller;
    private JsonNode json;
    private T value;

    /**
     * @param body the answer's body; empty when there was none
     * @param controller where it came from, for messages
     */
    Answer(String body, ObjectMapper mapper, JavaType type, String controller) {
        this.body = body;
        this.mapper = mapper;
        this.type = type;
        this.controller = controller;
    }

    /** Whether the controller sent a body at all. */
    public boolean present() {
        return !body.isBlank();
    }

    /** The body as sent; a missing node when there was none. */
    public JsonNode json() {
        if (json == null) {
            try {
                json = present() ? mapper.readTree(body) : MissingNode.getInstance();
            } catch (JsonProcessingException e) {
                throw notJson();
            }
        }
        return json;
    }

    /** The body as the API type; {@code null} when there was none. */
    public T value() {
        if (value == null && present()) {
            try {
                // A tree already parsed for --output json is read from; otherwise the text, without a tree.
                value = json != null ? mapper.readerFor(type).readValue(json)
                        : mapper.readerFor(type).readValue(body);
            } catch (JsonParseException e) {
                throw notJson();
            } catch (IOException e) {
                String why = e instanceof JsonProcessingException failure ? failure.getOriginalMessage()
                        : e.getMessage();
                throw new CliFailure("the controller's answer does not read as " + describe(type) + " (" + why
                        + "); is this CLI much older or newer than the controller? --output json shows the answer",
                        ExitCodes.REFUSED);
            }
        }
        return value;
    }

    private CliFailure notJson() {
        return new CliFailure("the controller answered with something that is not JSON; is " + controller
                + " really a Hoist controller?", ExitCodes.REFUSED);
    }

    private static String describe(JavaType type) {
        return type.isCollectionLikeType() ? "a list of " + type.getContentType().getRawClass().getSimpleName()
                : type.getRawClass().getSimpleName();
    }
}
