using System.CommandLine;
using System.CommandLine.Parsing;
using Baton.Cli.Input;

namespace Baton.Cli.Commands;

/// <summary>Options several commands share, built fresh for each command that uses them.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json(string what) => new("--json")
    {
        Description = $"Print {what} as one JSON object on standard output; human text goes to standard error.",
    };

    public static Option<TimeSpan?> Timeout(string description) => new("--timeout")
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = ParseDuration,
    };

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DurationParser.TryParse(token, out var duration))
        {
            return duration;
        }

        result.AddError($"Invalid --timeout value '{token}': use {DurationParser.AcceptedForms}.");
        return null;
    }
}
