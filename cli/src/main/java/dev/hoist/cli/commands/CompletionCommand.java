package dev.hoist.cli.commands;

import dev.hoist.cli.CliContext;
import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.completion.Completer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hoist completion bash|zsh|fish}: a completion script for the shell. Each script is a few lines of
 * glue that ask {@code hoist __complete} for the candidates, so commands, options and the ids the
 * controller knows all complete the same way in every shell, and a newer {@code hoist} needs no new script.
 */
@Command(name = "completion", description = "Print a shell completion script: bash, zsh or fish.",
        footer = {"", "Load it now:     source <(hoist completion bash)      (zsh: source <(hoist completion zsh))",
                "Load it always:  hoist completion bash > /etc/bash_completion.d/hoist",
                "                 hoist completion fish > ~/.config/fish/completions/hoist.fish"})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells a script exists for. */
    enum Shell { bash, zsh, fish }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish")
    Shell shell;

    private final CliContext context;

    public CompletionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.out().print(switch (shell) {
            case bash -> BASH;
            case zsh -> ZSH;
            case fish -> FISH;
        });
        context.out().flush();
        return ExitCodes.OK;
    }

    static final String BASH = """
            # bash completion for hoist. Load it with: source <(hoist completion bash)
            _hoist_complete() {
              local cur="${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n'
              local candidates
              candidates=$("${COMP_WORDS[0]}" %1$s "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
              COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
            }
            complete -o default -F _hoist_complete hoist
            """.formatted(Completer.COMMAND);

    static final String ZSH = """
            #compdef hoist
            # zsh completion for hoist. Load it with: source <(hoist completion zsh) (after compinit),
            # or install it as _hoist in a directory of $fpath.
            _hoist() {
              local -a candidates
              candidates=("${(@f)$(${words[1]} %1$s "${(@)words[2,CURRENT]}" 2>/dev/null)}")
              compadd -a candidates
            }
            # Autoloaded from $fpath, this file is the body of _hoist: complete now. Sourced: register.
            if [[ "${funcstack[1]}" == _hoist ]]; then
              _hoist "$@"
            else
              compdef _hoist hoist
            fi
            """.formatted(Completer.COMMAND);

    static final String FISH = """
            # fish completion for hoist. Load it with: hoist completion fish | source
            function __hoist_complete
                set -l words (commandline -opc) (commandline -ct)
                $words[1] %1$s $words[2..-1] 2>/dev/null
            end
            complete -c hoist -f -a '(__hoist_complete)'
            """.formatted(Completer.COMMAND);
}
