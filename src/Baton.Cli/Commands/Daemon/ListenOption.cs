using System.CommandLine;
using System.CommandLine.Parsing;
using Baton.Protocol;

namespace Baton.Cli.Commands.Daemon;

/// <summary><c>--listen tcp://HOST:PORT</c> of <c>daemon start</c> and <c>daemon run</c>, checked here so a typo is exit 2, not a daemon that fails to start.</summary>
internal static class ListenOption
{
    public static Option<string?> Create() => new("--listen")
    {
        Description = "Also serve the API over TLS on this address (tcp://127.0.0.1:PORT); every request there needs a token. Off by default.",
        HelpName = "tcp://HOST:PORT",
        Validators = { Validate },
    };

    private static void Validate(OptionResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!ListenAddress.TryParse(text, out _, out var error))
        {
            result.AddError("Invalid --listen: " + error);
        }
    }
}
