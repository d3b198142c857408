package dev.hoist.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sets up the agent's logging: one line per record on stderr (journald under systemd; stdout stays
 * free for command output such as {@code local --output json}), at the level in
 * {@code HOIST_AGENT_LOG_LEVEL} (ERROR, WARN, INFO (default), DEBUG, TRACE). Logging goes through
 * SLF4J to {@code java.util.logging}, which the JDK already has loaded.
 */
public final class AgentLogging {
    private AgentLogging() {
    }

    /** Call once, first thing in {@code main}. */
    public static void configure(String levelName) {
        Level level = parse(levelName);
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler stderr = new ConsoleHandler();
        stderr.setLevel(level);
        stderr.setFormatter(new LineFormatter());
        root.addHandler(stderr);
        root.setLevel(level);
        // Netty's debug chatter stays out unless asked for.
        Logger.getLogger("io.netty").setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.INFO);
    }

    static Level parse(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "ERROR" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            default -> Level.INFO;
        };
    }

    /** {@code 2026-11-26T06:16:13.286Z INFO  d.h.a.c.ControllerConnection - message}. */
    static final class LineFormatter extends Formatter {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                    .append(String.format("%-5s", levelName(record.getLevel()))).append(' ')
                    .append(abbreviate(record.getLoggerName())).append(" - ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (level.intValue() >= Level.INFO.intValue()) {
                return "INFO";
            }
            return level.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }

        /** {@code dev.hoist.agent.connection.ControllerConnection} becomes {@code d.h.a.c.ControllerConnection}. */
        static String abbreviate(String name) {
            if (name == null) {
                return "";
            }
            String[] parts = name.split("\\.");
            StringBuilder shortName = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                if (!parts[i].isEmpty()) {
                    shortName.append(parts[i].charAt(0)).append('.');
                }
            }
            return shortName.append(parts[parts.length - 1]).toString();
        }
    }
}
