package dev.hoist.controller.errors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;

/**
 * A request refused before its body was read (no token, a CSRF check that failed) ends its connection, and
 * says so with {@code Connection: close}. Otherwise the server closes the connection after the answer anyway
 * (the unread body cannot be skipped reliably), while the client, told nothing, may already have sent its
 * next request on it and gets no answer at all.
 */
public final class UnreadBodyClosesConnection implements ContainerResponseFilter {
    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !declaresBody(request) || bodyRead()) {
            return;
        }
        response.getHeaders().putSingle("Connection", "close");
    }

    private static boolean declaresBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.equals("0")) || request.getHeaderString("Transfer-Encoding") != null;
    }

    private boolean bodyRead() {
        try {
            return servletRequest != null && servletRequest.getInputStream().isFinished();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
