using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Baton.Cli.Help;

namespace Baton.Cli;

/// <summary>
/// <c>baton --version</c>: the CLI's informational version (with the commit it was built from). Ours rather than
/// System.CommandLine's <c>VersionOption</c> for the reason <see cref="HelpWithExitCodesAction.CreateOption"/> gives.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var assembly = typeof(VersionAction).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        parseResult.InvocationConfiguration.Output.WriteLine(version);
        return ExitCodes.Ok;
    }

    public static Option<bool> CreateOption() => new("--version")
    {
        Description = "Show version information",
        Arity = ArgumentArity.Zero,
        Action = new VersionAction(),
    };
}
