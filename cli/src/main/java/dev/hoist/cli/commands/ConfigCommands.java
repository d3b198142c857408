package dev.hoist.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Table;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist config create|list}: deployment configs, how many hosts must stay healthy. */
@Command(name = "config", description = "Deployment configs (minimum healthy hosts).",
        subcommands = {ConfigCommands.Create.class, ConfigCommands.ListConfigs.class})
public final class ConfigCommands {

    @Command(name = "create", description = "Create a deployment config.")
    public static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "1 to 128 letters, digits, '.', '_' or '-'")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Minimum minimum;

        static final class Minimum {
            @Option(names = "--min-healthy-hosts", paramLabel = "N",
                    description = "this many hosts must stay healthy (HOST_COUNT)")
            Integer hosts;

            @Option(names = "--min-healthy-percent", paramLabel = "P",
                    description = "this percentage of the hosts, rounded up, must stay healthy (FLEET_PERCENT)")
            Integer percent;
        }

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            ObjectNode request = JSON.createObjectNode().put("name", name);
            request.putObject("minimumHealthyHosts")
                    .put("type", minimum.hosts != null ? "HOST_COUNT" : "FLEET_PERCENT")
                    .put("value", minimum.hosts != null ? minimum.hosts : minimum.percent);
            JsonNode created = client.post("/api/v1/deployment-configs", request);
            if (json()) {
                printJson(created);
                return;
            }
            out().println("Created deployment config " + name + " (" + created.path("description").asText() + ")");
        }
    }

    @Command(name = "list", description = "List deployment configs, built-ins first.")
    public static final class ListConfigs extends ApiCommand {
        public ListConfigs(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            JsonNode configs = client.get("/api/v1/deployment-configs");
            if (json()) {
                printJson(configs);
                return;
            }
            Table table = new Table("NAME", "MINIMUM HEALTHY HOSTS", "BUILT-IN");
            for (JsonNode config : configs) {
                table.row(config.path("name").asText(), config.path("description").asText(),
                        config.path("builtIn").asBoolean() ? "yes" : "no");
            }
            table.print(out());
        }
    }
}
