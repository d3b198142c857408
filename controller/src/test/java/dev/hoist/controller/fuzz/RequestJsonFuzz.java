package dev.hoist.controller.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.api.ApiError;
import dev.hoist.api.CreateApiTokenRequest;
import dev.hoist.api.CreateApplicationRequest;
import dev.hoist.api.CreateDeploymentConfigRequest;
import dev.hoist.api.CreateDeploymentGroupRequest;
import dev.hoist.api.CreateDeploymentRequest;
import dev.hoist.api.CreateJoinTokenRequest;
import dev.hoist.api.CreateSessionRequest;
import dev.hoist.api.PruneRequest;
import dev.hoist.api.SetSecretRequest;
import dev.hoist.api.StopDeploymentRequest;
import dev.hoist.api.TagsRequest;
import dev.hoist.controller.config.StrictJson;
import dev.hoist.controller.errors.JsonEncodingExceptionMapper;
import dev.hoist.controller.errors.JsonInputExceptionMapper;
import dev.hoist.controller.errors.UnexpectedExceptionMapper;
import dev.hoist.protocol.fuzz.Corpus;
import dev.hoist.protocol.fuzz.FuzzTarget;
import dev.hoist.protocol.fuzz.Mutations;
import io.dropwizard.jackson.Jackson;
import jakarta.ws.rs.core.Response;
import java.io.CharConversionException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The REST request bodies through the controller's own strict mapper (Dropwizard's, with
 * {@link StrictJson} applied as the application applies it) and its {@link JsonInputExceptionMapper}:
 * objects with each request's real field names and hostile values (wrong kinds, duplicates, unknown
 * fields, deep nesting, huge and odd numbers, escapes and lone surrogates), whole or byte-mutated.
 *
 * <p>Every body is read into its record or refused with a {@link JsonProcessingException} that maps to a
 * 400 carrying one of the API's codes; nothing else is thrown and nothing becomes a 500.
 */
public final class RequestJsonFuzz implements FuzzTarget<RequestJsonFuzz.Body> {
    static final List<Class<?>> REQUESTS = List.of(CreateApiTokenRequest.class, CreateApplicationRequest.class,
            CreateDeploymentConfigRequest.class, CreateDeploymentGroupRequest.class, CreateDeploymentRequest.class,
            CreateJoinTokenRequest.class, CreateSessionRequest.class, PruneRequest.class, SetSecretRequest.class,
            StopDeploymentRequest.class, TagsRequest.class);
    private static final Set<String> CODES = Set.of("MALFORMED_JSON", "UNKNOWN_FIELD", "INVALID_FIELD", "INVALID_BODY");

    /** A body for the request type at {@code type} in {@link #REQUESTS}. */
    public record Body(int type, byte[] json) {
        @Override
        public String toString() {
            return REQUESTS.get(type).getSimpleName() + " " + new String(json, StandardCharsets.UTF_8);
        }
    }

    private final ObjectMapper mapper = StrictJson.forRequests(StrictJson.apply(Jackson.newObjectMapper()));
    private final JsonInputExceptionMapper refusals = new JsonInputExceptionMapper(new UnexpectedExceptionMapper());
    private final JsonEncodingExceptionMapper encodings = new JsonEncodingExceptionMapper();

    @Override
    public String name() {
        return "json";
    }

    @Override
    public Arbitrary<Body> inputs() {
        Arbitrary<Integer> type = Arbitraries.integers().between(0, REQUESTS.size() - 1);
        List<Arbitrary<Body>> perType = new ArrayList<>();
        for (int index = 0; index < REQUESTS.size(); index++) {
            int fixed = index;
            perType.add(object(REQUESTS.get(index), 0).map(text -> new Body(fixed, text.getBytes(StandardCharsets.UTF_8))));
        }
        Arbitrary<Body> built = Arbitraries.oneOf(perType);
        Arbitrary<Body> mutated = Combinators.combine(built, Arbitraries.integers().between(1, 4), Arbitraries.longs())
                .as((body, rounds, salt) -> new Body(body.type(),
                        Mutations.mutate(body.json(), rounds, new Random(salt))));
        List<Corpus.Entry> kept = Corpus.load(name());
        Arbitrary<Body> corpus = kept.isEmpty() ? built : Combinators.combine(type, Arbitraries.of(kept),
                Arbitraries.integers().between(0, 3), Arbitraries.longs())
                .as((index, entry, rounds, salt) -> new Body(index,
                        Mutations.mutate(entry.bytes(), rounds, new Random(salt))));
        return Arbitraries.frequencyOf(Tuple.of(5, built), Tuple.of(3, mutated), Tuple.of(2, corpus));
    }

    @Override
    public void check(Body body) {
        Class<?> type = REQUESTS.get(body.type());
        try {
            mapper.readValue(body.json(), type);
        } catch (JsonProcessingException e) {
            Response response = refusals.toResponse(e);
            assertThat(response.getStatus()).as("%s -> %s", body, e).isEqualTo(400);
            assertThat(response.getEntity()).isInstanceOf(ApiError.class);
            ApiError error = (ApiError) response.getEntity();
            assertThat(error.code()).isIn(CODES);
            assertThat(error.message()).isNotBlank();
        } catch (CharConversionException e) {
            // Found by this target: bytes taken for an unreadable encoding; the application maps it to a 400 too.
            Response response = encodings.toResponse(e);
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(((ApiError) response.getEntity()).code()).isEqualTo("MALFORMED_JSON");
        } catch (IOException e) {
            throw new AssertionError("not a JSON error: " + e, e);
        }
    }

    @Override
    public byte[] describe(Body body) {
        byte[] name = (REQUESTS.get(body.type()).getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(name, name.length + body.json().length);
        System.arraycopy(body.json(), 0, all, name.length, body.json().length);
        return all;
    }

    /** An object with (most of) the record's fields, some of them twice, and now and then one it lacks. */
    private static Arbitrary<String> object(Class<?> record, int depth) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            names.add(component.getName());
        }
        names.add("unknownField");
        names.add("");
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(names), value(depth))
                .as((name, value) -> quote(name) + ": " + value);
        return Arbitraries.frequencyOf(
                Tuple.of(12, member.list().ofMaxSize(6).map(members -> "{" + String.join(", ", members) + "}")),
                Tuple.of(1, Arbitraries.of("[]", "null", "\"text\"", "42", "", " ", "{", "{}", "[{}]", "true",
                        "{\"a\":1}{\"b\":2}", "\uFEFF{}", "{} trailing", "/* comment */ {}", "{'single': 1}",
                        "[".repeat(3000) + "]".repeat(3000), "{\"a\":".repeat(3000))));
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(16).map(RequestJsonFuzz::quote),
                Arbitraries.of("\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u202e\"", "\"\\e\"", "\"\\x41\"",
                        "\"1h\"", "\"90d\"", "\"-1s\"", "\"PT1H\"", "\"admin\"", "\"viewer\"", "\"root\"",
                        "\"role=web\"", "\"OneAtATime\"", "\"x\"", "\"" + "a".repeat(5000) + "\""),
                Arbitraries.of("0", "-0", "1", "-1", "1.5", "1e3", "1E400", "-1e-400", "2147483648", "-9223372036854775809",
                        "99999999999999999999999999999", "0.0000000000000000000000001", "NaN", "Infinity", "0x10",
                        "01", "+1", ".5", "true", "false", "null", "nul", "tru"));
        if (depth >= 2) {
            return scalar;
        }
        Arbitrary<String> array = scalar.list().ofMaxSize(4).map(items -> "[" + String.join(", ", items) + "]");
        Arbitrary<String> nested = object(CreateDeploymentGroupRequest.class, depth + 1);
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(2, array), Tuple.of(1, nested),
                Tuple.of(1, array.list().ofMaxSize(3).map(items -> "[" + String.join(", ", items) + "]")));
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
