namespace Baton.Cli.Help;

/// <summary>One line of a help table before it is wrapped: what to type, and what it does.</summary>
internal readonly record struct HelpRow(string Usage, string Description);
