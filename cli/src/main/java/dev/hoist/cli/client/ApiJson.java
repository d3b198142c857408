package dev.hoist.cli.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hoist.api.AgentView;
import dev.hoist.api.DeploymentView;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The CLI's JSON mapping of the API types ({@code dev.hoist.api}).
 *
 * <ul>
 *   <li>Fields this CLI does not know are ignored, so an older CLI still reads a newer controller.
 *   <li>Request bodies leave out what was not given ({@code null}), so the controller's defaults apply.
 *   <li>Instants are read from the ISO-8601 text the controller writes by one small deserializer, rather
 *       than the whole {@code jackson-datatype-jsr310} module: every command pays for what it loads.
 * </ul>
 */
public final class ApiJson {
    private ApiJson() {
    }

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPropertyInclusion(JsonInclude.Value.construct(Include.NON_NULL, Include.NON_NULL))
                .addModule(new SimpleModule("hoist-instants").addDeserializer(Instant.class, new InstantText()))
                .build();
    }

    /**
     * Builds, in {@code mapper}'s cache, the readers of the answers most commands read: the first record
     * Jackson reads costs it most (its bean and record machinery), whichever record that is.
     */
    public static void prefetch(ObjectMapper mapper) {
        mapper.readerFor(DeploymentView.class);
        mapper.readerFor(AgentView.class);
    }

    /** An {@link Instant} from ISO-8601 text such as {@code 2025-01-01T10:00:00.250Z}. */
    private static final class InstantText extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}
