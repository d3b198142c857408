package dev.hoist.cli.commands;

import dev.hoist.api.PruneRequest;
import dev.hoist.api.PruneResult;
import dev.hoist.api.RevisionView;
import dev.hoist.api.SignRevisionRequest;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.bundle.RevisionSigner;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.Table;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist revision list|get|sign|prune}: pushed revisions, their bundles, signatures and retention. */
@Command(name = "revision", description = "Pushed revisions: list them, download a bundle, sign one, prune old ones.",
        subcommands = {RevisionCommands.ListRevisions.class, RevisionCommands.Get.class,
                RevisionCommands.Sign.class, RevisionCommands.Prune.class})
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
            Table table = new Table("REVISION", "SIZE", "SHA256", "PUSHED BY", "PUSHED", "SIGNED BY", "RUNNING IN");
            for (RevisionView revision : revisions) {
                List<String> groups = revision.runningIn() == null ? List.of() : revision.runningIn();
                table.row(revision.revisionId(), Humanize.bytes(revision.sizeBytes()),
                        revision.sha256().substring(0, 12), revision.createdBy(),
                        humanize.relative(revision.createdAt()),
                        revision.signingKey() == null ? "-" : revision.signingKey(),
                        groups.isEmpty() ? "-" : String.join(",", groups));
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

    @Command(name = "sign", description = "Sign a pushed revision with an Ed25519 release key (the key stays "
            + "here; the controller gets the signature). Agents that trust the key's public half run only "
            + "revisions it signed.")
    public static final class Sign extends ApiCommand {
        @Parameters(paramLabel = "REVISION_ID")
        String revisionId;

        @Option(names = "--key", required = true, paramLabel = "KEY.pem",
                description = "the private key (openssl genpkey -algorithm ed25519 -out KEY.pem)")
        Path key;

        @Option(names = "--bundle", paramLabel = "FILE",
                description = "the bundle you mean to sign (e.g. from 'hoist revision get'): refused unless its "
                        + "SHA-256 is the revision's, so you sign bytes you have checked, not only the "
                        + "controller's word for them")
        Path bundle;

        public Sign(CliContext context) {
            super(context);
        }

        @Override
        protected void call(ApiClient client) {
            RevisionSigner signer = RevisionSigner.load(context.workingDirectory().resolve(key));
            RevisionView revision = client.get("/api/v1/revisions/" + ApiClient.encode(revisionId),
                    RevisionView.class).value();
            if (bundle != null) {
                String local = RevisionSigner.sha256(context.workingDirectory().resolve(bundle));
                if (!local.equals(revision.sha256())) {
                    throw new CliFailure(bundle + " has sha256 " + local + ", but revision " + revisionId
                            + " names bundle " + revision.sha256() + "; nothing was signed", ExitCodes.REFUSED);
                }
            }
            RevisionSigner.Signed signed = signer.sign(revision.application(), revision.sha256());
            Answer<RevisionView> answer = client.put("/api/v1/applications/"
                    + ApiClient.encode(revision.application()) + "/revisions/" + ApiClient.encode(revisionId)
                    + "/signature", new SignRevisionRequest(signed.signature(), signed.publicKey()),
                    RevisionView.class);
            if (printedAsData(answer)) {
                return;
            }
            out().println("Signed revision " + revisionId + " of " + revision.application() + " (sha256 "
                    + revision.sha256() + ") with key " + answer.value().signingKey());
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
