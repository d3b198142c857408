package dev.hoist.controller.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps credentials out of every log line at every level: {@code Authorization} and cookie headers, bearer
 * values and Hoist's own secrets (API and join tokens, console session cookies). Jetty prints request
 * headers at DEBUG, so turning its logging up must not put tokens in the log. A line that carries one is
 * written with the value replaced by {@code <redacted>}; every other line passes untouched.
 */
public final class SecretsNeverLogged extends TurboFilter {
    static final String REDACTED = "<redacted>";
    private static final String NAME = "hoist-secrets-never-logged";
    private static final String FQCN = SecretsNeverLogged.class.getName();

    /** Header name, separator, then the rest of the line: a header dump prints one header a line. */
    private static final Pattern HEADER = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization|(?:set-)?cookie)(\\s*[:=]\\s*\\[?)[^\\r\\n]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[^\\s,;\"'\\]}]{8,}");
    private static final Pattern BASIC = Pattern.compile("(?i)\\b(basic)\\s+[A-Za-z0-9+/]{8,}={0,2}");
    private static final Pattern HOIST_SECRET = Pattern.compile("\\b(?:hoist_api_|hoist_join_|hs_)[A-Za-z0-9_-]{16,}");
    /** Cheap first look, so that most lines are not matched against the patterns above at all. */
    private static final Pattern HINT = Pattern.compile("(?i)authorization|cookie|bearer|basic|hoist_|hs_");

    /** Installs the filter on the logging context once; Dropwizard resets the context at each start. */
    public static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        boolean present = context.getTurboFilterList().stream().anyMatch(filter -> NAME.equals(filter.getName()));
        if (!present) {
            SecretsNeverLogged filter = new SecretsNeverLogged();
            filter.setName(NAME);
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    /** {@code text} with every credential in it replaced by {@code <redacted>}. */
    static String redact(String text) {
        if (text == null || !HINT.matcher(text).find()) {
            return text;
        }
        String redacted = HEADER.matcher(text).replaceAll("$1$2" + REDACTED);
        redacted = BEARER.matcher(redacted).replaceAll("$1 " + REDACTED);
        redacted = BASIC.matcher(redacted).replaceAll("$1 " + REDACTED);
        return HOIST_SECRET.matcher(redacted).replaceAll(REDACTED);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable thrown) {
        if (format == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL; // dropped anyway, or not a logging call (isDebugEnabled and the like)
        }
        String message = params == null || params.length == 0 ? format
                : MessageFormatter.arrayFormat(format, params).getMessage();
        String redacted = redact(message);
        Throwable cause = thrown != null ? thrown : MessageFormatter.getThrowableCandidate(params);
        boolean causeLeaks = cause != null && !cause.toString().equals(redact(cause.toString()));
        if (redacted.equals(message) && !causeLeaks) {
            return FilterReply.NEUTRAL;
        }
        // Written here, redacted, and the original call denied. A cause whose text carries a credential is
        // named by its class only, since its message and stack cannot be rewritten.
        String line = causeLeaks ? redacted + " (" + cause.getClass().getName() + ": " + REDACTED + ")" : redacted;
        LoggingEvent event = new LoggingEvent(FQCN, logger, level, line, causeLeaks ? null : cause, null);
        if (marker != null) {
            event.addMarker(marker);
        }
        logger.callAppenders(event);
        return FilterReply.DENY;
    }
}
