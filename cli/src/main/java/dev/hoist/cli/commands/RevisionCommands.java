package dev.hoist.cli.commands;

import dev.hoist.api.PruneRequest;
import dev.hoist.api.PruneResult;
import dev.hoist.api.RevisionView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.Table;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist revision list|get|prune}: pushed revisions, their bundles, and retention. */
@Command(name = "revision", description = "Pushed revisions: list them, download a bundle, prune old ones.",
        subcommands = {RevisionCommands.ListRevisions.class, RevisionCommands.Get.class,
                RevisionCommands.Prune.class})
public final class RevisionCommands {

    @Command(name = "list", description = "List an application's revisions, newest first: size, digest, who "
            + "pushed it and when, and the groups whose hosts run it.")
    public static final class ListRevisions extends ApiCommand {
        @Option(names = "--app", required = true, paramLabel = "APP")
        String application;

        @Option(names = "--limit", paramLabel = "N", description = "at most N (default 50, up to 1000)")
        Integer limit;

        public ListRevisions(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<List<RevisionView>> answer = client.getList("/api/v1/applications/"
                    + ApiClient.encode(application) + "/revisions" + (limit == null ? "" : "?limit=" + limit),
                    RevisionView.class);
            if (printedAsData(answer)) {
                return;
            }
            List<RevisionView> revisions = answer.value();
            if (revisions.isEmpty()) {
                out().println("No revisions of " + application + " yet; push one with: hoist push --app "
                        + application + " --source DIR");
                return;
            }
            Table table = new Table("REVISION", "SIZE", "SHA256", "PUSHED BY", "PUSHED", "RUNNING IN");
            for (RevisionView revision : revisions) {
                List<String> groups = revision.runningIn() == null ? List.of() : revision.runningIn();
                table.row(revision.revisionId(), Humanize.bytes(revision.sizeBytes()),
                        revision.sha256().substring(0, 12), revision.createdBy(),
                        humanize.relative(revision.createdAt()), groups.isEmpty() ? "-" : String.join(",", groups));
            }
            table.print(out());
        }
    }

    /**
     * Not an {@link ApiCommand}: its {@code --output} names the file to write (as the docs have always
     * said), not a format.
     */
    @Command(name = "get", description = "Download a revision's bundle exactly as it was pushed.")
    public static final class Get implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        ApiOptions api;

        @Parameters(paramLabel = "REVISION_ID")
        String revisionId;

        @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE",
                description = "where to write the bundle (a tar.gz); written whole or not at all")
        Path output;

        private final CliContext context;

        public Get(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            dev.hoist.cli.client.Connection connection = api.connection(context);
            Path file = output.isAbsolute() ? output : context.workingDirectory().resolve(output);
            String sha256 = new ApiClient(connection, ApiCommand.mapper())
                    .download("/api/v1/revisions/" + ApiClient.encode(revisionId) + "/bundle", file);
            context.out().println("Wrote revision " + revisionId + " to " + output + " (sha256 " + sha256 + ")");
            context.out().flush();
            return dev.hoist.cli.ExitCodes.OK;
        }
    }

    @Command(name = "prune", description = "Apply retention now: delete old revisions and the bundles nothing "
            + "names any more, keeping every revision a deployment, a rollback or a host needs.")
    public static final class Prune extends ApiCommand {
        @Option(names = "--app", paramLabel = "APP", description = "only this application (default: all, and "
                + "every bundle no revision names)")
        String application;

        @Option(names = "--dry-run", description = "print what would go and why; delete nothing")
        boolean dryRun;

        public Prune(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            Answer<PruneResult> answer = client.post("/api/v1/revisions/prune",
                    new PruneRequest(application, dryRun), PruneResult.class);
            if (printedAsData(answer)) {
                return;
            }
            PruneResult result = answer.value();
            String verb = dryRun ? "would delete" : "deleted";
            if (result.revisions().isEmpty() && result.blobs().isEmpty()) {
                out().println("Nothing to prune" + (application == null ? "" : " in " + application));
                return;
            }
            for (PruneResult.PrunedRevision revision : result.revisions()) {
                out().println(verb + " revision " + revision.revisionId() + " of " + revision.application() + ": "
                        + revision.reason());
            }
            for (PruneResult.PrunedBlob blob : result.blobs()) {
                out().println(verb + " bundle " + blob.sha256() + " (" + Humanize.bytes(blob.sizeBytes()) + "): "
                        + blob.reason());
            }
            out().println((dryRun ? "A prune would delete " : "Deleted ") + result.revisions().size()
                    + " revisions and " + result.blobs().size() + " bundles, " + Humanize.bytes(result.bytesFreed())
                    + (dryRun ? "; run without --dry-run to delete them" : ""));
        }
    }
}
