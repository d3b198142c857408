package dev.hoist.cli.commands;

import dev.hoist.api.BundleUpload;
import dev.hoist.api.RevisionView;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.bundle.RevisionSigner;
import dev.hoist.cli.bundle.SourceDirectory;
import dev.hoist.cli.client.Answer;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.CliFailure;
import dev.hoist.cli.output.Humanize;
import dev.hoist.protocol.appspec.AppSpecProblem;
import dev.hoist.protocol.appspec.BundleAppSpecCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoist push}: checks a directory's AppSpec locally (the controller's own check, so a bundle it
 * would refuse is never uploaded), packs it as tar.gz into a temporary file and streams it up.
 */
@Command(name = "push", description = "Validate a directory's AppSpec, pack it as tar.gz and upload it as a new "
        + "revision; prints the revision id.")
public final class PushCommand extends ApiCommand {
    @Option(names = "--app", required = true, paramLabel = "APP", description = "the application to push to")
    String application;

    @Option(names = "--source", required = true, paramLabel = "DIR",
            description = "the directory to push; appspec.yml at its top")
    Path source;

    @Option(names = "--description", paramLabel = "TEXT", description = "what this revision is, for people")
    String description;

    @Option(names = "--commit", paramLabel = "ID", description = "the source commit it was built from")
    String commit;

    @Option(names = "--sign-key", paramLabel = "KEY.pem",
            description = "sign the bundle with this Ed25519 private key (openssl genpkey -algorithm ed25519); "
                    + "agents that trust its public key run only revisions it signed")
    Path signKey;

    public PushCommand(CliContext context) {
        super(context);
    }

    @Override
    protected void call(ApiClient client) {
        SourceDirectory directory = SourceDirectory.scan(context.workingDirectory().resolve(source));
        BundleAppSpecCheck.Result check = directory.check();
        if (!check.ok()) {
            StringBuilder text = new StringBuilder("the AppSpec in " + directory.root() + " has "
                    + check.errors().size() + (check.errors().size() == 1 ? " problem" : " problems")
                    + "; nothing was uploaded:");
            check.errors().forEach(problem -> text.append("\n  ").append(problem));
            throw new CliFailure(text.toString(), ExitCodes.REFUSED);
        }
        // Read the key before packing, so that a wrong key costs nothing.
        RevisionSigner signer = signKey == null ? null : RevisionSigner.load(context.workingDirectory().resolve(signKey));
        Path bundle = null;
        try {
            bundle = Files.createTempFile("hoist-push-", ".tar.gz");
            directory.packTo(bundle);
            RevisionSigner.Signed signed = signer == null ? null
                    : signer.sign(application, RevisionSigner.sha256(bundle));
            Answer<RevisionView> revision = client.upload(path(signed), bundle, BundleUpload.GZIP,
                    RevisionView.class);
            print(revision, check.warnings());
        } catch (IOException e) {
            throw new CliFailure("cannot create a temporary file for the bundle: " + e.getMessage(), ExitCodes.REFUSED);
        } finally {
            deleteQuietly(bundle);
        }
    }

    private String path(RevisionSigner.Signed signed) {
        List<String> query = new ArrayList<>();
        if (signed != null) {
            query.add("signature=" + ApiClient.encode(signed.signature()));
            query.add("publicKey=" + ApiClient.encode(signed.publicKey()));
        }
        if (description != null) {
            query.add("description=" + ApiClient.encode(description));
        }
        if (commit != null) {
            query.add("commit=" + ApiClient.encode(commit));
        }
        return "/api/v1/applications/" + ApiClient.encode(application) + "/revisions"
                + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    private void print(Answer<RevisionView> answer, List<AppSpecProblem> localWarnings) {
        if (printedAsData(answer)) {
            return;
        }
        RevisionView revision = answer.value();
        out().println(revision.revisionId());
        context.err().println("Pushed " + application + " revision " + revision.revisionId() + " ("
                + Humanize.bytes(revision.sizeBytes()) + ", sha256 " + revision.sha256() + ")"
                + (Boolean.TRUE.equals(revision.bundleReused())
                        ? "; the same bundle was pushed before and is stored once" : "")
                + (revision.signingKey() == null ? "" : "; signed by " + revision.signingKey()));
        List<String> warnings = new ArrayList<>();
        if (revision.warnings() != null) {
            warnings.addAll(revision.warnings());
        }
        if (warnings.isEmpty()) {
            localWarnings.forEach(warning -> warnings.add(warning.toString()));
        }
        warnings.forEach(warning -> context.err().println("warning: " + warning));
        context.err().flush();
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is not worth failing a finished push for
        }
    }
}
