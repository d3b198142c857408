package dev.hoist.cli.commands;

import dev.hoist.api.CreateRepositoryRequest;
import dev.hoist.api.RepositoryFetchView;
import dev.hoist.api.RepositoryView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.output.Table;
import dev.hoist.cli.output.TerminalText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoist repo create|list|get|fetch|delete}: git repositories the controller hosts (cloned and pushed at
 * {@code URL/git/NAME.git} with an API token as the password) and external sources it mirrors
 * (docs/sources.md). Secrets are read from files, never from the command line.
 */
@Command(name = "repo", description = "Source repositories: hosted git repositories and external sources.",
        subcommands = {RepoCommands.Create.class, RepoCommands.ListRepositories.class, RepoCommands.Get.class,
                RepoCommands.Fetch.class, RepoCommands.Delete.class})
public final class RepoCommands {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd]?)");
    static final int MAX_SECRET_BYTES = 16 * 1024;

    private RepoCommands() {
    }

    @Command(name = "create", description = {"Create a git repository hosted by the controller, or with --remote "
            + "register an external source (https, http, git, file URL or absolute path) that the controller mirrors.",
            "Prints the clone URL; push to it with an API token (deployer) as the password."})
    public static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "lower-case letters, digits, '.', '_', '-'")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        // Not --url: that names the controller, on every command.
        @Option(names = "--remote", paramLabel = "URL", description = "register an external source fetched from URL")
        String url;

        @Option(names = "--poll", paramLabel = "DURATION",
                description = "with --remote: fetch every DURATION (30s, 5m, 1h; default 5m; 'off': webhook and fetch only)")
        String poll;

        @Option(names = "--webhook-secret-file", paramLabel = "FILE",
                description = "with --remote: the shared secret that signs webhook calls (X-Hub-Signature-256)")
        Path webhookSecretFile;

        @Option(names = "--username", paramLabel = "USER", description = "with --remote: user name for the remote")
        String username;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "with --remote: password or access token for the remote (https only)")
        Path passwordFile;

        public Create(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            if (url == null && (poll != null || webhookSecretFile != null || username != null || passwordFile != null)) {
                throw new CliFailure("--poll, --webhook-secret-file, --username and --password-file need --remote",
                        ExitCodes.USAGE);
            }
            if (username != null && passwordFile == null) {
                throw new CliFailure("--username needs --password-file", ExitCodes.USAGE);
            }
            CreateRepositoryRequest request = new CreateRepositoryRequest(name, description, url,
                    poll == null ? null : pollSeconds(poll), secret(webhookSecretFile), username, secret(passwordFile));
            Answer<RepositoryView> answer = client.post("/api/v1/repositories", request, RepositoryView.class);
            if (printedAsData(answer)) {
                return;
            }
            RepositoryView created = answer.value();
            if ("external".equals(created.kind())) {
                out().println("Registered external source " + TerminalText.safe(created.name()) + " ("
                        + TerminalText.safe(created.url()) + "); the controller is fetching it now");
                out().println("Read-only mirror: " + cloneUrl(client, created));
                if (created.webhookSecretSet()) {
                    out().println("Webhook:          " + client.url() + "/api/v1/repositories/" + created.name()
                            + "/webhook (content type application/json, signed with the secret)");
                }
            } else {
                out().println("Created repository " + TerminalText.safe(created.name()));
                out().println("Clone URL: " + cloneUrl(client, created));
                out().println("Push with an API token (deployer) as the password, e.g.: git push "
                        + cloneUrl(client, created) + " main");
            }
        }

        static Integer pollSeconds(String text) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            if (value.equals("off") || value.equals("0")) {
                return 0;
            }
            Matcher matcher = DURATION.matcher(value);
            if (!matcher.matches() || matcher.group(1).length() > 7) {
                throw new CliFailure("--poll '" + text + "' is not a duration: e.g. 30s, 5m, 1h, or off",
                        ExitCodes.USAGE);
            }
            long amount = Long.parseLong(matcher.group(1));
            long seconds = switch (matcher.group(2)) {
                case "m" -> amount * 60;
                case "h" -> amount * 3600;
                case "d" -> amount * 86400;
                default -> amount;
            };
            return (int) Math.min(seconds, Integer.MAX_VALUE);
        }

        private static String secret(Path file) {
            if (file == null) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                String value = new String(in.readNBytes(MAX_SECRET_BYTES), StandardCharsets.UTF_8);
                value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                        : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
                if (value.isEmpty()) {
                    throw new CliFailure(file + " is empty", ExitCodes.USAGE);
                }
                return value;
            } catch (IOException e) {
                throw new CliFailure("cannot read " + file + ": " + e.getMessage(), ExitCodes.USAGE);
            }
        }
    }

    @Command(name = "list", description = "List source repositories: kind, branches, clone URL.")
    public static final class ListRepositories extends ApiCommand {
        public ListRepositories(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<RepositoryView>> answer = client.getList("/api/v1/repositories", RepositoryView.class);
            if (printedAsData(answer)) {
                return;
            }
            if (answer.value().isEmpty()) {
                out().println("No repositories; create one with: hoist repo create NAME");
                return;
            }
            Table table = new Table("NAME", "KIND", "DEFAULT", "BRANCHES", "CLONE URL");
            for (RepositoryView repository : answer.value()) {
                table.row(TerminalText.safe(repository.name()), repository.kind(),
                        repository.defaultBranch() == null ? "-" : TerminalText.safe(repository.defaultBranch()),
                        repository.branches() == null ? 0 : repository.branches().size(), cloneUrl(client, repository));
            }
            table.print(out());
        }
    }

    @Command(name = "get", description = "Show a repository: its branches and the latest commits of one.")
    public static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--branch", paramLabel = "BRANCH", description = "whose commits to show (default: the "
                + "default branch)")
        String branch;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "commits to show (default 10)")
        int limit;

        public Get(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            String path = "/api/v1/repositories/" + ApiClient.encode(name) + "?limit=" + limit
                    + (branch == null ? "" : "&branch=" + ApiClient.encode(branch));
            Answer<RepositoryView> answer = client.get(path, RepositoryView.class);
            if (printedAsData(answer)) {
                return;
            }
            RepositoryView repository = answer.value();
            out().println("Name:       " + TerminalText.safe(repository.name()) + " (" + repository.kind() + ")");
            if (repository.description() != null) {
                out().println("About:      " + TerminalText.safe(repository.description()));
            }
            out().println("Clone URL:  " + cloneUrl(client, repository));
            if (repository.url() != null) {
                out().println("Fetched from: " + TerminalText.safe(repository.url()) + ", "
                        + (repository.pollSeconds() == null || repository.pollSeconds() == 0 ? "not polled"
                                : "polled every " + repository.pollSeconds() + " s")
                        + (repository.credentialsSet() ? ", with credentials" : "")
                        + (repository.webhookSecretSet() ? ", webhook set" : ""));
                out().println("Last fetch: " + (repository.lastFetchAt() == null ? "never"
                        : humanize.relative(repository.lastFetchAt()))
                        + (repository.lastFetchError() == null ? "" : ", failed: "
                                + TerminalText.safe(repository.lastFetchError())));
            }
            if (repository.branches() == null || repository.branches().isEmpty()) {
                out().println("No branches yet.");
                return;
            }
            out().println("Branches:");
            for (RepositoryView.BranchView each : repository.branches()) {
                out().println("  " + (each.name().equals(repository.defaultBranch()) ? "* " : "  ")
                        + TerminalText.safe(each.name()) + "  " + each.commit().substring(0, 12));
            }
            if (repository.commits() != null && !repository.commits().isEmpty()) {
                out().println("Latest commits on " + TerminalText.safe(repository.commitsBranch()) + ":");
                Table table = new Table("COMMIT", "AUTHOR", "WHEN", "MESSAGE");
                for (RepositoryView.CommitView commit : repository.commits()) {
                    table.row(commit.sha().substring(0, 12), TerminalText.safe(commit.author()),
                            humanize.relative(commit.time()), TerminalText.safe(commit.message()));
                }
                table.print(out());
            }
        }
    }

    @Command(name = "fetch", description = "Fetch an external source now and print the refs that moved.")
    public static final class Fetch extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        public Fetch(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<RepositoryFetchView> answer = client.post("/api/v1/repositories/" + ApiClient.encode(name)
                    + "/fetch", null, RepositoryFetchView.class);
            if (printedAsData(answer)) {
                return;
            }
            List<RepositoryFetchView.RefChange> changes = answer.value().changes();
            if (changes.isEmpty()) {
                out().println("Fetched " + TerminalText.safe(name) + ": up to date");
                return;
            }
            out().println("Fetched " + TerminalText.safe(name) + ":");
            for (RepositoryFetchView.RefChange change : changes) {
                out().println("  " + TerminalText.safe(change.ref()) + "  " + shortSha(change.oldCommit()) + " -> "
                        + shortSha(change.newCommit()));
            }
        }

        private static String shortSha(String sha) {
            return sha == null ? "(none)" : sha.substring(0, Math.min(12, sha.length()));
        }
    }

    @Command(name = "delete", description = "Delete a repository and its git directory on the controller.")
    public static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        public Delete(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            client.delete("/api/v1/repositories/" + ApiClient.encode(name));
            if (!machineReadable()) {
                out().println("Deleted repository " + TerminalText.safe(name));
            }
        }
    }

    /** The URL git clones: the controller's API URL and the repository's path. */
    static String cloneUrl(ApiClient client, RepositoryView repository) {
        String base = client.url().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + repository.gitPath();
    }
}
