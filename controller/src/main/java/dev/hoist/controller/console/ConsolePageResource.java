package dev.hoist.controller.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /}: the console's one page. Everything else it loads comes from {@code /console/} (the
 * {@link ConsoleAssets} servlet); pages are chosen by the URL's fragment, so no other path needs it.
 * The page holds no data and no secret: it is served to anyone, and asks for sign-in itself.
 */
@Path("/")
public final class ConsolePageResource {
    private final byte[] page;

    public ConsolePageResource() {
        try (InputStream in = ConsolePageResource.class.getResourceAsStream(ConsoleAssets.RESOURCE_PATH + "/index.html")) {
            if (in == null) {
                throw new IllegalStateException("the console's index.html is missing from the controller's jar");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return Response.ok(page).cacheControl(CacheControl.valueOf("no-cache")).build();
    }
}
