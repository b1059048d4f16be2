namespace Baton.Cli.Interop;

/// <summary>The process's standard input, output and error: <see cref="DescriptorStream"/>s on Linux and macOS, the console's elsewhere.</summary>
internal static class StandardStreams
{
    public static Stream Input() => OperatingSystem.IsWindows() ? Console.OpenStandardInput() : new DescriptorStream(0, readable: true);

    public static Stream Output() => OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : new DescriptorStream(1, readable: false);

    public static Stream Error() => OperatingSystem.IsWindows() ? Console.OpenStandardError() : new DescriptorStream(2, readable: false);
}
