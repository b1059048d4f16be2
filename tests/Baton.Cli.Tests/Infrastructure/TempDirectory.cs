namespace Baton.Cli.Tests.Infrastructure;

/// <summary>A fresh directory under /tmp, short enough for a Unix socket path (108 bytes), removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("bt").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that is still shutting down may hold a file; /tmp is cleaned eventually anyway.
        }
    }
}
