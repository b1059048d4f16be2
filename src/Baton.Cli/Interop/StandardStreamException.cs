namespace Baton.Cli.Interop;

/// <summary>Reading or writing standard input, output or error failed: closed, a full disk, not open for that.</summary>
internal sealed class StandardStreamException(int descriptor, bool reading, string reason, int errno)
    : IOException($"Cannot {(reading ? "read" : "write to")} {NameOf(descriptor)}: {reason}.", errno)
{
    public int Descriptor { get; } = descriptor;

    public bool Reading { get; } = reading;

    private static string NameOf(int descriptor) => descriptor switch
    {
        0 => "standard input",
        1 => "standard output",
        2 => "standard error",
        _ => $"file descriptor {descriptor}",
    };
}
