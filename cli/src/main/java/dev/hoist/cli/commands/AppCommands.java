package dev.hoist.cli.commands;

import dev.hoist.api.ApplicationView;
import dev.hoist.api.CreateApplicationRequest;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Table;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hoist app create|list}: applications, what revisions are pushed to. */
@Command(name = "app", description = "Applications.",
        subcommands = {AppCommands.Create.class, AppCommands.ListApps.class})
public final class AppCommands {

    @Command(name = "create", description = "Create an application.")
    public static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "1 to 128 letters, digits, '.', '_' or '-'")
        String name;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<ApplicationView> created = client.post("/api/v1/applications", new CreateApplicationRequest(name),
                    ApplicationView.class);
            if (printedAsData(created)) {
                return;
            }
            out().println("Created application " + name + "; push a revision with: hoist push --app " + name
                    + " --source DIR");
        }
    }

    @Command(name = "list", description = "List applications.")
    public static final class ListApps extends ApiCommand {
        public ListApps(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<ApplicationView>> answer = client.getList("/api/v1/applications", ApplicationView.class);
            if (printedAsData(answer)) {
                return;
            }
            List<ApplicationView> apps = answer.value();
            if (apps.isEmpty()) {
                out().println("No applications yet; create one with: hoist app create NAME");
                return;
            }
            Table table = new Table("NAME", "CREATED", "CREATED BY");
            for (ApplicationView app : apps) {
                table.row(app.name(), humanize.relative(app.createdAt()), app.createdBy());
            }
            table.print(out());
        }
    }
}
