package dev.hoist.cli.commands;

import dev.hoist.api.CreateDeploymentConfigRequest;
import dev.hoist.api.DeploymentConfigView;
import dev.hoist.api.MinimumHealthyHostsBody;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Table;
import java.util.List;
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
            MinimumHealthyHostsBody minimumHealthy = minimum.hosts != null
                    ? new MinimumHealthyHostsBody("HOST_COUNT", minimum.hosts)
                    : new MinimumHealthyHostsBody("FLEET_PERCENT", minimum.percent);
            Answer<DeploymentConfigView> created = client.post("/api/v1/deployment-configs",
                    new CreateDeploymentConfigRequest(name, minimumHealthy), DeploymentConfigView.class);
            if (printedAsData(created)) {
                return;
            }
            out().println("Created deployment config " + name + " (" + created.value().description() + ")");
        }
    }

    @Command(name = "list", description = "List deployment configs, built-ins first.")
    public static final class ListConfigs extends ApiCommand {
        public ListConfigs(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<DeploymentConfigView>> configs = client.getList("/api/v1/deployment-configs",
                    DeploymentConfigView.class);
            if (printedAsData(configs)) {
                return;
            }
            Table table = new Table("NAME", "MINIMUM HEALTHY HOSTS", "BUILT-IN");
            for (DeploymentConfigView config : configs.value()) {
                table.row(config.name(), config.description(), config.builtIn() ? "yes" : "no");
            }
            table.print(out());
        }
    }
}
