package dev.hoist.cli.commands;

import dev.hoist.api.CreateFreezeWindowRequest;
import dev.hoist.api.FreezeWindowView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.output.Table;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist freeze create|list|delete}: windows in which deployments may not start (docs/release-safety.md). */
@Command(name = "freeze", description = "Freeze windows: times in which deployments may not start.",
        subcommands = {FreezeCommands.Create.class, FreezeCommands.ListWindows.class, FreezeCommands.Delete.class})
public final class FreezeCommands {

    private FreezeCommands() {
    }

    @Command(name = "create", description = {"Freeze deployments of an application (or one group of it), or of all "
            + "applications: once (--from/--to), or every week (--weekly-from/--weekly-to in --time-zone).",
            "Rollbacks and stops are never frozen; an admin may deploy anyway with deploy --override-freeze."})
    public static final class Create extends ApiCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        static final class Scope {
            @Option(names = "--app", paramLabel = "APP", description = "freeze this application")
            String application;

            @Option(names = "--all", description = "freeze every application")
            boolean all;
        }

        @Option(names = "--group", paramLabel = "GROUP", description = "with --app: only this deployment group")
        String group;

        @Option(names = "--from", paramLabel = "INSTANT", description = "start, ISO-8601 (2025-12-24T00:00:00Z)")
        String from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "end, ISO-8601, after --from")
        String to;

        @Option(names = "--weekly-from", paramLabel = "'DAY HH:MM'", description = "weekly start, e.g. 'Fri 16:00'")
        String weeklyFrom;

        @Option(names = "--weekly-to", paramLabel = "'DAY HH:MM'", description = "weekly end, e.g. 'Mon 08:00'")
        String weeklyTo;

        @Option(names = "--time-zone", paramLabel = "ZONE", description = "of the weekly times, e.g. Europe/Berlin")
        String timeZone;

        @Option(names = "--reason", paramLabel = "TEXT", description = "shown to whoever is refused")
        String reason;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            if (group != null && scope.all) {
                throw new CliFailure("--group needs --app, not --all", ExitCodes.USAGE);
            }
            Answer<FreezeWindowView> answer = client.post("/api/v1/freeze-windows", new CreateFreezeWindowRequest(
                    scope.application, group, scope.all ? true : null, instant("--from", from), instant("--to", to),
                    weeklyFrom, weeklyTo, timeZone, reason), FreezeWindowView.class);
            if (printedAsData(answer)) {
                return;
            }
            FreezeWindowView window = answer.value();
            out().println("Created freeze window " + window.id() + " (" + scope(window) + ", " + when(window) + ")"
                    + (window.activeNow() ? "; it is in force now" : ""));
        }

        /** Checked here, so that a typo is a usage error before anything is sent; sent as written. */
        private static String instant(String option, String text) {
            if (text == null) {
                return null;
            }
            try {
                return Instant.parse(text.strip()).toString();
            } catch (DateTimeParseException e) {
                throw new CliFailure(option + " '" + text + "' is not an ISO-8601 instant, e.g. 2025-12-24T16:00:00Z",
                        ExitCodes.USAGE);
            }
        }
    }

    @Command(name = "list", description = "List freeze windows, and whether each is in force now.")
    public static final class ListWindows extends ApiCommand {
        public ListWindows(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<FreezeWindowView>> answer = client.getList("/api/v1/freeze-windows", FreezeWindowView.class);
            if (printedAsData(answer)) {
                return;
            }
            if (answer.value().isEmpty()) {
                out().println("No freeze windows; create one with: hoist freeze create --app APP --from T --to T");
                return;
            }
            Table table = new Table("ID", "SCOPE", "WHEN", "NOW", "REASON");
            for (FreezeWindowView window : answer.value()) {
                table.row(window.id(), scope(window), when(window), window.activeNow() ? "frozen" : "-",
                        window.reason() == null ? "-" : window.reason());
            }
            table.print(out());
        }
    }

    @Command(name = "delete", description = "Delete a freeze window.")
    public static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        public Delete(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            client.delete("/api/v1/freeze-windows/" + ApiClient.encode(id));
            if (!machineReadable()) {
                out().println("Deleted freeze window " + id);
            }
        }
    }

    static String scope(FreezeWindowView window) {
        return window.application() == null ? "all applications"
                : window.application() + "/" + (window.group() == null ? "*" : window.group());
    }

    static String when(FreezeWindowView window) {
        return window.weeklyFrom() != null
                ? "every " + window.weeklyFrom() + " to " + window.weeklyTo() + " " + window.timeZone()
                : window.from() + " to " + window.to();
    }
}
